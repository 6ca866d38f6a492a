// References between fields in a generated dissector: the names that
// expressions refer to (so those fields are read and kept while measuring),
// expressions as Lua, computed fields, and checksum fields verified when
// their struct ends, as oxwire's decoder does.
import type { Grammar } from '../grammar/codec.js'
import type { Expr } from '../grammar/expression.js'
import type { ChecksumContext, ChecksumFieldNode, ExprNode, Node } from '../grammar/node.js'
import { childrenOf } from '../analysis/scope.js'
import { showExpr } from '../grammar/evaluate.js'
import { filterName, luaNumber, luaString } from './lua-text.js'
import type { Place } from './lua-program.js'
import { luaContext, type NameKind } from './checksum-context.js'

/**
 * Every node of the grammar once (also in the grammars that `otherwise`
 * gives for a sampled head).
 */
function visitAll(grammar: Grammar, spare: (node: Node) => unknown, visitNode: (node: Node) => void): void {
  const seen = new Set<Node>()
  const visit = (node: Node): void => {
    if (seen.has(node)) return
    seen.add(node)
    visitNode(node)
    if (node.tag === 'dependent' && node.otherwise !== undefined) {
      const head = spare(node)
      if (head !== undefined) {
        try {
          visit(node.otherwise(head).node)
        } catch {
          // The dissector reports such heads as malformed (see emitDependent).
        }
      }
    }
    for (const child of childrenOf(node)) visit(child.node)
  }
  visit(grammar.node)
}

/**
 * Every name an expression of the grammar refers to, so the fields of
 * those names are read even when a frame is only measuring.
 * @internal
 */
export function referencedNames(grammar: Grammar, spare: (node: Node) => unknown): Set<string> {
  const names = new Set<string>()
  visitAll(grammar, spare, (node) => {
    if (node.tag === 'expr') collectRefs(node.expr, names)
    if (node.tag === 'repeatUntil' && node.untilExpr !== undefined) collectRefs(node.untilExpr, names)
  })
  return names
}

function kindOf(node: Node, kinds: ReadonlyMap<string, NameKind>): NameKind | undefined {
  switch (node.tag) {
    case 'named':
    case 'marker':
    case 'derived':
    case 'range':
      return kindOf(node.inner.node, kinds)
    case 'bytes':
      return node.size === undefined ? undefined : { kind: 'bytes', size: node.size }
    case 'expr':
      // A computed comparison is a boolean, which a later computed copy shows as one.
      return isBoolean(node.expr, kinds) ? { kind: 'boolean' } : { kind: 'number' }
    case 'int':
    case 'uleb128':
      return { kind: 'number' }
    default:
      return undefined
  }
}

/**
 * What each field name of the grammar holds (the first field of a name
 * wins), and the names its checksum contexts read: what a generated
 * dissector needs to build pseudo-headers.
 * @internal
 */
export function contextNeeds(grammar: Grammar, spare: (node: Node) => unknown): { kinds: Map<string, NameKind>; names: Set<string> } {
  const kinds = new Map<string, NameKind>()
  const contexts: ChecksumFieldNode[] = []
  visitAll(grammar, spare, (node) => {
    if (node.tag === 'struct') {
      for (const [key, g] of node.fields) {
        const kind = kindOf(g.node, kinds)
        if (kind !== undefined && !kinds.has(key)) kinds.set(key, kind)
      }
    }
    if (node.tag === 'bits') {
      for (const [key, f] of node.fields) if (f.kind !== 'constant' && !kinds.has(key)) kinds.set(key, f.kind === 'flag' ? { kind: 'boolean' } : { kind: 'number' })
    }
    // Also those of policy ignore: the protocol's "verify all checksums" preference may verify them.
    if (node.tag === 'checksumField' && node.context !== undefined) contexts.push(node)
  })
  const names = new Set<string>()
  for (const node of contexts) {
    const context = luaContext(node.context as ChecksumContext, kinds)
    if (typeof context !== 'string') for (const name of context.names) names.add(name)
  }
  return { kinds, names }
}

function collectRefs(expr: Expr, out: Set<string>): void {
  switch (expr.op) {
    case 'ref':
      out.add(expr.name)
      return
    case 'literal':
      return
    case 'not':
      collectRefs(expr.operand, out)
      return
    default:
      collectRefs(expr.left, out)
      collectRefs(expr.right, out)
  }
}

const LUA_OPS = { add: '+', sub: '-', mul: '*', lt: '<', le: '<=', gt: '>', ge: '>=' } as const

/**
 * A Lua expression for `expr`, evaluated as oxwire's decoder evaluates it:
 * names looked up innermost struct first, arithmetic and order on numbers
 * only (an error names the expression), exact division, JavaScript truth.
 * @internal
 */
export function luaExpr(expr: Expr, whole: Expr = expr): string {
  const what = luaString(showExpr(whole))
  switch (expr.op) {
    case 'ref':
      return `lookup(${luaString(expr.name)})`
    case 'literal':
      return typeof expr.value === 'boolean' ? String(expr.value) : `(${luaNumber(expr.value)})`
    case 'not':
      return `(not truth(${luaExpr(expr.operand, whole)}))`
    case 'mod':
      return `floor_mod(${luaExpr(expr.left, whole)}, ${luaExpr(expr.right, whole)}, ${what})`
    case 'div':
      return `exact_div(${luaExpr(expr.left, whole)}, ${luaExpr(expr.right, whole)}, ${what})`
    case 'eq':
    case 'ne': {
      // Both sides are evaluated (their errors raised) before comparing, as in oxwire.
      const compare = expr.op === 'eq' ? 'a == b' : 'a ~= b'
      return `(function(a, b) return ${compare} end)(${luaExpr(expr.left, whole)}, ${luaExpr(expr.right, whole)})`
    }
    case 'and':
    case 'or':
      return `(function(a, b) return truth(a) ${expr.op} truth(b) end)(${luaExpr(expr.left, whole)}, ${luaExpr(expr.right, whole)})`
    default:
      return `(num(${luaExpr(expr.left, whole)}, ${what}) ${LUA_OPS[expr.op]} num(${luaExpr(expr.right, whole)}, ${what}))`
  }
}

/** Whether an expression's value is a boolean (comparisons, connectives, a flag's name) rather than a number. */
function isBoolean(expr: Expr, kinds: ReadonlyMap<string, NameKind>): boolean {
  switch (expr.op) {
    case 'literal':
      return typeof expr.value === 'boolean'
    case 'ref':
      return kinds.get(expr.name)?.kind === 'boolean'
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'mod':
      return false
    default:
      return true
  }
}

/**
 * An expression node: as a length, count or head it only gives its value;
 * as a struct's computed field it is also shown, as a generated field.
 * @internal
 */
export function emitExpr(node: ExprNode, place: Place): string {
  const { program } = place
  const value = luaExpr(node.expr)
  const role = place.role ?? 'value'
  if (role !== 'value') {
    return program.fn(`function(tvb, t, pos, stop)
  return pos, ${value}
end`)
  }
  const name = place.path === '' ? place.proto : place.path.slice(place.path.lastIndexOf('.') + 1)
  const filter = filterName(place.path === '' ? place.proto : `${place.proto}.${place.path}`)
  const boolean = isBoolean(node.expr, program.nameKinds)
  const f = program.field(filter, boolean ? 'bool' : 'int64', (n) => `${luaString(n)}, ${luaString(name)}${boolean ? '' : ', base.DEC'}`, 'value')
  return program.fn(`function(tvb, t, pos, stop)
  local v = ${value}
  if t then t:add(${f}, tvb(pos, 0), ${boolean ? 'v' : 'Int64.new(v)'}):set_generated() end
  return pos, v
end`)
}

/**
 * A checksum field stored inside the bytes it covers: shown where it
 * stands, verified when its struct ends over the struct's bytes with its
 * own zeroed, after the context prefix (a pseudo-header) when it has one.
 * Under policy `ignore` (unless the dissector's `checksumPolicy` says
 * otherwise) it is verified only when the protocol's preference "verify
 * all checksums" is on, as Wireshark's own TCP/UDP checksums are; shown
 * unverified when the context is not there (no enclosing IPv4 packet), and
 * when the algorithm or the context has no Lua form (said in the notes).
 * @internal
 */
export function emitChecksumField(node: ChecksumFieldNode, place: Place, emitField: (place: Place) => string, call: (bytes: string) => string | undefined): string {
  const { program } = place
  const name = place.path || place.proto
  const field = emitField({ ...place, role: 'checksum', valueNeeded: false, text: false })
  const status = program.field(filterName(`${place.proto}.${place.label || place.path}.status`), 'uint8', (filter) => `${luaString(filter)}, "checksum status", base.DEC, checksum_status`, 'checksum-status')
  const ignored = (program.checksumPolicy ?? node.policy) === 'ignore'
  const context = node.context === undefined ? undefined : luaContext(node.context, program.nameKinds)
  // What cannot be verified is said where the policy asks for it to be.
  if (typeof context === 'string' && !ignored) program.note(`${name}: ${node.algorithm.name} with a context (pseudo-header) is shown unverified: ${context}`)
  const computed = typeof context === 'string' ? undefined : call('b')
  if (typeof context !== 'string' && computed === undefined && !ignored) program.note(`${name}: checksum ${node.algorithm.name} has no Lua form; shown unverified`)
  const unverified = `t:add(${status}, tvb(at, q - at), 2):set_generated()`
  // The context's bytes go in front of the struct's; no context there (nil): unverified, as in oxwire.
  const prefix = context === undefined || typeof context === 'string' ? '' : `
      local prefix = (${program.fn(context.lua)})(e - s)
      if prefix == nil then
        ${unverified}
        return
      end
      b = prefix .. b`
  const verify = computed === undefined
    ? unverified
    : `${ignored ? `if not VERIFY_ALL then
        ${unverified}
        return
      end
      ` : ''}local b = tvb:bytes(s, e - s)
      for i = at - s, q - s - 1 do b:set_index(i, 0) end${prefix}
      local computed = ${computed}
      local good = computed == stored
      t:add(${status}, tvb(at, q - at), good and 1 or 0):set_generated()
      if not good then
        t:add_proto_expert_info(${place.experts}.checksum, string.format(${luaString(`Bad ${node.algorithm.name} in ${name}: stored 0x%X, computed 0x%X`)}, stored, computed))
      end`
  return program.fn(`function(tvb, t, pos, stop)
  local q, stored = ${field}(tvb, t, pos, stop)
  if t ~= nil and SCOPE ~= nil then
    local at = pos
    local checks = SCOPE.checks or {}
    SCOPE.checks = checks
    checks[#checks + 1] = function(tvb, s, e)
      ${verify}
    end
  end
  return q, stored
end`)
}
