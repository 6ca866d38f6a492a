/**
 * The fixed Lua helpers every generated dissector starts with: bounds
 * checks that tell "needs more bytes" (TCP reassembly waits) from "broken"
 * (the frame is malformed), bit operations for Lua 5.2 (Wireshark up to
 * 4.2 ships Lua 5.2 with `bit32`; later ones keep a `bit32`-compatible
 * `bit`), and the checksum algorithms oxwire knows.
 * @internal
 */
export const luaRuntime = `
local bit = bit32 or bit
local band, bor, bxor, lshift, rshift = bit.band, bit.bor, bit.bxor, bit.lshift, bit.rshift

-- Errors raised while walking a frame: NEED (more bytes) or a table { msg = ... }.
local NEED = {}
local function broken(msg) error({ msg = msg }, 0) end

-- A region ends at \`stop\` (math.huge for a whole frame, whose end is
-- the end of the data that has come). Reading past a region's end is
-- broken; reading past the data's end needs more bytes.
local function need(tvb, pos, n, stop)
  if pos + n > stop then
    broken(string.format("%d byte(s) at offset %d run past the end of their region (%d)", n, pos, stop))
  end
  if pos + n > tvb:len() then error(NEED, 0) end
end

-- Whether n bytes fit before the region's end (a marker test: false when not; NEED past the data).
local function fits(tvb, pos, n, stop)
  if pos + n > stop then return false end
  if pos + n > tvb:len() then error(NEED, 0) end
  return true
end

-- Where "the rest of the region" ends: the region's end, or the data's.
local function rest_end(tvb, stop) return math.min(stop, tvb:len()) end

local function reflect(v, width)
  local r = 0
  for i = 0, width - 1 do
    if band(rshift(v, i), 1) == 1 then r = bor(r, lshift(1, width - 1 - i)) end
  end
  return r
end

-- Checksums over a ByteArray (tvb:bytes(s, n), or a copy with bytes zeroed).
-- Any CRC of the Rocksoft/Williams model (the parameters of oxwire's crc()).
local function crc(bytes, width, poly, init, refin, refout, xorout)
  local mask = width == 32 and 0xFFFFFFFF or lshift(1, width) - 1
  local top = lshift(1, width - 1)
  local reg = init
  for i = 0, bytes:len() - 1 do
    local b = bytes:get_index(i)
    if refin then b = reflect(b, 8) end
    if width >= 8 then
      reg = bxor(reg, lshift(b, width - 8))
      for _ = 1, 8 do
        if band(reg, top) ~= 0 then reg = band(bxor(lshift(reg, 1), poly), mask) else reg = band(lshift(reg, 1), mask) end
      end
    end
  end
  if refout then reg = reflect(reg, width) end
  return band(bxor(reg, xorout), mask)
end

local function internet_checksum(bytes)
  local sum, n = 0, bytes:len()
  for i = 0, n - 2, 2 do sum = sum + bytes:get_index(i) * 256 + bytes:get_index(i + 1) end
  if n % 2 == 1 then sum = sum + bytes:get_index(n - 1) * 256 end
  while sum > 0xFFFF do sum = (sum % 0x10000) + math.floor(sum / 0x10000) end
  return band(bit.bnot(sum), 0xFFFF)
end

local function sum8(bytes)
  local sum = 0
  for i = 0, bytes:len() - 1 do sum = sum + bytes:get_index(i) end
  return sum % 256
end

local function xor8(bytes)
  local x = 0
  for i = 0, bytes:len() - 1 do x = bxor(x, bytes:get_index(i)) end
  return x
end

-- A subtree for a nested part; its length is set once the part is walked.
local function subtree(t, tvb, pos, label)
  if t == nil then return nil end
  local n = tvb:len() > pos and 1 or 0
  return t:add(tvb(pos, n), label)
end

local checksum_status = { [0] = "Bad", [1] = "Good", [2] = "Unverified" }

-- A tree that keeps nothing: a oneOf alternative is tried on it first, so
-- one that turns out broken leaves no fields behind.
local NULL_TREE = setmetatable({}, { __index = function() return function(self) return self end end })

-- Fields that later fields refer to by name (ref), as oxwire's decoder keeps
-- them: one frame per struct that holds references, innermost first; an
-- inlined struct (JOIN) shares its parent's names.
local SCOPE = nil
local JOIN = false
-- How many lazy (recursive) grammars the walk is inside; reset per frame.
local DEPTH = 0
-- Whether the walk has shown a part as bytes whose end it cannot know (a
-- repeatUntil with a JavaScript predicate): what fails after it is not
-- the frame's fault. Reset per frame.
local OPAQUE = false
-- The protocol's "verify all checksums" preference, for the frame being dissected.
local VERIFY_ALL = false

local function open_frame(pos)
  local parent = SCOPE
  local vars = (JOIN and parent ~= nil) and parent.vars or {}
  JOIN = false
  SCOPE = { vars = vars, parent = parent, start = pos, checks = nil }
  return SCOPE
end

-- Ends a struct's frame: its checksum fields are verified over [start, stop).
local function close_frame(frame, tvb, stop)
  if frame.checks ~= nil then
    for _, check in ipairs(frame.checks) do check(tvb, frame.start, stop) end
  end
  SCOPE = frame.parent
end

local function bind(name, v)
  if SCOPE ~= nil then SCOPE.vars[name] = v end
end

-- A signed bit field's value from its bits (two's complement in its width).
local function signed(u, width)
  if u >= 2 ^ (width - 1) then return u - 2 ^ width end
  return u
end

-- A 64-bit value (UInt64 or Int64) as oxwire's expressions take a bigint:
-- a number while it is within ±(2^53 − 1), else left as it is, which
-- lookup refuses ("not a number or boolean"), as oxwire does. Rounding to
-- a double is monotonic and 2^53 − 1 is exact, so the test on the rounded
-- value is exact.
local function safe64(v)
  local n = v:tonumber()
  if n <= 9007199254740991 and n >= -9007199254740991 then return n end
  return v
end

local function lookup(name)
  local f = SCOPE
  while f ~= nil do
    local v = f.vars[name]
    if v ~= nil then
      if type(v) ~= "number" and type(v) ~= "boolean" then broken("field " .. name .. " is not a number or boolean") end
      return v
    end
    f = f.parent
  end
  broken("no field " .. name .. " before this one")
end

-- A checksum context's parts (see checksum-context.ts): an enclosing field
-- as it was read (bytes kept as a ByteArray, numbers as numbers), nil when
-- no enclosing struct has it as that kind, as oxwire's context then gives
-- no value and the checksum is unverified.
local function context_value(name)
  local f = SCOPE
  while f ~= nil do
    local v = f.vars[name]
    if v ~= nil then return v end
    f = f.parent
  end
  return nil
end
local function context_bytes(name, size)
  local v = context_value(name)
  if typeof(v) ~= "ByteArray" or v:len() ~= size then return nil end
  return v:tohex()
end
local function context_number(name)
  local v = context_value(name)
  if type(v) ~= "number" then return nil end
  return v
end
-- An integer as hex bytes of its width and order; nil when it does not fit.
local function context_int(v, size, little, signed)
  if type(v) ~= "number" or v % 1 ~= 0 then return nil end
  local span = 2 ^ (8 * size)
  if signed then
    if v < -span / 2 or v >= span / 2 then return nil end
    if v < 0 then v = v + span end
  elseif v < 0 or v >= span then return nil end
  local out = {}
  for i = size, 1, -1 do
    local byte = v % 256
    v = (v - byte) / 256
    if little then out[size - i + 1] = string.format("%02X", byte) else out[i] = string.format("%02X", byte) end
  end
  return table.concat(out)
end

-- Expressions over earlier fields, with oxwire's rules: arithmetic and
-- order on numbers only, exact division, truth as in JavaScript.
local function num(v, what)
  if type(v) ~= "number" then broken(what .. " needs numbers") end
  return v
end
local function truth(v) return v ~= false and v ~= 0 and v == v end
local function exact_div(a, b, what)
  num(a, what)
  num(b, what)
  if b == 0 or (a / b) % 1 ~= 0 then broken(string.format("%s: %s is not a multiple of %s", what, tostring(a), tostring(b))) end
  return math.floor(a / b)
end

-- Floor modulo (the divisor's sign), as Lua's % and oxwire's mod.
local function floor_mod(a, b, what)
  num(a, what)
  num(b, what)
  if b == 0 then broken(what .. ": division by 0") end
  return a % b
end

-- A count or size from the wire or an expression: a whole number, not negative.
local function whole(n, what)
  if type(n) ~= "number" or n < 0 or n % 1 ~= 0 then broken(what .. " " .. tostring(n) .. " is not a whole number of at least 0") end
  return n
end

-- A dependent head as the key of its case: "3" for 3 (also Lua 5.3's 3.0), "true".
local function case_key(h)
  if type(h) == "number" and h % 1 == 0 then return string.format("%d", h) end
  return tostring(h)
end
`
