// Generated decode code for references between fields: structs that keep
// their fields by name, expressions over them, derived and computed fields
// and checksum fields over their own struct.
//
// The interpreter keeps one frame of names per struct (`DecodeFrame`,
// runtime/scope.ts) and looks names up from the innermost frame out. The
// generated code keeps the same names in one `Vars` object per struct and
// reads the ones it knows to be bound straight from it; a name that may or
// may not be bound at a point is looked up as the interpreter would (`in`,
// then the enclosing struct's, then the caller's frames). Frames for the
// interpreter are made only where generated code calls out (an interpreter
// closure, a grammar `dependentOpen`'s otherwise makes, a custom codec, a
// checksum context), holding the same `Vars` objects, so that whatever the
// callee binds is seen afterwards.
import type { Expr } from '../grammar/expression.js'
import type { Node, StructNode } from '../grammar/node.js'
import { producesNoValue } from '../analysis/void-value.js'
import { usesScope } from '../interpret/references.js'
import { childrenOf } from '../analysis/scope.js'
import { memoisedPredicate } from '../analysis/node-predicate.js'
import { sizeBounds } from '../analysis/index.js'
import { bool, comment, lit, str, UnsafeLiteral, type Emitter } from './emitter.js'
import { FAIL } from './runtime.js'
import { contextChecksum, lookupFrames, MISSING_NAME, refValue, Vars, zeroedChecksum } from './scope-runtime.js'
import { objectFrom, type Check, type DecodeCtx, type EmitDecode, type Entry, type Names, type StaticFrame } from './decode-ctx.js'

/**
 * Emits the struct at `ctx.join` (an inlined struct sharing its parent's
 * names) or a struct of its own; returns its value, or `undefined` when
 * its fields go into `ctx.collect`.
 */
export function emitScopedStruct(e: Emitter, node: StructNode, ctx: DecodeCtx, emitDecode: EmitDecode): string {
  const joined = ctx.join === node && ctx.frame !== undefined
  const collecting = ctx.collect !== undefined && ctx.collect.node === node
  const parent = ctx.frame
  let names: Names
  const f = e.fresh('F')
  if (joined) {
    names = (parent as StaticFrame).names
    // The interpreter's inlined struct takes the flag that made it join.
    if (ctx.leak !== undefined) e.line(`${ctx.leak} = false;`)
  } else {
    const vars = e.fresh('V')
    e.line(`let ${vars};`)
    const declareAt = e.placeholder()
    names = { vars, root: f, sure: new Set(), deferred: new Map(), sites: bindingSites(node), called: false, onPath: new Map(), hoisted: new Map(), declareAt, flushAt: [] }
  }
  const frame: StaticFrame = { names, start: e.fresh('st'), frame: f, parent, branch: ctx.branch ?? 0, checks: [], calledOut: false }
  e.line(`const ${frame.start} = pos; let ${frame.frame};`)
  const inner: DecodeCtx = { ...ctx, frame, collect: undefined, join: undefined, leak: undefined, filler: false }
  const entries: Entry[] = collecting ? (ctx.collect?.entries as Entry[]) : []
  for (const [key, grammar] of node.fields) {
    const child = grammar.node
    e.line(comment(`field ${key}`))
    if (child.tag === 'inline') {
      emitInlineField(e, child.inner.node, inner, entries, emitDecode)
      continue
    }
    if (child.tag === 'checksumField') {
      const offset = e.fresh('off')
      e.line(`const ${offset} = pos;`)
      const stored = emitDecode(e, child.field.node, inner)
      frame.checks.push({ node: child, offset, stored, size: sizeBounds(child.field).max })
      const value = child.policy === 'verify' ? 'undefined' : stored
      if (value !== 'undefined') entries.push({ key, value })
      bind(e, inner, key, value)
      continue
    }
    const v = emitDecode(e, child, inner)
    if (!producesNoValue(child)) entries.push({ key, value: v })
    bind(e, inner, key, v)
  }
  if (!joined) {
    // The hoisted locals, and their copies into the frame wherever it is made.
    const hoisted = [...names.hoisted]
    const missing = e.constant(MISSING_NAME)
    if (hoisted.length > 0) e.fill(names.declareAt, `let ${hoisted.map(([, h]) => `${h} = ${missing}`).join(', ')};`)
    const copy = hoisted.map(([name, h]) => `if (${h} !== ${missing}) ${names.vars}[${str(name)}] = ${h};`).join(' ')
    for (const at of names.flushAt) e.fill(at, copy)
  }
  const fail = `${ctx.fail};`
  // A checksum field an interpreted callee read into this struct's frame: the interpreter verifies it.
  if (frame.calledOut) e.line(`if (${frame.frame} !== undefined && ${frame.frame}.checks !== undefined) ${fail}`)
  for (const check of frame.checks) emitCheck(e, check, inner, fail)
  return collecting ? 'undefined' : objectFrom(e, entries)
}

// An inline field: a struct reached through wrappers that do not read
// names shares the names (the interpreter's `joinScope`); anything else
// runs with the flag set until an interpreted callee takes it.
function emitInlineField(e: Emitter, inner: Node, ctx: DecodeCtx, entries: Entry[], emitDecode: EmitDecode): void {
  const leak = e.fresh('J')
  e.line(`let ${leak} = true;`)
  const target = joinTarget(inner)
  const flat = flattenTarget(inner)
  const innerCtx: DecodeCtx = { ...ctx, leak, join: target !== undefined && usesScope(target) ? target : undefined }
  if (flat !== undefined) {
    emitDecode(e, inner, { ...innerCtx, collect: { node: flat, entries } })
    return
  }
  const v = emitDecode(e, inner, innerCtx)
  entries.push({ spread: v, fresh: false })
}

/** The struct an inline field's value comes straight from (as the non-scoped emitter flattens them). */
function flattenTarget(node: Node): StructNode | undefined {
  switch (node.tag) {
    case 'struct':
      return node.fields.some(([key]) => key === '__proto__') ? undefined : node
    case 'sized':
    case 'checksum':
    case 'marker':
    case 'named':
    case 'inline':
      return flattenTarget(node.inner.node)
    default:
      return undefined
  }
}

/**
 * The struct that the interpreter's `joinScope` reaches from an inline
 * field when nothing before it can take the flag: through names, markers,
 * inlines, checksums (covering it) and regions whose length is fixed, an
 * expression or an integer, and `tagged`.
 */
function joinTarget(node: Node): StructNode | undefined {
  switch (node.tag) {
    case 'struct':
      return node
    case 'sized':
      if (typeof node.length !== 'number' && node.length.node.tag !== 'expr' && node.length.node.tag !== 'int') return undefined
      return joinTarget(node.inner.node)
    case 'map':
      return node.discriminant === undefined ? undefined : joinTarget(node.inner.node)
    case 'checksum':
    case 'marker':
    case 'named':
    case 'inline':
      return joinTarget(node.inner.node)
    default:
      return undefined
  }
}

/**
 * Whether generated code decodes this struct exactly as the interpreter
 * would (else the interpreter decodes it): checksum fields stand directly
 * in structs, and an inline field either reaches a struct that joins its
 * names or holds no struct with names of its own (whose joining would
 * depend on what ran before).
 */
export const scopedStructSupported: (node: StructNode) => boolean = memoisedPredicate(computeSupported)

function computeSupported(node: StructNode): boolean {
  if (node.fields.some(([key]) => key === '__proto__')) return false
  for (const [, g] of node.fields) {
    const child = g.node
    if (child.tag === 'checksumField') {
      if (!checksumFree(child.field.node)) return false
      continue
    }
    if (child.tag === 'inline') {
      const target = joinTarget(child.inner.node)
      const joins = target !== undefined && usesScope(target)
      if (!joins && holdsScopedStruct(child.inner.node)) return false
      if (!nestedSupported(child.inner.node)) return false
      continue
    }
    if (!nestedSupported(child)) return false
  }
  return true
}

// Below a field: checksum fields only directly in structs, and every scoped struct supported.
function nestedSupported(node: Node): boolean {
  // Without references, derived or checksum fields, nothing below reads or makes names.
  if (!usesScope(node)) return true
  if (node.tag === 'checksumField') return false
  if (node.tag === 'struct') return scopedStructSupported(node)
  return childrenOf(node).every((child) => nestedSupported(child.node))
}

function checksumFree(node: Node): boolean {
  return !usesScope(node) || (node.tag !== 'checksumField' && childrenOf(node).every((child) => checksumFree(child.node)))
}

function holdsScopedStruct(node: Node): boolean {
  if (!usesScope(node)) return false
  if (node.tag === 'struct') return true
  return childrenOf(node).some((child) => holdsScopedStruct(child.node))
}

/**
 * Whether decoding `node` may bind names in the enclosing struct's frame
 * (bit fields, heads of `dependent`) or call out (which may bind anything):
 * `oneOf` then tries its alternatives in order, as the interpreter does,
 * since an alternative that fails still leaves its names behind.
 */
export const mayBind: (node: Node) => boolean = memoisedPredicate(computeMayBind)

function computeMayBind(node: Node): boolean {
  switch (node.tag) {
    case 'bits':
      return node.fields.some(([, f]) => f.kind !== 'constant')
    case 'dependent':
    case 'custom':
    // Its grammar, and what it binds, are its function's to give.
    case 'lazy':
      return true
    case 'struct':
      if (usesScope(node)) return false
      break
    default:
      break
  }
  return childrenOf(node).some((child) => mayBind(child.node))
}

/** Binds a name in the innermost struct's frame: that struct's `Vars`, or the caller's frame at the top. */
export function bind(e: Emitter, ctx: DecodeCtx, name: string, value: string): void {
  const frame = ctx.frame
  if (frame === undefined) {
    e.line(`if (S0 !== undefined) S0.vars[${str(name)}] = ${value};`)
    return
  }
  const names = frame.names
  const top = (ctx.branch ?? 0) === frame.branch
  if (top && names.sites.get(name) === 1) {
    // Bound here only: a local, and the frame too once the frames are made.
    names.deferred.set(name, value)
    if (names.called) e.line(`if (${names.root} !== undefined) ${names.vars}[${str(name)}] = ${value};`)
    return
  }
  if (names.sites.get(name) === 1) {
    // Bound here only, on a branch: a local declared with the struct.
    let h = names.hoisted.get(name)
    if (h === undefined) names.hoisted.set(name, (h = e.fresh('H')))
    e.line(`${h} = ${value}; if (${names.root} !== undefined) ${names.vars}[${str(name)}] = ${value};`)
    names.onPath.set(name, (ctx.path as readonly object[])[(ctx.path as readonly object[]).length - 1] as object)
    return
  }
  e.line(`(${names.vars} ??= new ${e.constant(Vars)}())[${str(name)}] = ${value};`)
  if (top) names.sure.add(name)
  else names.onPath.set(name, (ctx.path as readonly object[])[(ctx.path as readonly object[]).length - 1] as object)
}

/**
 * How many places in a struct, the structs inlined into it, and what its
 * fields hold short of structs with names of their own, may bind each
 * name: fields, bit fields, heads of `dependent` (counted wherever they
 * stand, a bound that is never below the truth).
 */
function bindingSites(node: StructNode): Map<string, number> {
  const sites = new Map<string, number>()
  const add = (name: string) => sites.set(name, (sites.get(name) ?? 0) + 1)
  const visit = (n: Node, root: boolean): void => {
    if (n.tag === 'struct' && !root && usesScope(n)) {
      // A struct of its own, unless an inline field reaches it (then it shares these names).
      return
    }
    if (n.tag === 'struct') for (const [key, g] of n.fields) {
      if (g.node.tag === 'inline') {
        const target = joinTarget(g.node.inner.node)
        visitInline(g.node.inner.node, target !== undefined && usesScope(target) ? target : undefined)
      } else {
        add(key)
        visit(g.node, false)
      }
    }
    else {
      if (n.tag === 'bits') for (const [name, f] of n.fields) if (f.kind !== 'constant') add(name)
      if (n.tag === 'dependent') add(n.headName)
      for (const child of childrenOf(n)) visit(child.node, false)
    }
  }
  const visitInline = (n: Node, target: StructNode | undefined): void => {
    if (n === target) return visit(n, true)
    if (n.tag === 'bits') for (const [name, f] of n.fields) if (f.kind !== 'constant') add(name)
    if (n.tag === 'dependent') add(n.headName)
    if (n.tag === 'struct' && usesScope(n)) return
    if (n.tag === 'struct') return visit(n, true)
    for (const child of childrenOf(n)) visitInline(child.node, target)
  }
  visit(node, true)
  return sites
}

/** An expression for the value of `name` as the interpreter's lookup finds it (MISSING when unbound). */
function resolve(e: Emitter, ctx: DecodeCtx, name: string): string {
  const chain: StaticFrame[] = []
  for (let f = ctx.frame; f !== undefined; f = f.parent) if (!chain.some((g) => g.names === f.names)) chain.push(f)
  let code = `${e.constant(lookupFrames)}(S0, ${str(name)})`
  for (const f of chain.reverse()) {
    const { vars, root, deferred, sure, sites, onPath } = f.names
    const at = `${vars}[${str(name)}]`
    const local = deferred.get(name)
    const token = onPath.get(name)
    const onThisPath = token !== undefined && ctx.path?.includes(token) === true
    const h = f.names.hoisted.get(name)
    // A name bound once is in its local until the frames are made, then in the frame (where a callee may have changed it).
    if (local !== undefined) code = `(${root} === undefined ? ${local} : ${at})`
    else if (h !== undefined) {
      const missing = e.constant(MISSING_NAME)
      code = onThisPath ? `(${root} === undefined ? ${h} : ${at})` : `(${root} === undefined ? (${h} !== ${missing} ? ${h} : ${code}) : (${str(name)} in ${vars} ? ${at} : ${code}))`
    } else if (sure.has(name) || onThisPath) code = at
    // Not bound anywhere in the struct: only a callee could have, once the frames are made.
    else if (!sites.has(name)) code = `(${root} !== undefined && ${str(name)} in ${vars} ? ${at} : ${code})`
    else code = `(${vars} !== undefined && ${str(name)} in ${vars} ? ${at} : ${code})`
  }
  return code
}

/** Makes the interpreter frames of the structs around `frame` (once each) and returns the innermost. */
export function materialize(e: Emitter, frame: StaticFrame): string {
  const chain: StaticFrame[] = []
  for (let f: StaticFrame | undefined = frame; f !== undefined; f = f.parent) chain.unshift(f)
  let parent = 'S0'
  for (const f of chain) {
    const { vars, root, deferred } = f.names
    if (f.frame !== root) e.line(`if (${f.frame} === undefined) ${f.frame} = { vars: ${vars}, parent: ${parent}, start: ${f.start}, checks: undefined };`)
    else {
      // The names held in locals so far go into the frame with it.
      const flush = [...deferred].map(([name, local]) => `${vars}[${str(name)}] = ${local};`).join(' ')
      e.line(`if (${root} === undefined) { ${vars} ??= new ${e.constant(Vars)}(); ${root} = { vars: ${vars}, parent: ${parent}, start: ${f.start}, checks: undefined }; ${flush}`)
      // The names held in hoisted locals, known when the struct ends.
      f.names.flushAt.push(e.placeholder())
      e.line('}')
    }
    f.names.called = true
    parent = f.frame
  }
  return frame.frame
}

const ARITHMETIC: Readonly<Record<string, string>> = { add: '+', sub: '-', mul: '*', lt: '<', le: '<=', gt: '>', ge: '>=' }

/**
 * Emits the evaluation of an expression and returns a literal or a local
 * holding its value (a number or a boolean); any failure of the
 * interpreter's `evaluate` (an unbound name, a value that is not a number,
 * an inexact division) runs `fail`.
 */
export function emitExpr(e: Emitter, expr: Expr, ctx: DecodeCtx, fail: string): string {
  switch (expr.op) {
    case 'ref': {
      const v = e.fresh('x')
      e.line(`let ${v} = ${resolve(e, ctx, expr.name)};`)
      e.line(`if (typeof ${v} !== 'number' && typeof ${v} !== 'boolean' && (${v} = ${e.constant(refValue)}(${v})) === ${e.constant(FAIL)}) ${fail}`)
      return v
    }
    case 'literal':
      return typeof expr.value === 'boolean' ? bool(expr.value) : `(${lit(expr.value)})`
    case 'not': {
      const a = emitExpr(e, expr.operand, ctx, fail)
      const v = e.fresh('x')
      e.line(`const ${v} = !${a};`)
      return v
    }
    case 'and':
    case 'or':
    case 'eq':
    case 'ne':
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'mod':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      // Both sides first, as the interpreter evaluates them (a failure on either fails).
      const a = emitExpr(e, expr.left, ctx, fail)
      const b = emitExpr(e, expr.right, ctx, fail)
      // Results of arithmetic are numbers (`xn…`), of the rest anything.
      const numericResult = expr.op === 'add' || expr.op === 'sub' || expr.op === 'mul' || expr.op === 'div' || expr.op === 'mod'
      const v = e.fresh(numericResult ? 'xn' : 'x')
      if (expr.op === 'and' || expr.op === 'or') e.line(`const ${v} = !!${a} ${expr.op === 'and' ? '&&' : '||'} !!${b};`)
      else if (expr.op === 'eq' || expr.op === 'ne') e.line(`const ${v} = ${a} ${expr.op === 'eq' ? '===' : '!=='} ${b};`)
      else {
        const numeric = [a, b].filter((x) => !x.startsWith('(') && !x.startsWith('xn')).map((x) => `typeof ${x} !== 'number'`)
        if (numeric.length > 0) e.line(`if (${numeric.join(' || ')}) ${fail}`)
        if (expr.op === 'div') e.line(`if (${b} === 0 || !Number.isInteger(${a} / ${b})) ${fail} const ${v} = ${a} / ${b};`)
        // Floor modulo (the divisor's sign), + 0 for no −0: as the interpreter's `mod`.
        else if (expr.op === 'mod') e.line(`if (${b} === 0) ${fail} const ${v} = ((${a} % ${b}) + ${b}) % ${b} + 0;`)
        else e.line(`const ${v} = ${a} ${ARITHMETIC[expr.op]} ${b};`)
      }
      return v
    }
    default:
      // A hand-made operator the interpreter has no rule for: leave the grammar to it.
      throw new UnsafeLiteral(`unknown operator ${String((expr as { op: unknown }).op)}`)
  }
}

// Verifies a checksum field when its struct ends, as the interpreter's
// closeFrame does: over the struct's bytes with the field zeroed, after
// the context bytes when there is a context.
function emitCheck(e: Emitter, check: Check, ctx: DecodeCtx, fail: string): void {
  const { node } = check
  if (node.policy === 'ignore') return
  const frame = ctx.frame as StaticFrame
  const c = e.fresh('sum')
  const failed = e.constant(FAIL)
  if (node.context === undefined) {
    e.line(`const ${c} = ${e.constant(zeroedChecksum)}(${e.constant(node.algorithm)}, bytes, ${frame.start}, pos, ${check.offset}, ${lit(check.size)}); if (${c} === ${failed}) ${fail}`)
    if (node.policy === 'verify') e.line(`if (${c} !== ${check.stored}) ${fail}`)
    return
  }
  const f = materialize(e, frame)
  e.line(`const ${c} = ${e.constant(contextChecksum)}(${e.constant(node)}, ${f}, bytes, ${frame.start}, pos, ${check.offset}, ${lit(check.size)}); if (${c} === ${failed}) ${fail}`)
  if (node.policy === 'verify') e.line(`if (${c} !== undefined && ${c} !== ${check.stored}) ${fail}`)
}

/**
 * Whether a compiled function for `node` must leave to the interpreter when
 * the caller asked for checksum reports or a policy for every checksum, or
 * for a struct that shares its names (`joinScope`): its own structs with
 * names do not do those. Grammars called out for (`dependentOpen`'s) see
 * the same state and do them themselves.
 */
export function needsScopeGuard(node: Node): boolean {
  return usesScope(node)
}

