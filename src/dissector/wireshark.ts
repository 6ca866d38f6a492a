import type { Grammar } from '../grammar/codec.js'
import { analysisOf, startPatterns } from '../analysis/index.js'
import { emitNode, minimumFrame, spareHead } from './emit-node.js'
import { LuaProgram, type DissectorField } from './lua-program.js'
import { contextNeeds, referencedNames } from './emit-references.js'
import type { ChecksumPolicy, Node } from '../grammar/node.js'
import { filterName, luaNumber, luaString } from './lua-text.js'
import { luaRuntime } from './lua-runtime.js'

/**
 * Options of {@link wiresharkDissector}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { wiresharkDissector, type DissectorOptions } from 'oxwire'
 * import { struct, u8, u16be } from 'oxwire/combinators'
 * const options: DissectorOptions = { name: 'ping', port: 7000, maxFrame: 64 }
 * const { protocols, lua } = wiresharkDissector(struct({ id: u16be, ttl: u8 }), options)
 * assert.deepEqual(protocols, ['ping'])
 * assert.match(lua, /7000/)
 * ```
 * @category Tools
 */
export interface DissectorOptions {
  /** Protocol name (display-filter prefix) of a grammar that is not a `oneOf`. Default `oxwire`. */
  readonly name?: string
  /** TCP and UDP port to register the dissector on (besides the heuristic on markers). */
  readonly port?: number
  /** Largest frame; a length field claiming more is treated as broken, not waited for. Default 1 MiB. */
  readonly maxFrame?: number
  /**
   * A policy for every checksum field instead of each one's own, as
   * `decodeChecksums`' option: `report` (or `verify`) verifies the TCP/UDP
   * checksums that the gallery leaves unverified (policy `ignore`, for
   * captures with checksum offload). Without it, those are verified only
   * when the protocol's preference "Verify all checksums" is on
   * (`tshark -o <proto>.verify_all:TRUE`), as Wireshark's "Validate the
   * checksum if possible" is.
   */
  readonly checksumPolicy?: ChecksumPolicy
}

/**
 * A generated Wireshark dissector: the Lua source, its protocols and
 * fields, and notes on what it could not translate.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { wiresharkDissector, type WiresharkDissector } from 'oxwire'
 * import { detect } from 'oxwire/protocols'
 * const dissector: WiresharkDissector = wiresharkDissector(detect)
 * assert.deepEqual(dissector.protocols, ['tlm', 'evr']) // one per oneOf alternative
 * assert.ok(dissector.fields.some((f) => f.filter === 'tlm.seq'))
 * assert.match(dissector.lua, /Proto\(/)
 * ```
 * @category Tools
 */
export interface WiresharkDissector {
  /** The Lua source: load it with `tshark -X lua_script:proto.lua` or from Wireshark's plugin folder. */
  readonly lua: string
  /** Protocols, by display-filter prefix: one per `oneOf` alternative, else one. */
  readonly protocols: readonly string[]
  /** Every field with its display-filter name. */
  readonly fields: readonly DissectorField[]
  /** What the dissector shows differently from oxwire's decoder (custom codecs as bytes, unchecked refinements). */
  readonly notes: readonly string[]
}

interface Root {
  readonly proto: string
  readonly grammar: Grammar
}

function protoVar(proto: string): string {
  return `P_${proto.replace(/[^A-Za-z0-9_]/g, '_')}`
}

/**
 * Generates a Wireshark dissector (Lua) from a grammar, so a capture of the
 * protocol reads in Wireshark field by field:
 * - numbers with their width, signedness and byte order, floats, bytes,
 *   UTF-8 strings, bit fields with masks and booleans, enumerations and
 *   union heads with value strings;
 * - structs, arrays and union cases as subtrees; lengths, counts, heads and
 *   constants as fields of their own; display-filter names
 *   `<proto>.<field path>` (`tlm.payload.sensorId`);
 * - checksums verified, with a `<proto>.crc.status` field (Good/Bad) and an
 *   expert-info error on a mismatch;
 * - TCP reassembly through `dissect_tcp_pdus`, the frame length measured by
 *   walking the grammar; UDP datagrams as frames;
 * - a `oneOf` as one protocol per alternative, dispatched (and found by a
 *   heuristic dissector on TCP and UDP) by the alternatives' markers.
 * A `custom` codec is shown as bytes, and said so in `notes`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { wiresharkDissector } from 'oxwire'
 * import { checksummed, constant, crc16CcittFalse, marker, struct, u16be, u8 } from 'oxwire/combinators'
 * const ping = checksummed(struct({ magic: marker(constant(u16be, 0xc0de)), id: u8 }), crc16CcittFalse, u16be)
 * const dissector = wiresharkDissector(ping, { name: 'ping', port: 7000 })
 * assert.deepEqual(dissector.fields.map((f) => f.filter), ['ping.magic', 'ping.id', 'ping.crc', 'ping.crc.status'])
 * assert.match(dissector.lua, /dissect_tcp_pdus/)
 * ```
 * @category Tools
 */
export function wiresharkDissector(grammar: Grammar, options: DissectorOptions = {}): WiresharkDissector {
  const program = new LuaProgram()
  const top = analysisOf(grammar).unnamed
  const name = filterName((options.name ?? (grammar.node.tag === 'named' ? grammar.node.name : 'oxwire')).toLowerCase())
  const roots: Root[] = top.tag === 'oneOf' ? top.alternatives.map((alt) => ({ proto: filterName(alt.name.toLowerCase()), grammar: alt.inner })) : [{ proto: name, grammar }]
  const maxFrame = options.maxFrame ?? 1 << 20
  const chunks: string[] = []
  const spare = (node: Node) => (node.tag === 'dependent' ? spareHead(node) : undefined)
  program.referenced = referencedNames(grammar, spare)
  const needs = contextNeeds(grammar, spare)
  program.nameKinds = needs.kinds
  program.contextNames = needs.names
  program.checksumPolicy = options.checksumPolicy
  for (const root of roots) {
    const P = protoVar(root.proto)
    const experts = `X[${luaString(root.proto)}]`
    const walk = emitNode(root.grammar.node, { program, proto: root.proto, experts, path: '', label: '' })
    const patterns = startPatterns(root.grammar) ?? []
    const test = patterns
      .map(({ mask, value }) => {
        const checks = [...mask].flatMap((m, i) => (m === 0 ? [] : [m === 0xff ? `tvb(off + ${i}, 1):uint() == ${value[i]}` : `band(tvb(off + ${i}, 1):uint(), ${m}) == ${value[i]}`]))
        return `(tvb:len() >= off + ${mask.length} and ${checks.join(' and ')})`
      })
      .join(' or ')
    chunks.push(`
-- ${root.proto} ------------------------------------------------------------
local ${P} = Proto(${luaString(root.proto)}, ${luaString(`${root.proto.toUpperCase()} (oxwire grammar)`)})
${experts} = {
  checksum = ProtoExpert.new(${luaString(`${root.proto}.checksum.bad`)}, "Bad checksum", expert.group.CHECKSUM, expert.severity.ERROR),
  malformed = ProtoExpert.new(${luaString(`${root.proto}.malformed`)}, "Malformed frame", expert.group.MALFORMED, expert.severity.ERROR),
  custom = ProtoExpert.new(${luaString(`${root.proto}.undecoded`)}, "Part shown as bytes", expert.group.UNDECODED, expert.severity.NOTE),
}
${P}.experts = { ${experts}.checksum, ${experts}.malformed, ${experts}.custom }
-- As Wireshark's "Validate the TCP checksum if possible": off by default, for captures with checksum offload.
${P}.prefs.verify_all = Pref.bool("Verify all checksums", false, "Also verify the checksums that the grammar leaves unverified (policy ignore, as TCP and UDP over their pseudo-header)")
ROOTS[#ROOTS + 1] = {
  proto = ${P},
  name = ${luaString(root.proto.toUpperCase())},
  walk = function(...) return ${walk}(...) end,
  min = ${minimumFrame(root.grammar)},
  experts = ${experts},
  matches = function(tvb, off) return ${test === '' ? 'true' : test} end,
  marked = ${patterns.length > 0},
}`)
  }
  const fieldLines = program.fields.map((f) => `F[${f.index}] = ${f.constructor}`)
  const protoFields = roots.map((root) => {
    const prefix = `${root.proto}.`
    const own = program.fields.filter((f) => f.filter === root.proto || f.filter.startsWith(prefix)).map((f) => `F[${f.index}]`)
    return `${protoVar(root.proto)}.fields = { ${own.join(', ')} }`
  })
  const dispatcher = roots.length > 1 ? `local DISPATCH = Proto(${luaString(name)}, ${luaString(`${name} (oxwire: ${roots.map((r) => r.proto).join(', ')})`)})` : `local DISPATCH = ROOTS[1].proto`
  const lua = `-- Wireshark dissector generated by oxwire from the grammar ${luaString(name)}.
-- Load it with: tshark -X lua_script:THIS_FILE ...  or copy it into Wireshark's
-- personal Lua plugins folder (Help > About Wireshark > Folders).
-- Display filters: ${roots.map((r) => `${r.proto}.*`).join(', ')}
${luaRuntime}
local F = {}
local D = {}
local X = {}
local ROOTS = {}
local MAX_FRAME = ${luaNumber(maxFrame)}

${program.functions.map((body, i) => `D[${i + 1}] = ${body}`).join('\n\n')}

${fieldLines.join('\n')}
${chunks.join('\n')}

${protoFields.join('\n')}

local function root_at(tvb, off)
  for _, root in ipairs(ROOTS) do
    if root.matches(tvb, off) then return root end
  end
  return nil
end

-- The frame's length from its first bytes: 0 asks TCP for one more segment.
local function frame_length(tvb, pinfo, off)
  local root = root_at(tvb, off)
  if root == nil then return tvb:len() - off end
  SCOPE, JOIN, DEPTH, OPAQUE = nil, false, 0, false
  local ok, e = pcall(root.walk, tvb, nil, off, math.huge)
  if ok then return e - off end
  if OPAQUE then return tvb:len() - off end
  if e == NEED and tvb:len() - off < MAX_FRAME then return 0 end
  return tvb:len() - off
end

local function dissect_frame(tvb, pinfo, tree)
  local root = root_at(tvb, 0)
  if root == nil then return 0 end
  pinfo.cols.protocol = root.name
  local t = tree:add(root.proto, tvb())
  SCOPE, JOIN, DEPTH, OPAQUE = nil, false, 0, false
  VERIFY_ALL = root.proto.prefs.verify_all
  local ok, e = pcall(root.walk, tvb, t, 0, math.huge)
  if not ok and OPAQUE then
    -- Past bytes whose end is unknown: said by their expert note, not malformed.
    t:add_proto_expert_info(root.experts.custom, "the fields after bytes of unknown end are not shown")
  elseif not ok then
    if e == NEED then
      t:add_proto_expert_info(root.experts.malformed, "the frame ends early")
    elseif type(e) == "table" then
      t:add_proto_expert_info(root.experts.malformed, e.msg)
    else
      t:add_proto_expert_info(root.experts.malformed, tostring(e))
    end
  end
  return tvb:len()
end

local MIN_FRAME = math.huge
for _, root in ipairs(ROOTS) do MIN_FRAME = math.min(MIN_FRAME, root.min) end

${dispatcher}

local function dispatch(tvb, pinfo, tree)
  if pinfo.can_desegment > 0 then
    dissect_tcp_pdus(tvb, tree, MIN_FRAME, frame_length, dissect_frame)
  else
    local off = 0
    while off < tvb:len() do
      local n = frame_length(tvb, pinfo, off)
      if n <= 0 then n = tvb:len() - off end
      dissect_frame(tvb(off, n):tvb(), pinfo, tree)
      off = off + n
    end
  end
  return tvb:len()
end
DISPATCH.dissector = dispatch

-- Found by markers on any port: the rest of the conversation follows.
local function heuristic()
  return function(tvb, pinfo, tree)
    if root_at(tvb, 0) == nil then return false end
    pinfo.conversation = DISPATCH
    -- The Lua function itself: calling DISPATCH.dissector would go through
    -- call_dissector, which uses up TCP's permission to reassemble.
    dispatch(tvb, pinfo, tree)
    return true
  end
end
local marked = true
for _, root in ipairs(ROOTS) do marked = marked and root.marked end
if marked then
  DISPATCH:register_heuristic("tcp", heuristic())
  DISPATCH:register_heuristic("udp", heuristic())
end
${options.port === undefined ? '' : `DissectorTable.get("tcp.port"):add(${options.port}, DISPATCH)
DissectorTable.get("udp.port"):add(${options.port}, DISPATCH)`}
`
  return {
    lua,
    protocols: roots.map((r) => r.proto),
    fields: program.fields.map(({ filter, type, role, valueStrings }) => ({ filter, type, role, valueStrings })),
    notes: program.notes,
  }
}
