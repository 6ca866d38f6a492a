import type { Node } from './node.js'

// One entry per node kind; `satisfies` makes a kind missing here, or one
// that is not a node kind, a compile error.
const TAGS = {
  int: true,
  bigint: true,
  float: true,
  uleb128: true,
  bytes: true,
  utf8: true,
  text: true,
  terminated: true,
  padded: true,
  untilLast: true,
  constant: true,
  marker: true,
  bits: true,
  struct: true,
  inline: true,
  enum: true,
  range: true,
  refine: true,
  map: true,
  array: true,
  many: true,
  repeatUntil: true,
  lazy: true,
  sized: true,
  dependent: true,
  checksum: true,
  named: true,
  oneOf: true,
  custom: true,
  derived: true,
  expr: true,
  checksumField: true,
} as const satisfies Record<Node['tag'], true>

/** True for the tag of a node kind oxwire knows. */
export function isNodeTag(tag: unknown): tag is Node['tag'] {
  return typeof tag === 'string' && Object.hasOwn(TAGS, tag)
}
