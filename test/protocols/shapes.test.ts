import { describe, expectTypeOf, it } from 'vitest'
import type { Detected, EvrRecord, TlmFrame } from '../../protocols/index.js'
import type { SpecDetected, SpecEvrRecord, SpecTlmFrame } from '../fixtures/spec-shapes.js'

// The exported types must accept exactly the PROTOCOLS.md shapes and give
// nothing else: assignable both ways. This is a compile-time test;
// `npm run typecheck` fails if a shape drifts.

describe('decoded value types', () => {
  it('are the normative shapes of PROTOCOLS.md', () => {
    expectTypeOf<SpecTlmFrame>().toExtend<TlmFrame>()
    expectTypeOf<TlmFrame>().toExtend<SpecTlmFrame>()
    expectTypeOf<SpecEvrRecord>().toExtend<EvrRecord>()
    expectTypeOf<EvrRecord>().toExtend<SpecEvrRecord>()
    expectTypeOf<SpecDetected>().toExtend<Detected>()
    expectTypeOf<Detected>().toExtend<SpecDetected>()
  })

  it('tell the payloads and fields apart by their discriminants', () => {
    expectTypeOf<TlmFrame['payload']['type']>().toEqualTypeOf<'heartbeat' | 'reading' | 'log' | 'batch'>()
    expectTypeOf<EvrRecord['fields'][number]['tag']>().toEqualTypeOf<'temperature' | 'humidity' | 'label' | 'location' | 'unknown'>()
    expectTypeOf<Detected['protocol']>().toEqualTypeOf<'tlm' | 'evr'>()
  })
})
