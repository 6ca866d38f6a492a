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
  readonly open: (node: Node, site: Node) => (s: never) => unknown
  /** In a stateless decoder: where other grammars' stateless decoders come from (compile.ts). */
  readonly stateless?: StatelessCalls | undefined
  /** Sites of `dependentOpen` whose grammar is being decoded in line here (so as not to do it again inside it). */
  readonly inlined?: ReadonlySet<Node> | undefined
  /** A struct being inlined, and where its fields go. */
  readonly collect?: { readonly node: StructNode; readonly entries: Entry[] } | undefined
  /** The innermost struct that keeps its fields by name, if any (see emit-scope.ts). */
  readonly frame?: StaticFrame | undefined
  /** How many branches (cases, alternatives, loop bodies) deep the code is: names bound deeper are not bound on every path. */
  readonly branch?: number | undefined
  /** One token per branch the code is in, outermost first: a name bound on this path is bound for code deeper on it. */
  readonly path?: readonly object[] | undefined
  /** Inside an inline field of such a struct: the local that says whether the interpreter's `joinScope` would still be set. */
  readonly leak?: string | undefined
  /** A struct that an inline field reaches and that shares its parent's names. */
  readonly join?: StructNode | undefined
  /** Decoded where the interpreter uses a filler (fill.ts), which binds no `dependent` head. */
  readonly filler?: boolean | undefined
}

/** A stateless decoder (compile.ts): `(bytes, start, end)` to a value, FAIL or THREW. */
export type StatelessFn = (bytes: Uint8Array, start: number, end: number) => unknown

/** How a stateless decoder calls other stateless decoders instead of generating their code in line or calling out with a state. */
export interface StatelessCalls {
  /** The stateless decoder of a grammar that `dependentOpen`'s otherwise gave, when it has one (from its second sighting). */
  readonly open: (node: Node) => StatelessFn | undefined
  /** The stateless decoder of a grammar known while generating (an alternative of `oneOf`), if one can be made. */
  readonly of: (node: Node) => StatelessFn | undefined
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
  /** The local holding the `Vars` object, made when first needed. */
  readonly vars: string
  /** The local of the outermost struct's interpreter frame: undefined until code calls out. */
  readonly root: string
  /** Names bound on every path to the code being generated, held in `vars`. */
  readonly sure: Set<string>
  /**
   * Names bound once, on every path, held in a local until code calls out
   * (then in `vars` too): most fields are read only by the code here, so
   * the object is written only when a callee may look.
   */
  readonly deferred: Map<string, string>
  /** How many places in the struct (and the structs inlined into it) may bind each name. */
  readonly sites: ReadonlyMap<string, number>
  /** Whether code that makes the frames has been generated yet. */
  called: boolean
  /** Names bound on a branch, by the branch's token: bound for code deeper on that branch. */
  readonly onPath: Map<string, object>
  /**
   * Names bound once, but on a branch (in a loop, a case): held in a local
   * declared with the struct (the MISSING sentinel until bound), and in
   * `vars` once the frames are made.
   */
  readonly hoisted: Map<string, string>
  /** Lines left for the declarations of the hoisted locals and for copying them into `vars` where the frames are made. */
  readonly declareAt: number
  readonly flushAt: number[]
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


/** The context for code that may run zero or several times, or on one path of several. */
export function deeper(ctx: DecodeCtx): DecodeCtx {
  return { ...ctx, branch: (ctx.branch ?? 0) + 1, path: [...(ctx.path ?? []), {}] }
}
