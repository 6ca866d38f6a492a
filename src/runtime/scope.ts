// The fields that later fields may refer to by name, while a struct is
// decoded or encoded: one frame per struct, innermost first.
// The runtime comes before the grammar layer: nodes and expressions are
// held here opaquely and read by the interpreters that put them in.

/** A checksum field read in a struct, checked when the struct ends. @internal */
export interface PendingChecksum {
  /** The field's key in its struct, once the struct knows it. */
  name: string
  /** Where the stored checksum starts (moved when its region is, on encode). */
  offset: number
  /** Its size in bytes. */
  readonly size: number
  /** The stored value (decode only). */
  readonly stored: number
  /** The covered region, once its struct has ended (encode only). */
  start?: number
  /** End of the covered region (encode only). */
  end?: number
  /** The checksum field's node (a `ChecksumFieldNode`). */
  readonly node: unknown
  /**
   * The frame its names are looked up in, when an inner struct handed it
   * to an enclosing one to compute later (encode only: an `EncodeFrame`).
   */
  scope?: unknown
}

/** One struct's fields while it is decoded. @internal */
export interface DecodeFrame {
  /** Field values by name (shared with the parent for an inlined struct). */
  readonly vars: Record<string, unknown>
  /** The enclosing struct's frame. */
  readonly parent: DecodeFrame | undefined
  /** Where the struct starts: checksum fields cover from here. */
  readonly start: number
  /** Checksum fields waiting for the struct's end. */
  checks: PendingChecksum[] | undefined
}

/** `expr` must equal `target`: what encoding a reference says. @internal */
export interface Equation {
  /** The expression (an `Expr`: a size, count, presence or case). */
  readonly expr: unknown
  /** The value it must have. */
  readonly target: number | boolean
}

/** A derived field's place, written once its value is solved. @internal */
export interface DeferredField {
  /** The field's key, for error paths. */
  readonly key: string
  /** Where its bytes go. */
  readonly offset: number
  /** How many bytes it takes. */
  readonly size: number
  /** The value to write, from the solved names. */
  readonly value: () => unknown
  /** Its encoder. */
  readonly encode: (s: never, value: unknown) => void
}

/** One struct's fields while it is encoded. @internal */
export interface EncodeFrame {
  /** Field values by name: the value's own, then the solved derived ones. */
  readonly vars: Record<string, unknown>
  /** The enclosing struct's frame. */
  readonly parent: EncodeFrame | undefined
  /** Where the struct starts. */
  readonly start: number
  /** Derived fields of this frame not solved yet. */
  readonly unknowns: Set<string>
  /** What references said, to solve for the unknowns and then check. */
  readonly equations: Equation[]
  /** Derived fields to write once solved. */
  readonly deferred: DeferredField[]
  /** Checksum fields to compute once the derived fields are written. */
  readonly checks: PendingChecksum[]
}

/** Looks a name up from the innermost frame outwards. @internal */
export function lookupIn(frame: { readonly vars: Record<string, unknown>; readonly parent: unknown } | undefined, name: string, missing: unknown): unknown {
  for (let f = frame; f !== undefined; f = f.parent as typeof frame) {
    if (name in f.vars) return f.vars[name]
  }
  return missing
}
