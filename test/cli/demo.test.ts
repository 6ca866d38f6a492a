import { describe, expect, test } from 'vitest'
import { runDemo, scrape } from '../../src/cli/demo.js'
import { Captured } from './cli-io.js'

describe('demo', () => {
  for (const tty of [false, true]) {
    test(`sends, decodes and reports (${tty ? 'terminal' : 'pipe'})`, async () => {
      const out = new Captured(tty)
      const report = await runDemo({ out, seed: 5, connections: 3, framesPerConnection: 200, spreadMs: tty ? 200 : 0 })
      expect(report.sent.frames).toBe(600)
      expect(report.sent.tlm + report.sent.evr).toBe(600)
      expect(report.received.frames).toEqual({ tlm: report.sent.tlm, evr: report.sent.evr })
      expect(report.received.errors).toEqual({ checksum: 3 })
      expect(report.received.bytes).toBe(report.sent.bytes)
      expect(report.received.skippedBytes).toBeGreaterThanOrEqual(report.sent.garbageBytes)
      expect(report.received.closed).toBe(3)
      expect(JSON.parse(report.health)).toEqual({ status: 'ok', connections: 0 })
      expect(scrape(report.metrics, 'oxwire_frames_total')).toBe(600)
      // The throughput it reports is of what it ran: the default path's generated code.
      expect(report.decoder.compiled).toBe(true)
      expect(report.decoder.framesPerSecond).toBeGreaterThan(0)
      const text = out.text.replace(/\x1b\[[0-9;]*[mK]/g, '')
      expect(text).toContain('summary')
      expect(text).toMatch(/decoder +[\d.]+ [kM]?B\/s, [\d,]+ frames\/s per CPU second, .*default path: generated code/)
      expect(text).toContain('✓ every valid frame decoded once')
      expect(text).toMatch(/c\d @\d+ +(tlm|evr) /)
      expect(text).toContain('✗ malformed: checksum')
      expect(out.text.includes('\x1b[')).toBe(tty)
    })
  }
})
