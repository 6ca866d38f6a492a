import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Codec } from '../../src/grammar/codec.js'
import { decode, encode } from '../../src/api.js'
import { detect, eventRecord, telemetry } from '../../protocols/index.js'
import { modbusRequest, modbusResponse } from '../examples/modbus-rtu.js'
import { fromHex, toHex } from '../../src/testing/index.js'

// Worked examples in the docs are fenced blocks tagged ```hex NAME and
// ```json NAME. The hex must decode to the JSON value and the value must
// encode back to the hex; a JSON value of the form { "error": {...} } is
// the error the hex must give instead. JSON has no bigint or byte arrays:
// `deviceId` is written as a decimal string and `bytes` as hex.

const docs = ['docs/protocols/tlm.md', 'docs/protocols/evr.md', 'docs/PACKET_PROTOCOLS.md']

// The name's first word says which grammar reads the example.
const grammars: Record<string, Codec<unknown>> = {
  tlm: telemetry as Codec<unknown>,
  evr: eventRecord as Codec<unknown>,
  detect: detect as Codec<unknown>,
  'modbus-request': modbusRequest as Codec<unknown>,
  'modbus-response': modbusResponse as Codec<unknown>,
}

interface Example {
  readonly doc: string
  readonly name: string
  readonly hex: string
  readonly json: string
}

function examplesIn(doc: string): Example[] {
  const text = readFileSync(doc, 'utf8')
  const blocks = new Map<string, { hex?: string; json?: string }>()
  for (const match of text.matchAll(/^```(hex|json) ([\w-]+)\n([\s\S]*?)^```$/gm)) {
    const [, lang, name, body] = match as unknown as [string, 'hex' | 'json', string, string]
    const entry = blocks.get(name) ?? {}
    if (entry[lang] !== undefined) throw new Error(`${doc}: two ${lang} blocks named ${name}`)
    entry[lang] = body
    blocks.set(name, entry)
  }
  return [...blocks].map(([name, { hex, json }]) => {
    if (hex === undefined || json === undefined) throw new Error(`${doc}: example ${name} needs both a hex and a json block`)
    return { doc, name, hex, json }
  })
}

function grammarFor(name: string): Codec<unknown> {
  const key = Object.keys(grammars).filter((k) => name.startsWith(`${k}-`)).sort((a, b) => b.length - a.length)[0]
  if (key === undefined) throw new Error(`example ${name}: its name must start with one of ${Object.keys(grammars).join(', ')}`)
  return grammars[key]!
}

const hexOf = (block: string) => fromHex(block.replace(/#.*$/gm, ''))

/** The decoded value in the docs' JSON conventions. */
const asDocJson = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? toHex(v).replaceAll(' ', '') : v)))

/** The docs' JSON as a value to encode. */
const fromDocJson = (json: string): unknown =>
  JSON.parse(json, (key, v: unknown) => (key === 'deviceId' && typeof v === 'string' ? BigInt(v) : key === 'bytes' && typeof v === 'string' ? fromHex(v) : v))

const examples = docs.flatMap(examplesIn)

describe('worked examples in the docs', () => {
  it('are present in every doc, valid frames and errors alike', () => {
    for (const doc of docs) {
      const mine = examples.filter((e) => e.doc === doc)
      expect(mine.length, doc).toBeGreaterThanOrEqual(3)
    }
    expect(examples.some((e) => e.json.includes('"error"'))).toBe(true)
  })

  it.each(examples)('$doc: $name', ({ name, hex, json }) => {
    const grammar = grammarFor(name)
    const bytes = hexOf(hex)
    const stated = JSON.parse(json) as { error?: Record<string, unknown> }
    const decoded = decode(grammar, bytes)
    if (stated.error !== undefined) {
      if (E.isRight(decoded)) throw new Error(`${name} decoded, but the doc says it fails`)
      expect(decoded.left).toMatchObject(stated.error)
      return
    }
    if (E.isLeft(decoded)) throw new Error(`${name} does not decode: ${decoded.left.message}`)
    expect(asDocJson(decoded.right)).toEqual(stated)
    const encoded = encode(grammar, fromDocJson(json))
    if (E.isLeft(encoded)) throw new Error(`${name} does not encode: ${encoded.left.message}`)
    expect(toHex(encoded.right)).toBe(toHex(bytes))
  })
})
