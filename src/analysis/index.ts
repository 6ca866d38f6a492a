/**
 * The one analysis of grammar nodes: size bounds, value kinds, leading
 * bytes. Computed once per node and memoised; every interpreter reads it.
 * @internal
 */
export { analysisOf, sizeBoundsNow, type NodeAnalysis } from './analysis.js'
export { sizeBounds, fixedSize, largestValue, type SizeBounds } from './size-bounds.js'
export { firstBytes, startPatterns, startMatcher, type StartPattern } from './start.js'
export { candidatesByFirstByte } from './dispatch.js'
export { ANY_BYTE, hasByte, type ByteSet } from './byte-set.js'
export type { Lead } from './lead.js'
export type { ValueKind } from './value-kind.js'
export type { NumericDomain } from './numeric-domain.js'
