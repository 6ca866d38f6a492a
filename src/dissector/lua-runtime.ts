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

-- Checks that n bytes from pos lie within the region [.., stop) and the data.
local function need(tvb, pos, n, stop)
  if pos + n > stop then
    if stop >= tvb:len() then error(NEED, 0) end
    broken(string.format("%d byte(s) at offset %d run past the end of their region (%d)", n, pos, stop))
  end
  if pos + n > tvb:len() then error(NEED, 0) end
end

local function reflect(v, width)
  local r = 0
  for i = 0, width - 1 do
    if band(rshift(v, i), 1) == 1 then r = bor(r, lshift(1, width - 1 - i)) end
  end
  return r
end

-- Any CRC of the Rocksoft/Williams model (the parameters of oxwire's crc()).
local function crc(tvb, s, e, width, poly, init, refin, refout, xorout)
  local mask = width == 32 and 0xFFFFFFFF or lshift(1, width) - 1
  local top = lshift(1, width - 1)
  local reg = init
  local bytes = tvb:bytes(s, e - s)
  for i = 0, e - s - 1 do
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

local function internet_checksum(tvb, s, e)
  local bytes = tvb:bytes(s, e - s)
  local sum, n = 0, e - s
  for i = 0, n - 2, 2 do sum = sum + bytes:get_index(i) * 256 + bytes:get_index(i + 1) end
  if n % 2 == 1 then sum = sum + bytes:get_index(n - 1) * 256 end
  while sum > 0xFFFF do sum = (sum % 0x10000) + math.floor(sum / 0x10000) end
  return band(bit.bnot(sum), 0xFFFF)
end

local function sum8(tvb, s, e)
  local bytes, sum = tvb:bytes(s, e - s), 0
  for i = 0, e - s - 1 do sum = sum + bytes:get_index(i) end
  return sum % 256
end

local function xor8(tvb, s, e)
  local bytes, x = tvb:bytes(s, e - s), 0
  for i = 0, e - s - 1 do x = bxor(x, bytes:get_index(i)) end
  return x
end

-- A subtree for a nested part; its length is set once the part is walked.
local function subtree(t, tvb, pos, label)
  if t == nil then return nil end
  local n = tvb:len() > pos and 1 or 0
  return t:add(tvb(pos, n), label)
end

local checksum_status = { [0] = "Bad", [1] = "Good", [2] = "Unverified" }
`
