// binary-parser 2.3.0's own test suite (test/primitive_parser.ts and
// test/composite_parser.ts), re-written as data: each case's parser
// definition, inputs and expected values are the upstream test's facts; the
// code is ours. `unread` says how many bytes binary-parser leaves unread of
// an input (those need `trailing: 'ignore'` to be accepted whole), `short`
// marks an input shorter than what the parser reads (binary-parser cuts the
// read short; `incomplete` is the right answer) and gives the bytes that
// complete it.
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { Parser } from 'binary-parser'

export interface UpstreamInput {
  readonly bytes: readonly number[]
  /** The value upstream expects (omitted where it checks approximately). */
  readonly expected?: unknown
  /** Upstream expects parse to throw. */
  readonly throws?: true
  /** Bytes binary-parser leaves unread. */
  readonly unread?: number
  /** The input is cut short; these bytes complete it. */
  readonly short?: readonly number[]
}

export interface UpstreamCase {
  /** Feature family, for the summary. */
  readonly family: string
  /** The upstream test's title. */
  readonly name: string
  /** Builds the parser (fresh, as upstream does, since `namely` registers names globally). */
  readonly build: () => Parser
  readonly inputs: readonly UpstreamInput[]
}

const hex = (s: string): number[] => (s.match(/../g) ?? []).map((b) => parseInt(b, 16))
const text = (s: string): number[] => Array.from(new TextEncoder().encode(s))
const bin = (s: string): number[] => (s.replace(/\s/g, '').match(/.{8}/g) ?? []).map((b) => parseInt(b, 2))
const u8 = (bytes: readonly number[]) => Uint8Array.from(bytes)

// The upstream "array of arrays" buffer: 10 rows of 5 int32le, row i column j = i * j.
const rows = (() => {
  const view = new DataView(new ArrayBuffer(1 + 10 * 21))
  let at = 0
  view.setUint8(at++, 10)
  for (let i = 0; i < 10; i++) {
    view.setUint8(at++, 5)
    for (let j = 0; j < 5; j++, at += 4) view.setInt32(at, i * j, true)
  }
  return Array.from(new Uint8Array(view.buffer))
})()

const deflated = (() => {
  const inner = Uint8Array.of(12, ...text('This is compressible text.\0'), 34)
  const packed = deflateRawSync(inner)
  return [...Array.from(new Uint8Array(Uint32Array.of(packed.length).buffer)), ...Array.from(packed), 42]
})()

const bits = (family: string, name: string, build: () => Parser, input: string, expected: unknown): UpstreamCase => ({ family, name, build, inputs: [{ bytes: bin(input), expected }] })

const hello = text('hello, world')
const lumps = [2, ...hex('d20400002e160000'), ...text('AAAAAAAA'), ...hex('2e160000d2040000'), ...text('bbbbbbbb')]

/** The class of the upstream `create` test. */
export class Person {
  name = ''
}

export const upstreamCases: readonly UpstreamCase[] = [
  // ---- primitives
  { family: 'primitives', name: 'empty parser', build: () => Parser.start(), inputs: [{ bytes: [0x0a, 0x14, 0x1e, 0x28, 0x32], expected: {}, unread: 5 }] },
  {
    family: 'primitives',
    name: 'integer types',
    build: () => Parser.start().uint8('a').int16le('b').uint32be('c'),
    inputs: [{ bytes: hex('00d20400bc614e'), expected: { a: 0, b: 1234, c: 12345678 } }],
  },
  {
    family: 'primitives',
    name: 'uint64',
    build: () => Parser.start().uint64be('a').uint64le('b'),
    inputs: [{ bytes: hex('00000000ffffffff00000000ffffffff'), expected: { a: 4294967295n, b: 18446744069414584320n } }],
  },
  {
    family: 'primitives',
    name: 'int64',
    build: () => Parser.start().int64be('a').int64le('b').int64be('c').int64le('d'),
    inputs: [{ bytes: hex('00000000ffffffff01000000ffffffff00000000ffffffff01000000ffffffff'), expected: { a: 4294967295n, b: -4294967295n, c: 4294967295n, d: -4294967295n } }],
  },
  {
    family: 'formatters',
    name: 'formatter on integers',
    build: () =>
      Parser.start()
        .uint8('a', { formatter: (v: number) => v * 2 })
        .int16le('b', { formatter: (v: number) => 'test' + String(v) }),
    inputs: [{ bytes: [0x01, 0xd2, 0x04], expected: { a: 2, b: 'test1234' } }],
  },
  { family: 'primitives', name: 'floating point', build: () => Parser.start().floatbe('a').doublele('b'), inputs: [{ bytes: hex('4145851f7a36ab3e575bb1bf') }] },
  {
    family: 'primitives',
    name: 'endianness',
    build: () => Parser.start().int32le('little').int32be('big'),
    inputs: [{ bytes: hex('4e61bc0000bc614e'), expected: { little: 12345678, big: 12345678 } }],
  },
  {
    family: 'seek',
    name: 'seek',
    build: () => Parser.start().uint8('a').seek(3).uint16le('b').uint32be('c'),
    inputs: [{ bytes: hex('00fffffed20400bc614e'), expected: { a: 0, b: 1234, c: 12345678 } }],
  },
  // ---- bit fields
  bits('bit fields', '1-byte sequence', () => new Parser().bit1('a').bit2('b').bit4('c').bit1('d'), '1 10 1010 0', { a: 1, b: 2, c: 10, d: 0 }),
  bits('bit fields', '1-byte sequence, little endian', () => new Parser().endianness('little').bit1('a').bit2('b').bit4('c').bit1('d'), '1 10 1010 0', { a: 0, b: 2, c: 10, d: 1 }),
  bits('bit fields', '2-byte sequence', () => new Parser().bit3('a').bit9('b').bit4('c'), '101 111000111 0111', { a: 5, b: 455, c: 7 }),
  bits('bit fields', '2-byte sequence, little endian', () => new Parser().endianness('little').bit3('a').bit9('b').bit4('c'), '101 111000111 0111', { a: 7, b: 398, c: 11 }),
  bits('bit fields', '4-byte sequence', () => new Parser().bit1('a').bit24('b').bit4('c').bit2('d').bit1('e'), '1 101010101010101010101010 1111 01 1', { a: 1, b: 11184810, c: 15, d: 1, e: 1 }),
  bits('bit fields', '4-byte sequence, little endian', () => new Parser().endianness('little').bit1('a').bit24('b').bit4('c').bit2('d').bit1('e'), '1 101010101010101010101010 1111 01 1', {
    a: 1,
    b: 11184829,
    c: 10,
    d: 2,
    e: 1,
  }),
  bits('bit fields', '32-bit field', () => new Parser().bit32('a'), '10110101011101010111001010011101', { a: 3044373149 }),
  bits('bit fields', '32-bit field between others', () => new Parser().bit6('a').bit32('b').bit2('c'), '101101 10110101011101010111001010011101 11', { a: 45, b: 3044373149, c: 3 }),
  bits('bit fields', 'long sequence', () => new Parser().bit1('a').bit24('b').bit4('c').bit2('d').bit9('e'), '1 101010101010101010101010 1111 01 110100110', { a: 1, b: 11184810, c: 15, d: 1, e: 422 }),
  bits('bit fields', 'long sequence, little endian', () => new Parser().endianness('little').bit1('a').bit24('b').bit4('c').bit2('d').bit9('e'), '1 101010101010101010101010 1111 01 110100110', {
    a: 1,
    b: 11184829,
    c: 10,
    d: 2,
    e: 422,
  }),
  bits('bit fields', 'nested bit fields', () => new Parser().bit1('a').nest('x', { type: new Parser().bit2('b').bit4('c').bit1('d') }), '11010100', { a: 1, x: { b: 2, c: 10, d: 0 } }),
  bits(
    'asserts',
    'assert on bit fields',
    () =>
      new Parser()
        .bit4('a', { assert: (v: number | string) => v === 10 })
        .bit3('b', { assert: (v: number | string) => v === 7 })
        .bit1('c', { assert: (v: number | string) => v === 1 }),
    '1010 111 1',
    { a: 10, b: 7, c: 1 },
  ),
  bits(
    'formatters',
    'formatter on bit fields',
    () =>
      new Parser()
        .bit4('a', { formatter: (v: number) => v * 2 })
        .bit3('b', { formatter: (v: number) => v * 3 })
        .bit1('c', { formatter: (v: number) => v * 4 }),
    '1010 111 1',
    { a: 20, b: 21, c: 4 },
  ),
  // ---- strings
  { family: 'strings', name: 'UTF-8, ASCII only', build: () => Parser.start().string('msg', { length: 12, encoding: 'utf8' }), inputs: [{ bytes: hello, expected: { msg: 'hello, world' } }] },
  { family: 'strings', name: 'UTF-8', build: () => Parser.start().string('msg', { length: 30, encoding: 'utf8' }), inputs: [{ bytes: text('こんにちは、せかい。'), expected: { msg: 'こんにちは、せかい。' } }] },
  { family: 'strings', name: 'hex', build: () => Parser.start().string('msg', { length: 4, encoding: 'hex' }), inputs: [{ bytes: hex('cafebabe'), expected: { msg: 'cafebabe' } }] },
  {
    family: 'strings',
    name: 'length from a field',
    build: () => Parser.start().uint8('length').string('msg', { length: 'length', encoding: 'utf8' }),
    inputs: [{ bytes: [12, ...hello], expected: { length: 12, msg: 'hello, world' } }],
  },
  { family: 'strings', name: 'zero-terminated', build: () => Parser.start().string('msg', { zeroTerminated: true, encoding: 'utf8' }), inputs: [{ bytes: [...hello, 0], expected: { msg: 'hello, world' } }] },
  {
    family: 'strings',
    name: 'zero-terminated with a maximum length',
    build: () => Parser.start().string('a', { length: 5, zeroTerminated: true }).string('b', { length: 5, zeroTerminated: true }).string('c', { length: 5, zeroTerminated: true }),
    inputs: [{ bytes: text('abc\0defghij\0'), expected: { a: 'abc', b: 'defgh', c: 'ij' } }],
  },
  { family: 'strings', name: 'keeps trailing NULs', build: () => Parser.start().string('str', { length: 7, stripNull: false }), inputs: [{ bytes: hex('746573740000'), expected: { str: 'test\0\0' }, short: [0] }] },
  { family: 'strings', name: 'strips trailing NULs', build: () => Parser.start().string('str', { length: 7, stripNull: true }), inputs: [{ bytes: hex('746573740000'), expected: { str: 'test' }, short: [0] }] },
  { family: 'greedy strings', name: 'greedy string with NULs inside', build: () => Parser.start().string('a', { greedy: true }), inputs: [{ bytes: text('abc\0defghij\0'), expected: { a: 'abc\0defghij\0' } }] },
  // ---- buffers
  {
    family: 'buffers',
    name: 'buffer of a field length',
    build: () => new Parser().uint8('len').buffer('raw', { length: 'len' }),
    inputs: [{ bytes: hex('08deadbeefdeadbeef'), expected: { len: 8, raw: u8(hex('deadbeefdeadbeef')) } }],
  },
  { family: 'buffers', name: 'cloned buffer', build: () => new Parser().buffer('raw', { length: 8, clone: true }), inputs: [{ bytes: hex('deadbeefdeadbeef'), expected: { raw: u8(hex('deadbeefdeadbeef')) } }] },
  {
    family: 'readUntil function',
    name: 'buffer until a function says stop',
    build: () =>
      new Parser()
        .endianness('big')
        .uint8('cmd')
        .buffer('data', { readUntil: (item: number) => item === 2 }),
    inputs: [
      { bytes: hex('aa'), expected: { cmd: 0xaa, data: u8([]) } },
      { bytes: hex('aabbcc'), expected: { cmd: 0xaa, data: u8(hex('bbcc')) } },
      { bytes: hex('aa02bbcc'), expected: { cmd: 0xaa, data: u8([]) }, unread: 3 },
      { bytes: hex('aabbcc02'), expected: { cmd: 0xaa, data: u8(hex('bbcc')) }, unread: 1 },
      { bytes: hex('aabbcc02dd'), expected: { cmd: 0xaa, data: u8(hex('bbcc')) }, unread: 2 },
    ],
  },
  {
    family: "readUntil 'eof'",
    name: 'buffer to the end keeps its last byte',
    build: () => new Parser().buffer('buf', { readUntil: 'eof', formatter: (b: Uint8Array) => b }),
    inputs: [{ bytes: text('John\0Doe\0'), expected: { buf: u8(text('John\0Doe\0')) } }],
  },
  // ---- arrays
  {
    family: 'arrays',
    name: 'array of primitives',
    build: () => Parser.start().uint8('length').array('message', { length: 'length', type: 'uint8' }),
    inputs: [{ bytes: [12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], expected: { length: 12, message: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] } }],
  },
  {
    family: 'arrays',
    name: 'array of primitives, lengthInBytes',
    build: () => Parser.start().uint8('length').array('message', { lengthInBytes: 'length', type: 'uint8' }),
    inputs: [{ bytes: [12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], expected: { length: 12, message: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] } }],
  },
  {
    family: 'arrays',
    name: 'array of user types',
    build: () => Parser.start().uint16le('length').array('message', { length: 'length', type: new Parser().uint8('key').int16le('value') }),
    inputs: [{ bytes: hex('0200cad204bed304'), expected: { length: 2, message: [{ key: 0xca, value: 1234 }, { key: 0xbe, value: 1235 }] } }],
  },
  {
    family: 'context variables',
    name: 'array items read $parent',
    build: () =>
      Parser.start()
        .useContextVars()
        .uint16le('length')
        .uint16le('valueLength')
        .array('message', {
          length: 'length',
          type: new Parser().uint8('key').array('value', {
            type: 'uint8',
            length: function (this: { $parent: { valueLength: number } }) {
              return this.$parent.valueLength
            },
          }),
        }),
    inputs: [
      {
        bytes: hex('02000200cad204bed304'),
        expected: { length: 2, valueLength: 2, message: [{ key: 0xca, value: [0xd2, 0x04] }, { key: 0xbe, value: [0xd3, 0x04] }] },
      },
    ],
  },
  {
    family: 'context variables',
    name: 'array items read $root',
    build: () =>
      Parser.start()
        .useContextVars()
        .uint16le('length')
        .uint16le('valueLength')
        .array('message', {
          length: 'length',
          type: new Parser().uint8('key').nest('data', { type: new Parser().array('value', { type: 'uint8', length: '$root.valueLength' }) }),
        }),
    inputs: [
      {
        bytes: hex('02000200cad204bed304'),
        expected: { length: 2, valueLength: 2, message: [{ key: 0xca, data: { value: [0xd2, 0x04] } }, { key: 0xbe, data: { value: [0xd3, 0x04] } }] },
      },
    ],
  },
  {
    family: 'arrays',
    name: 'array of user types, lengthInBytes',
    build: () => Parser.start().uint16le('length').array('message', { lengthInBytes: 'length', type: new Parser().uint8('key').int16le('value') }),
    inputs: [{ bytes: hex('0600cad204bed304'), expected: { length: 6, message: [{ key: 0xca, value: 1234 }, { key: 0xbe, value: 1235 }] } }],
  },
  {
    family: 'arrays',
    name: 'array of user types, lengthInBytes literal',
    build: () => Parser.start().array('message', { lengthInBytes: 6, type: new Parser().uint8('key').int16le('value') }),
    inputs: [{ bytes: hex('cad204bed304'), expected: { message: [{ key: 0xca, value: 1234 }, { key: 0xbe, value: 1235 }] } }],
  },
  {
    family: 'arrays',
    name: 'array of user types, lengthInBytes function',
    build: () =>
      Parser.start()
        .uint16le('length')
        .array('message', {
          lengthInBytes: function (this: { length: number }) {
            return this.length
          },
          type: new Parser().uint8('key').int16le('value'),
        }),
    inputs: [{ bytes: hex('0600cad204bed304'), expected: { length: 6, message: [{ key: 0xca, value: 1234 }, { key: 0xbe, value: 1235 }] } }],
  },
  {
    family: 'arrays',
    name: 'array of arrays',
    build: () => Parser.start().uint8('length').array('rows', { length: 'length', type: Parser.start().uint8('length').array('cols', { length: 'length', type: 'int32le' }) }),
    inputs: [{ bytes: rows, expected: { length: 10, rows: Array.from({ length: 10 }, (_, i) => ({ length: 5, cols: [0, 1, 2, 3, 4].map((j) => i * j) })) } }],
  },
  {
    family: "readUntil 'eof'",
    name: 'array to the end',
    build: () => Parser.start().array('data', { readUntil: 'eof', type: 'uint8' }),
    inputs: [{ bytes: Array(10).fill(0xff), expected: { data: Array(10).fill(0xff) } }],
  },
  {
    family: 'readUntil function',
    name: 'array until a function says stop',
    build: () => Parser.start().array('data', { readUntil: (item: number) => item === 0, type: 'uint8' }),
    inputs: [{ bytes: hex('ffffff0100ffffffffff'), expected: { data: [0xff, 0xff, 0xff, 0x01, 0x00] }, unread: 5 }],
  },
  {
    family: 'readUntil function',
    name: 'array until a function reading ahead says stop',
    build: () => Parser.start().array('data', { readUntil: (_: number, buf: Uint8Array) => buf.length > 0 && buf[0] === 0, type: 'uint8' }),
    inputs: [{ bytes: hex('ffffff0100ffffffffff'), expected: { data: [0xff, 0xff, 0xff, 0x01] }, unread: 6 }],
  },
  {
    family: 'arrays',
    name: 'associative array',
    build: () =>
      Parser.start()
        .int8('numlumps')
        .array('lumps', { type: Parser.start().int32le('filepos').int32le('size').string('name', { length: 8, encoding: 'utf8' }), length: 'numlumps', key: 'name' }),
    inputs: [
      {
        bytes: lumps,
        expected: { numlumps: 2, lumps: { AAAAAAAA: { filepos: 1234, size: 5678, name: 'AAAAAAAA' }, bbbbbbbb: { filepos: 5678, size: 1234, name: 'bbbbbbbb' } } },
      },
    ],
  },
  {
    family: 'formatters',
    name: 'formatter on an array',
    build: () => Parser.start().array('data', { type: 'uint8', length: 4, formatter: (a: number[]) => a.join('.') }),
    inputs: [{ bytes: [0x0a, 0x0a, 0x01, 0x6e], expected: { data: '10.10.1.110' } }],
  },
  {
    family: 'named and recursive parsers',
    name: 'array recursion',
    build: () => Parser.start().namely('self').uint8('length').array('data', { type: 'self', length: 'length' }),
    inputs: [{ bytes: [1, 1, 1, 0], expected: { length: 1, data: [{ length: 1, data: [{ length: 1, data: [{ length: 0, data: [] }] }] }] } }],
  },
  {
    family: 'named and recursive parsers',
    name: 'deeper array recursion',
    build: () => Parser.start().namely('self').uint8('length').array('data', { type: 'self', length: 'length' }),
    inputs: [
      {
        bytes: [2, 3, 1, 0, 0, 2, 1, 0, 0, 1, 0],
        expected: {
          length: 2,
          data: [
            {
              length: 3,
              data: [
                { length: 1, data: [{ length: 0, data: [] }] },
                { length: 0, data: [] },
                { length: 2, data: [{ length: 1, data: [{ length: 0, data: [] }] }, { length: 0, data: [] }] },
              ],
            },
            { length: 1, data: [{ length: 0, data: [] }] },
          ],
        },
      },
    ],
  },
  {
    family: 'context variables',
    name: 'choice tag from a function reading vars',
    build: () =>
      Parser.start()
        .uint8('version')
        .nest('child', {
          type: Parser.start().choice('data', {
            tag: (vars: { version: number }) => vars.version,
            choices: { 1: Parser.start().uint8('v1'), 2: Parser.start().uint16('v2') },
          }),
        }),
    inputs: [
      { bytes: [1, 2], expected: { version: 1, child: { data: { v1: 2 } } } },
      { bytes: [2, 3, 4], expected: { version: 2, child: { data: { v2: 0x0304 } } } },
    ],
  },
  {
    family: 'context variables',
    name: '$index in a formatter',
    build: () =>
      Parser.start()
        .useContextVars()
        .uint16le('length')
        .uint16le('valueLength')
        .array('message', {
          length: 'length',
          type: new Parser()
            .uint8('key', {
              formatter: function (this: { $index: number }, item: number) {
                return this.$index % 2 === 0 ? item : String.fromCharCode(item)
              },
            })
            .nest('data', { type: new Parser().array('value', { type: 'uint8', length: '$root.valueLength' }) }),
        }),
    inputs: [
      {
        bytes: hex('0200020050d20451d304'),
        expected: { length: 2, valueLength: 2, message: [{ key: 0x50, data: { value: [0xd2, 0x04] } }, { key: 'Q', data: { value: [0xd3, 0x04] } }] },
      },
    ],
  },
  {
    family: 'context variables',
    name: '$index in a formatter of a named parser',
    build: () => {
      new Parser()
        .uint8('key', {
          formatter: function (this: { $index: number }, item: number) {
            return this.$index % 2 === 0 ? item : String.fromCharCode(item)
          },
        })
        .nest('data', { type: new Parser().array('value', { type: 'uint8', length: '$root.valueLength' }) })
        .namely('ArrayLengthIndexTest')
      return Parser.start().useContextVars().uint16le('length').uint16le('valueLength').array('message', { length: 'length', type: 'ArrayLengthIndexTest' })
    },
    inputs: [
      {
        bytes: hex('0200020050d20451d304'),
        expected: { length: 2, valueLength: 2, message: [{ key: 0x50, data: { value: [0xd2, 0x04] } }, { key: 'Q', data: { value: [0xd3, 0x04] } }] },
      },
    ],
  },
  // ---- choices
  {
    family: 'choices',
    name: 'choices of primitives',
    build: () =>
      Parser.start()
        .uint8('tag1')
        .choice('data1', { tag: 'tag1', choices: { 0: 'int32le', 1: 'int16le' } })
        .uint8('tag2')
        .choice('data2', { tag: 'tag2', choices: { 0: 'int32le', 1: 'int16le' } }),
    inputs: [{ bytes: hex('004e61bc0001d204'), expected: { tag1: 0, data1: 12345678, tag2: 1, data2: 1234 } }],
  },
  {
    family: 'choices',
    name: 'default choice',
    build: () => Parser.start().uint8('tag').choice('data', { tag: 'tag', choices: { 0: 'int32le', 1: 'int16le' }, defaultChoice: 'uint8' }).int32le('test'),
    inputs: [{ bytes: hex('03ff2fcb0400'), expected: { tag: 3, data: 0xff, test: 314159 } }],
  },
  {
    family: 'choices',
    name: 'choices of user types',
    build: () =>
      Parser.start()
        .uint8('tag')
        .choice('data', { tag: 'tag', choices: { 1: Parser.start().uint8('length').string('message', { length: 'length' }), 3: Parser.start().int32le('number') } }),
    inputs: [
      { bytes: [1, 12, ...hello], expected: { tag: 1, data: { length: 12, message: 'hello, world' } } },
      { bytes: hex('034e61bc00'), expected: { tag: 3, data: { number: 12345678 } } },
    ],
  },
  {
    family: 'named and recursive parsers',
    name: 'choice recursion',
    build: () => Parser.start().namely('self').uint8('type').choice('data', { tag: 'type', choices: { 0: Parser.start(), 1: 'self' } }),
    inputs: [{ bytes: [1, 1, 1, 0], expected: { type: 1, data: { type: 1, data: { type: 1, data: { type: 0, data: {} } } } } }],
  },
  {
    family: 'named and recursive parsers',
    name: 'choice recursion with simple nesting',
    build: () => {
      const stop = Parser.start()
      return Parser.start()
        .namely('self')
        .uint8('type')
        .choice('data', { tag: 'type', choices: { 0: stop, 1: 'self', 2: Parser.start().nest('left', { type: 'self' }).nest('right', { type: stop }) } })
    },
    inputs: [{ bytes: [2, 1, 1, 0, 0], expected: { type: 2, data: { left: { type: 1, data: { type: 1, data: { type: 0, data: {} } } }, right: {} } }, unread: 1 }],
  },
  {
    family: 'named and recursive parsers',
    name: 'parsers referred to by name',
    build: () => {
      const parser = Parser.start().namely('self')
      Parser.start().namely('stop')
      Parser.start().namely('twoCells').nest('left', { type: 'self' }).nest('right', { type: 'stop' })
      return parser.uint8('type').choice('data', { tag: 'type', choices: { 0: 'stop', 1: 'self', 2: 'twoCells' } })
    },
    inputs: [{ bytes: [2, 1, 1, 0, 0], expected: { type: 2, data: { left: { type: 1, data: { type: 1, data: { type: 0, data: {} } } }, right: {} } }, unread: 1 }],
  },
  {
    family: 'named and recursive parsers',
    name: 'parsers referred to directly and by name',
    build: () => {
      const parser = Parser.start().namely('self')
      const stop = Parser.start()
      const twoCells = Parser.start().nest('left', { type: 'self' }).nest('right', { type: stop })
      return parser.uint8('type').choice('data', { tag: 'type', choices: { 0: stop, 1: 'self', 2: twoCells } })
    },
    inputs: [{ bytes: [2, 1, 1, 0, 0], expected: { type: 2, data: { left: { type: 1, data: { type: 1, data: { type: 0, data: {} } } }, right: {} } }, unread: 1 }],
  },
  {
    family: 'named and recursive parsers',
    name: 'choice recursion with complex nesting',
    build: () => {
      const stop = Parser.start()
      return Parser.start()
        .namely('self')
        .uint8('type')
        .choice('data', {
          tag: 'type',
          choices: {
            0: stop,
            1: 'self',
            2: Parser.start().nest('left', { type: 'self' }).nest('right', { type: 'self' }),
            3: Parser.start().nest('one', { type: 'self' }).nest('two', { type: 'self' }).nest('three', { type: 'self' }),
          },
        })
    },
    inputs: [
      {
        bytes: [2, 3, 1, 0, 0, 2, 1, 0, 0, 1, 0],
        expected: {
          type: 2,
          data: {
            left: {
              type: 3,
              data: {
                one: { type: 1, data: { type: 0, data: {} } },
                two: { type: 0, data: {} },
                three: { type: 2, data: { left: { type: 1, data: { type: 0, data: {} } }, right: { type: 0, data: {} } } },
              },
            },
            right: { type: 1, data: { type: 0, data: {} } },
          },
        },
      },
    ],
  },
  ...(['null varName', 'omitted varName'] as const).map(
    (how): UpstreamCase => ({
      family: 'choices',
      name: `flattened choice (${how})`,
      build: () =>
        Parser.start()
          .uint8('tag')
          .choice({ tag: 'tag', choices: { 1: Parser.start().uint8('length').string('message', { length: 'length' }), 3: Parser.start().int32le('number') } }),
      inputs: [
        { bytes: [1, 12, ...hello], expected: { tag: 1, length: 12, message: 'hello, world' } },
        { bytes: hex('034e61bc00'), expected: { tag: 3, number: 12345678 } },
      ],
    }),
  ),
  {
    family: 'context variables',
    name: 'choice tag from a function reading this',
    build: () =>
      Parser.start()
        .string('selector', { length: 4 })
        .choice({
          tag: function (this: { selector: string }) {
            return parseInt(this.selector, 2)
          },
          choices: { 2: Parser.start().uint8('length').string('message', { length: 'length' }), 7: Parser.start().int32le('number') },
        }),
    inputs: [
      { bytes: [...text('0010'), 12, ...hello], expected: { selector: '0010', length: 12, message: 'hello, world' } },
      { bytes: [...text('0111'), 0x4e, 0x61, 0xbc, 0x00], expected: { selector: '0111', number: 12345678 } },
    ],
  },
  {
    family: 'context variables',
    name: 'choice reads $parent',
    build: () =>
      Parser.start()
        .useContextVars()
        .uint8('tag')
        .uint8('items')
        .choice('data', {
          tag: 'tag',
          choices: {
            1: Parser.start().uint8('length').string('message', { length: 'length' }).array('value', { type: 'uint8', length: '$parent.items' }),
            3: Parser.start().int32le('number'),
          },
        }),
    inputs: [
      { bytes: [1, 2, 12, ...hello, 1, 2, 2, 2], expected: { tag: 1, items: 2, data: { length: 12, message: 'hello, world', value: [1, 2] } }, unread: 2 },
      { bytes: hex('03004e61bc00'), expected: { tag: 3, items: 0, data: { number: 12345678 } } },
    ],
  },
  // ---- nest
  {
    family: 'nest',
    name: 'nested parsers',
    build: () =>
      new Parser()
        .nest('name', { type: new Parser().string('firstName', { zeroTerminated: true }).string('lastName', { zeroTerminated: true }) })
        .nest('info', { type: new Parser().uint8('age') }),
    inputs: [{ bytes: [...text('John\0Doe\0'), 0x20], expected: { name: { firstName: 'John', lastName: 'Doe' }, info: { age: 0x20 } } }],
  },
  {
    family: 'formatters',
    name: 'formatter on a nest',
    build: () =>
      new Parser().nest('name', {
        type: new Parser().string('firstName', { zeroTerminated: true }).string('lastName', { zeroTerminated: true }),
        formatter: (n: { firstName: string; lastName: string }) => n.firstName + ' ' + n.lastName,
      }),
    inputs: [{ bytes: text('John\0Doe\0'), expected: { name: 'John Doe' } }],
  },
  ...(['null varName', 'omitted varName'] as const).map(
    (how): UpstreamCase => ({
      family: 'nest',
      name: `flattened nest (${how})`,
      build: () =>
        new Parser().string('s1', { zeroTerminated: true }).nest({ type: new Parser().string('s2', { zeroTerminated: true }) }),
      inputs: [{ bytes: text('foo\0bar\0'), expected: { s1: 'foo', s2: 'bar' } }],
    }),
  ),
  {
    family: 'context variables',
    name: 'nest reads $parent',
    build: () =>
      Parser.start()
        .useContextVars()
        .uint8('items')
        .nest('data', { type: Parser.start().uint8('length').string('message', { length: 'length' }).array('value', { type: 'uint8', length: '$parent.items' }) }),
    inputs: [{ bytes: [2, 12, ...hello, 1, 2, 2, 2], expected: { items: 2, data: { length: 12, message: 'hello, world', value: [1, 2] } }, unread: 2 }],
  },
  {
    family: 'bit fields',
    name: 'standalone bit fields',
    build: () => Parser.start().bit6('one').bit8('two'),
    inputs: [{ bytes: [0xa8, 0x78], expected: { one: 0xa8 >> 2, two: 0x78 >> 2 } }],
  },
  {
    family: 'bit fields',
    name: 'bits continued in a nest',
    build: () => Parser.start().bit6('one').nest('nested', { type: new Parser().bit8('two').uint8('three') }),
    inputs: [{ bytes: [0xa8, 0x78, 0x45], expected: { one: 0xa8 >> 2, nested: { two: 0x78 >> 2, three: 0x45 } } }],
  },
  {
    family: 'context variables',
    name: 'bits before a nest reading $parent',
    build: () =>
      Parser.start()
        .useContextVars()
        .bit8('items')
        .nest('data', { type: Parser.start().uint8('length').string('message', { length: 'length' }).array('value', { type: 'uint8', length: '$parent.items' }) }),
    inputs: [{ bytes: [2, 12, ...hello, 1, 2, 2, 2], expected: { items: 2, data: { length: 12, message: 'hello, world', value: [1, 2] } }, unread: 2 }],
  },
  // ---- create
  {
    family: 'create',
    name: 'custom object type',
    build: () => Parser.start().create(Person).string('name', { zeroTerminated: true }),
    inputs: [{ bytes: text('John Doe\0'), expected: Object.assign(new Person(), { name: 'John Doe' }) }],
  },
  // ---- pointers
  { family: 'pointers', name: 'pointer to an offset', build: () => Parser.start().pointer('x', { type: 'uint8', offset: 2 }), inputs: [{ bytes: [1, 2, 3, 4, 5], expected: { x: 3 }, unread: 5 }] },
  {
    family: 'pointers',
    name: 'pointer restores the offset',
    build: () => Parser.start().pointer('x', { type: 'uint8', offset: 2 }).uint16be('y'),
    inputs: [{ bytes: [1, 2, 3, 4, 5], expected: { x: 3, y: 0x0102 }, unread: 3 }],
  },
  {
    family: 'pointers',
    name: 'pointer to a child parser',
    build: () => Parser.start().uint32le('x').pointer('y', { type: Parser.start().string('s', { zeroTerminated: true }), offset: 4 }),
    inputs: [{ bytes: [1, 2, 3, 4, ...text('hello'), 0, 6], expected: { x: 0x04030201, y: { s: 'hello' } }, unread: 7 }],
  },
  {
    family: 'pointers',
    name: 'pointer child reads vars',
    build: () =>
      Parser.start()
        .uint16be('len')
        .pointer('child', { offset: 4, type: Parser.start().array('a', { type: 'uint8', length: (vars: { len: number }) => vars.len }) }),
    inputs: [{ bytes: [0, 6, 0, 0, 1, 2, 3, 4, 5, 6], expected: { len: 6, child: { a: [1, 2, 3, 4, 5, 6] } }, unread: 8 }],
  },
  // ---- saveOffset
  { family: 'saveOffset', name: 'offset at the end', build: () => Parser.start().int8('a').int16('b').saveOffset('bytesRead'), inputs: [{ bytes: [1, 0, 2], expected: { a: 1, b: 2, bytesRead: 3 } }] },
  { family: 'saveOffset', name: 'offset in the middle', build: () => Parser.start().int8('a').saveOffset('bytesRead').int16('b'), inputs: [{ bytes: [1, 0, 2], expected: { a: 1, b: 2, bytesRead: 1 } }] },
  {
    family: 'saveOffset',
    name: 'offset after a dynamic field',
    build: () => Parser.start().string('name', { zeroTerminated: true }).saveOffset('bytesRead'),
    inputs: [{ bytes: text('test\0'), expected: { name: 'test', bytesRead: 5 } }],
  },
  // ---- asserts
  {
    family: 'asserts',
    name: 'assert a string',
    build: () => Parser.start().string('msg', { encoding: 'utf8', zeroTerminated: true, assert: 'hello, world' }),
    inputs: [{ bytes: [...hello, 0], expected: { msg: 'hello, world' } }, { bytes: hex('68656c6c6f2c206a7300'), throws: true }],
  },
  ...(['function', 'method'] as const).map(
    (how): UpstreamCase => ({
      family: 'asserts',
      name: `assert reading this (${how})`,
      build: () =>
        new Parser()
          .int16le('a')
          .int16le('b')
          .int16le('c', {
            assert: function (this: { a: number; b: number }, x: number | string) {
              return this.a + this.b === x
            },
          }),
      inputs: [{ bytes: hex('d2042e16001b'), expected: { a: 1234, b: 5678, c: 6912 } }, { bytes: hex('2e16001bd204'), throws: true }],
    }),
  ),
  // ---- fields after bits
  ...[17, 18, 19, 20, 21, 22, 23, 24].map(
    (n): UpstreamCase => ({
      family: 'bit fields',
      name: `uint8 after bit${n}`,
      build: () => (Parser.start() as unknown as Record<string, (name: string) => Parser>)[`bit${n}`]!('a').uint8('b'),
      inputs: [{ bytes: [0, 1, 0, 4], expected: { a: 1 << (n - 16), b: 4 } }],
    }),
  ),
  // ---- wrappers
  {
    family: 'wrappers',
    name: 'deflated data inflated by a wrapper',
    build: () =>
      Parser.start()
        .uint32le('length')
        .wrapped('compressedData', { length: 'length', wrapper: (x: Uint8Array) => inflateRawSync(x), type: Parser.start().uint8('a').string('b', { zeroTerminated: true }).uint8('c') })
        .uint8('answer'),
    inputs: [{ bytes: deflated, expected: { length: deflated.length - 5, compressedData: { a: 12, b: 'This is compressible text.', c: 34 }, answer: 42 } }],
  },
  ...(['empty name', 'no name'] as const).map(
    (how): UpstreamCase => ({
      family: 'wrappers',
      name: `wrapped parser embedded in its parent (${how})`,
      build: () => {
        const report = Parser.start()
          .nest('basicReport', { type: Parser.start().uint8('dataPoint1').uint8('dataPoint2').uint8('dataPoint3').uint8('dataPoint4') })
          .array('extendedReport', { readUntil: 'eof', type: Parser.start().uint8('dataType').uint8('dataLength').buffer('data', { length: 'dataLength' }) })
        const options = { length: 'reportLength', wrapper: (b: Uint8Array) => b, type: report }
        const item = Parser.start().uint8('reportId').uint8('reportLength')
        return Parser.start()
          .uint8('messageId')
          .uint8('reportCount')
          .array('reports', { length: 'reportCount', type: how === 'empty name' ? item.wrapped('', options) : item.wrapped(options) })
      },
      inputs: [
        {
          // The second report says 18 bytes and has 16: binary-parser cuts its wrapped buffer short.
          bytes: hex('1002f11012345678a003303132a101dfa20255aaf21201020304a003343536a202aa55a101eb'),
          short: [0xa3, 0x00],
          expected: {
            messageId: 16,
            reportCount: 2,
            reports: [
              {
                reportId: 241,
                reportLength: 16,
                basicReport: { dataPoint1: 18, dataPoint2: 52, dataPoint3: 86, dataPoint4: 120 },
                extendedReport: [
                  { dataType: 160, dataLength: 3, data: u8([48, 49, 50]) },
                  { dataType: 161, dataLength: 1, data: u8([223]) },
                  { dataType: 162, dataLength: 2, data: u8([85, 170]) },
                ],
              },
              {
                reportId: 242,
                reportLength: 18,
                basicReport: { dataPoint1: 1, dataPoint2: 2, dataPoint3: 3, dataPoint4: 4 },
                extendedReport: [
                  { dataType: 160, dataLength: 3, data: u8([52, 53, 54]) },
                  { dataType: 162, dataLength: 2, data: u8([170, 85]) },
                  { dataType: 161, dataLength: 1, data: u8([235]) },
                ],
              },
            ],
          },
        },
      ],
    }),
  ),
]

/** The upstream size test: binary-parser's `sizeOf` says 28 bytes. */
export const sizedParser = (): Parser => Parser.start().int8('a').int32le('b').string('msg', { length: 10 }).seek(2).array('data', { length: 3, type: 'int8' }).buffer('raw', { length: 8 })
