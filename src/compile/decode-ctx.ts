// What generated decode code knows where it stands, shared by the
// emitters of decode code (emit-decode.ts, emit-scope.ts).
import type { ChecksumFieldNode, Node, StructNode } from '../grammar/node.js'
import { str, type Emitter } from './emitter.js'

/**
 * Where generated decode code stands: the local that holds the current
 * region's end, the statement that gives up, whether a marker is being read
 * (a failure there uncommits), and how many sized regions deep the code is
 * relative to the compiled function's entry.
 */
export interface DecodeCtx {
  readonly limit: string
  readonly fail: string
  readonly marker: boolean
  readonly regions: number
  /** The decoder to use for a grammar known only at run time (`dependentOpen`'s otherwise). */
  readonly open: (node: Node) => (s: never) => unknown
  /** A struct being inlined, and where its fields go. */
  readonly collect?: { readonly node: StructNode; readonly entries: Entry[] } | undefined
  /** The innermost struct that keeps its fields by name, if any (see emit-scope.ts). */
  readonly frame?: StaticFrame | undefined
  /** How many branches (cases, alternatives, loop bodies) deep the code is: names bound deeper are not bound on every path. */
  readonly branch?: number | undefined
  /** Inside an inline field of such a struct: the local that says whether the interpreter's `joinScope` would still be set. */
  readonly leak?: string | undefined
  /** A struct that an inline field reaches and that shares its parent's names. */
  readonly join?: StructNode | undefined
  /** Decoded where the interpreter uses a filler (fill.ts), which binds no `dependent` head. */
  readonly filler?: boolean | undefined
}

/** Emits decode code for a node and returns an expression naming its value (emit-decode.ts). */
export type EmitDecode = (e: Emitter, node: Node, ctx: DecodeCtx) => string

/** A property of a struct's value being built: a field, or an inline object merged in. */
export type Entry = { readonly key: string; readonly value: string } | { readonly spread: string; readonly fresh: boolean }

/** Builds the object a struct decodes to from its entries, in order. */
export function objectFrom(e: Emitter, entries: Entry[]): string {
  const only = entries[0]
  if (entries.length === 1 && only !== undefined && 'spread' in only && only.fresh) return only.spread
  // Fields before the first merge go in one literal (a fixed shape); the
  // rest are set in order, as the interpreter does.
  const v = e.fresh('o')
  const firstSpread = entries.findIndex((x) => 'spread' in x)
  const head = firstSpread === -1 ? entries : entries.slice(0, firstSpread)
  e.line(`const ${v} = { ${head.map((x) => ('key' in x ? `${str(x.key)}: ${x.value}` : '')).join(', ')} };`)
  if (firstSpread !== -1) {
    for (const x of entries.slice(firstSpread)) {
      if ('spread' in x) e.line(`Object.assign(${v}, ${x.spread});`)
      else e.line(`${v}[${str(x.key)}] = ${x.value};`)
    }
  }
  return v
}


/** What is known, while generating, about one struct's names (shared by a struct and the structs inlined into it). */
export interface Names {
  /** The local holding the `Vars` object. */
  readonly vars: string
  /** Names bound on every path to the code being generated. */
  readonly sure: Set<string>
}

/** A checksum field of a struct, verified when the struct ends. */
export interface Check {
  readonly node: ChecksumFieldNode
  /** Locals: where the stored value starts, and the value. */
  readonly offset: string
  readonly stored: string
  readonly size: number
}

/** One struct being decoded by generated code: its names, where it starts, and its interpreter frame once made. */
export interface StaticFrame {
  readonly names: Names
  /** The local holding the struct's start offset (checksum fields cover from it). */
  readonly start: string
  /** The local holding the struct's interpreter frame, made on first call-out. */
  readonly frame: string
  readonly parent: StaticFrame | undefined
  /** The branch depth at which the struct's own fields are decoded. */
  readonly branch: number
  readonly checks: Check[]
  /** Whether code called out while this was the innermost struct (the callee may have left checksum fields in its frame). */
  calledOut: boolean
}

