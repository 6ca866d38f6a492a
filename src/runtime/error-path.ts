import type { PathSegment } from './errors.js'

/**
 * Prepends a path segment to the recorded error while a failure unwinds.
 * Paths are built only on the failure path, so success costs nothing.
 * @internal
 */
export function prependPath(state: { error: { path: readonly PathSegment[] } | undefined }, segment: PathSegment): void {
  const error = state.error
  if (error !== undefined) (error.path as PathSegment[]).unshift(segment)
}
