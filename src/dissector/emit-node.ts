import type { Grammar } from '../grammar/codec.js'
import type { BitsNode, ChecksumNode, DependentNode, LazyNode, Node, RepeatUntilNode, TerminatedNode } from '../grammar/node.js'
import { lazyTarget } from '../grammar/lazy.js'
import type { LuaProgram } from './lua-program.js'
import type { ChecksumAlgorithm } from '../grammar/checksum-algorithm.js'
import { analysisOf, sizeBounds, startPatterns } from '../analysis/index.js'
import { bitLayout, constantBits } from '../analysis/bit-layout.js'
import { emitChecksumField, emitExpr, luaExpr } from './emit-references.js'
import type { Place } from './lua-program.js'
import { filterName, luaNumber, luaString, valueStringTable } from './lua-text.js'

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

function lastPart(path: string): string {
  const dot = path.lastIndexOf('.')
  return dot < 0 ? path : path.slice(dot + 1)
}

function fieldArgs(place: Place, rest: string): (filter: string) => string {
  const name = place.path === '' ? place.proto : lastPart(place.path)
  return (filter) => `${luaString(filter)}, ${luaString(name)}${rest}`
}

function filterOf(place: Place): string {
  return filterName(place.path === '' ? place.proto : `${place.proto}.${place.path}`)
}

/** True for nodes whose value is an object or an array, shown as a subtree. */
export function isComposite(node: Node): boolean {
  switch (node.tag) {
    case 'struct':
    case 'array':
    case 'many':
    case 'repeatUntil':
    case 'bits':
    case 'dependent':
    case 'oneOf':
      return true
    case 'lazy': {
      // Through chains of lazy grammars (a lazy grammar of itself ends here).
      let target: Node = node
      for (let i = 0; target.tag === 'lazy' && i < 64; i++) {
        try {
          target = lazyTarget(target)
        } catch {
          return false
        }
      }
      return target.tag !== 'lazy' && isComposite(target)
    }
    case 'named':
    case 'map':
    case 'refine':
    case 'marker':
    case 'inline':
    case 'sized':
    case 'untilLast':
    case 'checksum':
      return isComposite(node.inner.node)
    default:
      return false
  }
}

const intTypes = { 1: 'uint8', 2: 'uint16', 3: 'uint24', 4: 'uint32' } as const
const signedTypes = { 1: 'int8', 2: 'int16', 3: 'int24', 4: 'int32' } as const

/**
 * Generates the Lua function that walks `node` at `place`: called as
 * `f(tvb, tree, pos, stop)`, it adds the node's fields to `tree` (nil when
 * only measuring), raises `NEED` or `broken(...)`, and returns the position
 * after the node and, for numbers and heads, the value.
 * @internal
 */
export function emitNode(node: Node, place: Place): string {
  const { program } = place
  switch (node.tag) {
    case 'int': {
      const type = (node.signed ? signedTypes : intTypes)[node.size]
      const hex = place.role === 'constant' || place.role === 'checksum'
      const vs = place.valueStrings === undefined ? 'nil' : valueStringTable(place.valueStrings)
      const f = program.field(filterOf(place), type, fieldArgs(place, `, ${hex ? 'base.HEX' : 'base.DEC'}, ${vs}`), place.role ?? 'value', place.valueStrings)
      const read = `${node.littleEndian && node.size > 1 ? 'le_' : ''}${node.signed ? 'int' : 'uint'}`
      const add = node.littleEndian && node.size > 1 ? 'add_le' : 'add'
      return fixedLeaf(place, node.size, `r:${read}()`, `t:${add}(${f}, r)`)
    }
    case 'bigint': {
      const f = program.field(filterOf(place), node.signed ? 'int64' : 'uint64', fieldArgs(place, ', base.DEC'), place.role ?? 'value')
      const read = `${node.littleEndian ? 'le_' : ''}${node.signed ? 'int64' : 'uint64'}`
      // As expressions take it: a number up to ±(2^53 − 1), past that the UInt64/Int64 that they refuse.
      return fixedLeaf(place, 8, `safe64(r:${read}())`, `t:${node.littleEndian ? 'add_le' : 'add'}(${f}, r)`)
    }
    case 'float': {
      const f = program.field(filterOf(place), node.size === 4 ? 'float' : 'double', fieldArgs(place, ''), place.role ?? 'value')
      return fixedLeaf(place, node.size, `r:${node.littleEndian ? 'le_' : ''}float()`, `t:${node.littleEndian ? 'add_le' : 'add'}(${f}, r)`)
    }
    case 'uleb128': {
      const wide = node.maxBytes > 4
      const f = program.field(filterOf(place), wide ? 'uint64' : 'uint32', fieldArgs(place, ', base.DEC'), place.role ?? 'value')
      return program.fn(`function(tvb, t, pos, stop)
  local v, mul, i = 0, 1, 0
  while true do
    need(tvb, pos + i, 1, stop)
    local b = tvb(pos + i, 1):uint()
    v = v + (b % 128) * mul
    mul = mul * 128
    i = i + 1
    if b < 128 then break end
    if i >= ${node.maxBytes} then broken("LEB128 longer than ${node.maxBytes} byte(s) at offset " .. pos) end
  end
  if t then t:add(${f}, tvb(pos, i), ${wide ? 'UInt64.new(v % 4294967296, math.floor(v / 4294967296))' : 'v'}) end
  return pos + i, v
end`)
    }
    case 'bytes': {
      const f = place.text === true
        ? program.field(filterOf(place), 'string', fieldArgs(place, ', base.UNICODE'), place.role ?? 'value')
        : program.field(filterOf(place), 'bytes', fieldArgs(place, ''), place.role ?? 'value')
      const count = node.size === undefined ? 'rest_end(tvb, stop) - pos' : String(node.size)
      const add = place.text === true ? `t:add_packet_field(${f}, tvb(pos, n), ${place.encoding ?? 'ENC_UTF_8'})` : `t:add(${f}, tvb(pos, n))`
      // A rest-of-region field is measured by its region, which a sized node checks.
      return program.fn(`function(tvb, t, pos, stop)
  local n = ${count}
  if t == nil then return pos + n end
  need(tvb, pos, n, stop)
  ${add}
  return pos + n
end`)
    }
    case 'utf8':
      return emitNode(node.inner.node, { ...place, text: true })
    case 'text':
      return emitNode(node.inner.node, { ...place, text: true, encoding: WIRESHARK_ENCODINGS[node.encoding] })
    case 'padded':
      // Wireshark shows a string field up to its first NUL; space padding stays visible.
      return emitNode({ tag: 'bytes', size: node.width }, place)
    case 'terminated':
      return emitTerminated(node, place)
    case 'untilLast': {
      const inner = emitNode(node.inner.node, { ...place, label: place.path })
      return program.fn(`function(tvb, t, pos, stop)
  local e = rest_end(tvb, stop) - ${node.reserve}
  if e < pos then
    if stop > tvb:len() then error(NEED, 0) end
    broken(string.format("fewer than ${node.reserve} byte(s) left at offset %d", pos))
  end
  if t == nil then return e end
  local q = ${inner}(tvb, t, pos, e)
  if q ~= e then broken(string.format("%d byte(s) left unread before the last ${node.reserve}", e - q)) end
  return e
end`)
    }
    case 'constant': {
      const inner = emitNode(node.inner.node, { ...place, role: 'constant', valueNeeded: false })
      const hex = [...node.bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('')
      return program.fn(`function(tvb, t, pos, stop)
  local p = ${inner}(tvb, t, pos, stop)
  if t == nil then return p end
  if p - pos ~= ${node.bytes.length} or tvb(pos, ${node.bytes.length}):bytes():tohex() ~= "${hex}" then
    broken(${luaString(`${place.path || place.proto}: expected bytes ${hex}`)} .. " at offset " .. pos)
  end
  return p
end`)
    }
    case 'marker':
    case 'named':
      return emitNode(node.inner.node, place)
    case 'map':
      if (place.valueNeeded === true && node.discriminant === undefined) program.note(`${place.path || place.proto}: a mapped value is used as a length, count or head; the dissector uses the wire value`)
      return emitNode(node.inner.node, place)
    case 'refine':
      program.note(`${place.path || place.proto}: refine(${node.message}) is not checked by the dissector`)
      return emitNode(node.inner.node, place)
    case 'range': {
      const inner = emitNode(node.inner.node, place)
      if (typeof node.min === 'bigint' || typeof node.max === 'bigint') return inner
      return program.fn(`function(tvb, t, pos, stop)
  local p, v = ${inner}(tvb, t, pos, stop)
  if v ~= nil and (v < ${luaNumber(node.min)} or v > ${luaNumber(node.max)}) then
    broken(${luaString(`${place.path || place.proto}: `)} .. tostring(v) .. ${luaString(` is outside ${node.min}..${node.max}`)})
  end
  return p, v
end`)
    }
    case 'enum': {
      const names = new Map([...node.names].filter(([code]) => Number.isSafeInteger(code)))
      const inner = emitNode(node.inner.node, { ...place, valueStrings: names })
      return program.fn(`function(tvb, t, pos, stop)
  local p, v = ${inner}(tvb, t, pos, stop)
  if v == nil then return p end
  local name = (${valueStringTable(names)})[v]
  if name == nil then broken(${luaString(`${place.path || place.proto}: `)} .. tostring(v) .. " is not one of its codes") end
  return p, name
end`)
    }
    case 'bits':
      return emitBits(node, place)
    case 'struct': {
      // A struct that holds references keeps its fields by name, as oxwire's decoder does
      // (and so does the item of a repeatUntil whose predicate reads its fields).
      const scoped = analysisOf(node).scoped || place.captures === true
      const calls = node.fields.map(([key, grammar]) => {
        const child = grammar.node
        if (child.tag === 'inline') {
          const label = child.inner.node.tag === 'sized' ? join(place.label, key) : place.label
          const call = `p = ${emitNode(child.inner.node, { ...place, label, role: 'value', valueNeeded: false, text: false })}(tvb, t, p, stop)`
          return scoped ? `  JOIN = true\n  ${call}\n  JOIN = false` : `  ${call}`
        }
        const childPlace: Place = {
          program, proto: place.proto, experts: place.experts, path: join(place.path, key), label: join(place.label, key),
          ...(place.captures === true && program.referenced.has(key) ? { valueNeeded: true } : {}),
          ...(child.tag === 'derived' ? { role: 'derived' as const } : {}),
          ...(scoped && program.referenced.has(key) ? { valueNeeded: true } : {}),
        }
        const f = emitNode(child, childPlace)
        const bind = scoped ? `\n  frame.vars[${luaString(key)}] = v` : ''
        // A field a checksum context reads (an IPv4 address in the TCP
        // pseudo-header) keeps its bytes when it has no number, as oxwire's
        // scope keeps a Uint8Array; expressions still refuse them.
        if (scoped && program.contextNames.has(key) && !isComposite(child)) {
          return `  do
    local q = p
    p, v = ${f}(tvb, t, p, stop)
    if v == nil and t ~= nil then v = tvb:bytes(q, p - q) end
  end${bind}`
        }
        if (!isComposite(child)) return `  p, v = ${f}(tvb, t, p, stop)${bind}`
        return `  do
    local st = subtree(t, tvb, p, ${luaString(key)})
    local q = ${f}(tvb, st, p, stop)
    if st then st:set_len(q - p) end
    p = q
  end${bind.replace('= v', '= nil')}`
      })
      return program.fn(`function(tvb, t, pos, stop)
  local p, v = pos, nil
${scoped ? '  local frame = open_frame(pos)\n' : ''}${calls.join('\n')}
${scoped ? '  close_frame(frame, tvb, p)\n' : ''}  return p
end`)
    }
    case 'inline':
      return emitNode(node.inner.node, place)
    case 'array':
    case 'many': {
      const counted = node.tag === 'array'
      const minItem = sizeBounds(node.item).min
      // A count from the wire or an expression is checked against the bytes left before looping.
      const count = !counted ? undefined : typeof node.count === 'number' ? `local n = ${node.count}` : `local n\n  p, n = ${emitNode(node.count.node, { ...place, path: `${place.label}.count`, label: `${place.label}.count`, role: 'count', valueNeeded: true, text: false })}(tvb, t, p, stop)
  whole(n, "count")${minItem > 0 ? `\n  need(tvb, p, n * ${minItem}, stop)` : ''}`
      const item = emitNode(node.item.node, { program, proto: place.proto, experts: place.experts, path: place.path, label: place.label })
      const composite = isComposite(node.item.node)
      const label = lastPart(place.path) || place.proto
      const step = composite
        ? `local st = subtree(t, tvb, p, ${luaString(label)} .. "[" .. i .. "]")
    local q = ${item}(tvb, st, p, stop)
    if st then st:set_len(q - p) end
    p = q`
        : `p = ${item}(tvb, t, p, stop)`
      const guard = `\n    if p == before then broken("repeated item consumed no bytes at offset " .. p) end`
      return program.fn(`function(tvb, t, pos, stop)
  local p = pos
${counted ? `  ${count}
  for i = 0, n - 1 do` : `  local i = 0
  local last = rest_end(tvb, stop)
  while p < last do
    local before = p`}
    ${step}${counted ? '' : `${guard}\n    i = i + 1`}
  end
  return p
end`)
    }
    case 'sized': {
      const length = typeof node.length === 'number' ? `local n = ${node.length}` : `local n\n  p, n = ${emitNode(node.length.node, { ...place, path: `${place.label}.length`, label: `${place.label}.length`, role: 'length', valueNeeded: true, text: false })}(tvb, t, p, stop)`
      // Inside the region, derived fields are named by their own paths again.
      const inner = emitNode(node.inner.node, { ...place, label: place.path })
      return program.fn(`function(tvb, t, pos, stop)
  local p = pos
  ${length}
  whole(n, "length")
  local e = p + n
  if e > stop then
    broken(string.format("a region of %d byte(s) at offset %d runs past its enclosing region", n, p))
  end
  if t == nil then return e end
  if e > tvb:len() then error(NEED, 0) end
  local q = ${inner}(tvb, t, p, e)
  if q ~= e then broken(string.format("%d byte(s) left unread at the end of a region of %d", e - q, n)) end
  return e
end`)
    }
    case 'dependent':
      return emitDependent(node, place)
    case 'checksum':
      return emitChecksum(node, place)
    case 'oneOf': {
      const protocol = program.field(filterName(`${place.proto}.${join(place.path, 'protocol')}`), 'string', (filter) => `${luaString(filter)}, "protocol"`, 'value')
      const tries = node.alternatives.map((alt) => {
        const patterns = startPatterns(alt.inner) ?? []
        // Nested, a oneOf's value is { protocol, value }: the alternative's fields sit under `value`.
        const f = emitNode(alt.inner.node, { ...place, path: join(place.path, 'value'), label: join(place.label, 'value') })
        return { f, name: alt.name, test: patterns.map((pattern) => patternTest(pattern.mask, pattern.value)).join(' or ') || 'true' }
      })
      // Each alternative whose markers match is tried on a tree that keeps nothing; the first that reads
      // without error is dissected (as oxwire tries them in order); running out of bytes asks for more.
      return program.fn(`function(tvb, t, pos, stop)
  local saved = SCOPE
${tries.map(({ f, name, test }) => `  if ${test} then
    local ok, e = pcall(${f}, tvb, NULL_TREE, pos, stop)
    SCOPE = saved
    if ok then
      if t == nil or t == NULL_TREE then return e end
      t:add(${protocol}, tvb(pos, 0), ${luaString(name)}):set_generated()
      return ${f}(tvb, t, pos, stop)
    end
    if e == NEED or type(e) ~= "table" then error(e, 0) end
  end`).join('\n')}
  broken("no alternative matches at offset " .. pos)
end`)
    }
    case 'lazy':
      return emitLazy(node, place)
    case 'repeatUntil':
      return emitRepeatUntil(node, place)
    case 'custom': {
      const { min, max } = node.size
      program.note(`${place.path || place.proto}: custom codec ${node.name} cannot be dissected; shown as bytes`)
      const f = program.field(filterOf(place), 'bytes', fieldArgs(place, `, base.NONE, ${luaString(`custom codec ${node.name}, shown as bytes`)}`), place.role ?? 'value')
      const count = min === max ? String(min) : 'rest_end(tvb, stop) - pos'
      return program.fn(`function(tvb, t, pos, stop)
  local n = ${count}
  if t == nil then return pos + n end
  need(tvb, pos, n, stop)
  local item = t:add(${f}, tvb(pos, n))
  item:add_proto_expert_info(${place.experts}.custom, ${luaString(`custom codec ${node.name}: shown as bytes`)})
  return pos + n
end`)
    }
    case 'derived':
      // Shown as read (not part of the value); later fields refer to it by name.
      return emitNode(node.inner.node, { ...place, role: place.role ?? 'derived' })
    case 'checksumField':
      return emitChecksumField(node, place, (p) => emitNode(node.field.node, p), (bytes) => algorithmCall(node.algorithm, bytes))
    case 'expr':
      return emitExpr(node, place)
  }
}

/** A Lua condition: the bytes at `pos` match a start pattern (raises NEED when too few are there). */
function patternTest(mask: Uint8Array, value: Uint8Array): string {
  const checks: string[] = []
  mask.forEach((m, i) => {
    if (m === 0) return
    checks.push(m === 0xff ? `tvb(pos + ${i}, 1):uint() == ${value[i]}` : `band(tvb(pos + ${i}, 1):uint(), ${m}) == ${value[i]}`)
  })
  return `(fits(tvb, pos, ${mask.length}, stop) and (${checks.join(' and ')}))`
}

/** A fixed-size number: read (always when its value is needed), add to the tree, return the value. */
function fixedLeaf(place: Place, size: number, read: string, add: string): string {
  const measure = place.valueNeeded === true ? '' : `\n  if t == nil then return pos + ${size} end`
  return place.program.fn(`function(tvb, t, pos, stop)${measure}
  need(tvb, pos, ${size}, stop)
  local r = tvb(pos, ${size})
  local v = ${read}
  if t then ${add} end
  return pos + ${size}, v
end`)
}

function emitBits(node: BitsNode, place: Place): string {
  const width = node.size * 8
  // Masks over the group's bytes read as one word: big-endian (msb first)
  // or little-endian (lsb first, added with add_le), as bit-layout.ts
  // places the fields; Wireshark sign-extends masked int fields. Groups
  // wider than 32 bits use 64-bit fields.
  const bucket = width <= 8 ? '8' : width <= 16 ? '16' : width <= 24 ? '24' : width <= 32 ? '32' : '64'
  const wide = node.size > 4
  const add = node.lsbFirst && node.size > 1 ? 'add_le' : 'add'
  const word = wide ? `r:${node.lsbFirst ? 'le_' : ''}uint64()` : `r:${node.lsbFirst && node.size > 1 ? 'le_' : ''}uint()`
  const adds: string[] = []
  const checks: string[] = []
  const binds: string[] = []
  let referenced = false
  for (const placed of bitLayout(node)) {
    const { name, field, shift, big } = placed
    const mask = ((1n << BigInt(field.width)) - 1n) << BigInt(shift)
    const role = field.kind === 'constant' ? 'constant' : field.derived === true ? 'derived' : 'value'
    const fieldPlace: Place = { ...place, path: join(place.path, name), label: join(place.label, name), role }
    const type = `${field.kind === 'int' ? 'int' : 'uint'}${bucket}`
    // The field's value in Lua: a number, or a UInt64/Int64 past 32 bits.
    const unsigned = wide ? `v:rshift(${shift}):band(${luaUInt64((1n << BigInt(field.width)) - 1n)})` : `(math.floor(v / ${luaNumber(2 ** shift)}) % ${luaNumber(2 ** field.width)})`
    const value = field.kind === 'int'
      ? wide
        ? `Int64.new(v:lshift(${64 - shift - field.width})):arshift(${64 - field.width})`
        : `signed(${unsigned}, ${field.width})`
      : unsigned
    if (wide) {
      // Past 32 bits, Wireshark (4.0) takes a field mask as a Lua number
      // and mishandles masks reaching bit 63: each value is cut from the
      // word with UInt64 operations and added as it is.
      const f = field.kind === 'flag'
        ? place.program.field(filterOf(fieldPlace), 'bool', fieldArgs(fieldPlace, ''), role)
        : place.program.field(filterOf(fieldPlace), type, fieldArgs(fieldPlace, ', base.DEC'), role)
      adds.push(`t:add(${f}, r, ${field.kind === 'flag' ? `${value}:tonumber() == 1` : value})`)
    } else {
      const f = field.kind === 'flag'
        ? place.program.field(filterOf(fieldPlace), 'bool', fieldArgs(fieldPlace, `, ${width}, nil, ${luaNumber(Number(mask))}`), role)
        : place.program.field(filterOf(fieldPlace), type, fieldArgs(fieldPlace, `, base.DEC, nil, ${luaNumber(Number(mask))}`), role)
      adds.push(`t:${add}(${f}, r)`)
    }
    if (field.kind !== 'constant') {
      // Bit fields can be referred to by name, as oxwire's decoder binds
      // them; a field past 53 bits (a bigint) as expressions take it.
      const number = big ? `safe64(${value})` : wide ? `${value}:tonumber()` : value
      binds.push(`bind(${luaString(name)}, ${field.kind === 'flag' ? `${number} == 1` : number})`)
      if (place.program.referenced.has(name)) referenced = true
    }
    if (field.kind === 'constant') {
      // Byte by byte, so that any width and either order reads alike.
      const { masks, values } = constantBits(node, (p) => p === placed)
      const tests = masks.flatMap((m, i) => (m === 0 ? [] : [`band(tvb(pos + ${i}, 1):uint(), ${m}) ~= ${values[i] as number}`]))
      checks.push(`  if ${tests.join(' or ')} then broken(${luaString(`${fieldPlace.path}: expected ${field.value}`)}) end`)
    }
  }
  return place.program.fn(`function(tvb, t, pos, stop)
  ${referenced ? '' : `if t == nil then return pos + ${node.size} end\n  `}need(tvb, pos, ${node.size}, stop)
  local r = tvb(pos, ${node.size})
  local v = ${word}
  ${binds.join('\n  ')}
  if t then
    ${adds.join('\n    ')}
  end
${checks.join('\n')}
  return pos + ${node.size}
end`)
}

function luaUInt64(value: bigint): string {
  return `UInt64.new(${luaNumber(Number(value & 0xffffffffn))}, ${luaNumber(Number(value >> 32n))})`
}

// The Lua function of each lazy grammar, per program: met again (a
// cycle), the grammar calls the function made the first time, whose fields
// are named after the place it was first met.
const lazyFunctions = new WeakMap<LuaProgram, Map<LazyNode, string>>()

function emitLazy(node: LazyNode, place: Place): string {
  const { program } = place
  let made = lazyFunctions.get(program)
  if (made === undefined) lazyFunctions.set(program, (made = new Map()))
  const known = made.get(node)
  if (known !== undefined) return known
  let target: Node
  try {
    target = lazyTarget(node)
  } catch (thrown) {
    throw new RangeError(`wiresharkDissector: ${place.path || place.proto}: lazy grammar ${node.name} has no grammar (${thrown instanceof Error ? thrown.message : String(thrown)})`)
  }
  // Taken before the target is emitted, so that the target can call it.
  const ref = program.fn('nil')
  made.set(node, ref)
  const inner = emitNode(target, place)
  program.functions[Number(ref.slice(2, -1)) - 1] = `function(tvb, t, pos, stop)
  if DEPTH >= ${node.maxDepth} then broken(${luaString(`${place.path || place.proto}: ${node.name} nested deeper than ${node.maxDepth} level(s)`)}) end
  DEPTH = DEPTH + 1
  local p, v = ${inner}(tvb, t, pos, stop)
  DEPTH = DEPTH - 1
  return p, v
end`
  return ref
}

/** The name a case's value carries (from `tagged`), for value strings of the head. */
function caseName(node: Node): string | undefined {
  switch (node.tag) {
    case 'sized':
    case 'inline':
    case 'named':
    case 'marker':
    case 'refine':
      return caseName(node.inner.node)
    case 'map':
      return node.discriminant?.value ?? caseName(node.inner.node)
    default:
      return undefined
  }
}

function isEnum(node: Node): boolean {
  return analysisOf(node).unchecked.tag === 'enum'
}

function emitDependent(node: DependentNode, place: Place): string {
  const { program } = place
  const keys = Object.keys(node.cases)
  // Heads that are plain numbers get the cases' names as value strings.
  const names = new Map<number, string>()
  if (!isEnum(node.head.node)) {
    for (const key of keys) {
      const name = caseName((node.cases[key] as Grammar).node)
      if (name !== undefined && Number.isSafeInteger(Number(key))) names.set(Number(key), name)
    }
  }
  const headPath = join(place.label, node.headName)
  const head = emitNode(node.head.node, { ...place, path: headPath, label: headPath, role: 'head', valueNeeded: true, text: false, ...(names.size > 0 ? { valueStrings: names } : {}) })
  const cases = keys.map((key) => `[${luaString(key)}] = ${emitNode((node.cases[key] as Grammar).node, place)}`)
  let other = `broken(${luaString(`${headPath}: no case for `)} .. tostring(h))`
  if (node.otherwise !== undefined) {
    const spare = spareHead(node, keys)
    if (spare === undefined) program.note(`${headPath}: its other values could not be sampled; they are reported as malformed`)
    else {
      // The grammar for other heads is a function of the head; one sample of it stands for all.
      const body = emitNode(node.otherwise(spare).node, place)
      other = `return ${body}(tvb, t, p, stop)`
    }
  }
  return program.fn(`function(tvb, t, pos, stop)
  local p, h = ${head}(tvb, t, pos, stop)
  bind(${luaString(node.headName)}, h)
  local body = ({ ${cases.join(', ')} })[case_key(h)]
  if body ~= nil then return body(tvb, t, p, stop) end
  ${other}
end`)
}

/** A head value with no case, to sample the `otherwise` grammar with. */
export function spareHead(node: DependentNode, keys: readonly string[] = Object.keys(node.cases)): unknown {
  let head = node.head.node
  while (head.tag === 'derived' || head.tag === 'named' || head.tag === 'marker') head = head.inner.node
  const numeric = head.tag === 'int' || head.tag === 'range' || head.tag === 'uleb128' || head.tag === 'expr'
  if (!numeric) return undefined
  for (let value = 0; value < 65536; value++) if (!keys.includes(String(value))) return value
  return undefined
}

/** The Lua call that computes `algorithm` over the ByteArray `bytes`, if it has a Lua form. @internal */
export function algorithmCall(algorithm: ChecksumAlgorithm, bytes: string): string | undefined {
  const p = algorithm.parameters
  if (p !== undefined) return `crc(${bytes}, ${p.width}, ${luaNumber(p.poly)}, ${luaNumber(p.init)}, ${p.refIn}, ${p.refOut}, ${luaNumber(p.xorOut)})`
  switch (algorithm.name) {
    case 'INTERNET-CHECKSUM/RFC-1071':
      return `internet_checksum(${bytes})`
    case 'SUM-8':
      return `sum8(${bytes})`
    case 'XOR-8':
      return `xor8(${bytes})`
    default:
      return undefined
  }
}

function emitChecksum(node: ChecksumNode, place: Place): string {
  const { program } = place
  const inner = emitNode(node.inner.node, place)
  const crcPath = join(place.label, 'crc')
  // Not needed to measure a frame: the stored value is read only when dissecting.
  const field = emitNode(node.field.node, { ...place, path: crcPath, label: crcPath, role: 'checksum', valueNeeded: false, text: false })
  const status = program.field(filterName(`${place.proto}.${crcPath}.status`), 'uint8', (filter) => `${luaString(filter)}, "checksum status", base.DEC, checksum_status`, 'checksum-status')
  const call = algorithmCall(node.algorithm, `tvb:bytes(pos + ${node.skipStart}, p - ${node.skipEnd} - (pos + ${node.skipStart}))`)
  if (call === undefined) program.note(`${crcPath}: checksum ${node.algorithm.name} has no Lua form; shown unverified`)
  const verify = call === undefined
    ? `t:add(${status}, tvb(p, q - p), 2):set_generated()`
    : `local computed = ${call}
    local good = computed == stored
    t:add(${status}, tvb(p, q - p), good and 1 or 0):set_generated()
    if not good then
      t:add_proto_expert_info(${place.experts}.checksum, string.format(${luaString(`Bad ${node.algorithm.name}: stored 0x%X, computed 0x%X`)}, stored, computed))
    end`
  return program.fn(`function(tvb, t, pos, stop)
  local p = ${inner}(tvb, t, pos, stop)
  local q, stored = ${field}(tvb, t, p, stop)
  if t then
    ${verify}
  end
  return q
end`)
}

/** The frame's minimum size, for `dissect_tcp_pdus` (at least one byte). @internal */
export function minimumFrame(grammar: Grammar): number {
  return Math.max(1, sizeBounds(grammar).min)
}

// Wireshark's names for the text encodings (ENC_BIG_ENDIAN is 0, spelled out for the reader).
const WIRESHARK_ENCODINGS = {
  latin1: 'ENC_ISO_8859_1',
  ascii: 'ENC_ASCII',
  utf16le: 'ENC_UTF_16 + ENC_LITTLE_ENDIAN',
  utf16be: 'ENC_UTF_16 + ENC_BIG_ENDIAN',
} as const

// Bytes up to a terminator: a `stringz` field (Wireshark's FT_STRINGZ, which
// covers the terminator) for text, else the bytes before it.
function emitTerminated(node: TerminatedNode, place: Place): string {
  const { program } = place
  const unit = node.terminator.length
  const hex = [...node.terminator].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('')
  const text = place.text === true
  const f = text
    ? program.field(filterOf(place), 'stringz', fieldArgs(place, ', base.UNICODE'), place.role ?? 'value')
    : program.field(filterOf(place), 'bytes', fieldArgs(place, ''), place.role ?? 'value')
  const add = text ? `t:add_packet_field(${f}, tvb(pos, i + ${unit} - pos), ${place.encoding ?? 'ENC_UTF_8'})` : `t:add(${f}, tvb(pos, i - pos))`
  return program.fn(`function(tvb, t, pos, stop)
  local i = pos
  while true do
    if i + ${unit} > stop then
      broken(${luaString(`${place.path || place.proto}: no terminator 0x${hex} before the region ends at offset `)} .. stop)
    end
    if i + ${unit} > tvb:len() then error(NEED, 0) end
    if tvb(i, ${unit}):bytes():tohex() == "${hex}" then break end
    i = i + ${unit}
  end
  if t then ${add} end
  return i + ${unit}
end`)
}

// The names of a struct item's value that a predicate may read, as
// repeatUntil finds them: its keys but derived and constant fields (absent
// from the value), bit fields by their own names, through inline structs.
function valueKeys(node: Node, out: Set<string> = new Set()): Set<string> {
  const top = analysisOf(node).unnamed
  if (top.tag !== 'struct') return out
  for (const [key, g] of top.fields) {
    const child = analysisOf(g.node).unnamed
    if (child.tag === 'inline') valueKeys(child.inner.node, out)
    else if (child.tag === 'bits') {
      for (const [name, field] of child.fields) if (field.kind !== 'constant' && field.derived !== true) out.add(name)
    } else if (child.tag !== 'derived' && child.tag !== 'constant') out.add(key)
  }
  return out
}

/**
 * Items until one satisfies the predicate. Given as an expression over the
 * item's fields, it runs in Lua: the item is walked in a frame of its own
 * (its fields bound by name, also those of a struct that holds no
 * references), and the predicate sees only the item's value, as
 * `repeatUntil`'s does. Given as a JavaScript function, which Lua cannot
 * run, the repetition is shown as bytes up to the end of its region (a
 * `sized` region: known; else the rest of the frame), with an expert note.
 */
function emitRepeatUntil(node: RepeatUntilNode, place: Place): string {
  const { program } = place
  const label = lastPart(place.path) || place.proto
  if (node.untilExpr === undefined) {
    const where = place.path || place.proto
    program.note(`${where}: repeatUntil ends on a JavaScript predicate, which Lua cannot run; shown as bytes to the end of its region (give the predicate as an Expression to dissect its items)`)
    const f = program.field(filterOf(place), 'bytes', fieldArgs(place, `, base.NONE, ${luaString('repeatUntil items, shown as bytes')}`), place.role ?? 'value')
    return program.fn(`function(tvb, t, pos, stop)
  local e = rest_end(tvb, stop)
  if t ~= nil then
    local item = t:add(${f}, tvb(pos, e - pos))
    item:add_proto_expert_info(${place.experts}.custom, ${luaString(`${where}: repeatUntil with a JavaScript predicate: its items are shown as bytes, to the end of its region`)})
  end
  OPAQUE = true
  return e
end`)
  }
  const expr = node.untilExpr
  const keys = valueKeys(node.item.node)
  const names = new Set<string>()
  const collect = (e: typeof expr): void => {
    if (e.op === 'ref') names.add(e.name)
    else if (e.op === 'not') collect(e.operand)
    else if (e.op !== 'literal') {
      collect(e.left)
      collect(e.right)
    }
  }
  collect(expr)
  // Only the item's value is in sight: `_` (a number item) and its keys.
  const sight = [...names].map((name) => (name === '_' ? `["_"] = v` : keys.has(name) ? `[${luaString(name)}] = capture.vars[${luaString(name)}]` : '')).filter((x) => x !== '')
  const composite = isComposite(node.item.node)
  const item = emitNode(node.item.node, { program, proto: place.proto, experts: place.experts, path: place.path, label: place.label, captures: true, ...(names.has('_') ? { valueNeeded: true } : {}) })
  const call = composite
    ? `local st = subtree(t, tvb, p, ${luaString(label)} .. "[" .. i .. "]")
    local q = ${item}(tvb, st, p, stop)
    if st then st:set_len(q - p) end`
    : `local q, v = ${item}(tvb, t, p, stop)`
  return program.fn(`function(tvb, t, pos, stop)
  local p, i = pos, 0
  local saved = SCOPE
  while true do
    local capture = { vars = {}, parent = saved, start = p, checks = nil }
    SCOPE, JOIN = capture, true
    local v = nil
    ${call}
    JOIN = false
    if q == p then broken("repeated item consumed no bytes at offset " .. p) end
    p = q
    SCOPE = { vars = { ${sight.join(', ')} }, parent = nil }
    local last = truth(${luaExpr(expr)})
    SCOPE = saved
    i = i + 1
    if last then return p end
    ${Number.isFinite(node.maxItems) ? `if i >= ${node.maxItems} then broken("no item ended the repetition within ${node.maxItems} item(s)") end` : ''}
  end
end`)
}
