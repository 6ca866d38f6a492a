import { describe, expect, test } from 'vitest'
import { createServerMetrics } from '../../src/server/index.js'
import { LeakyBucket, LineLimiter } from '../../src/server/rate-limits.js'
import { metricValue } from './helpers.js'

describe('budgets and line limits', () => {
  test('a leaky bucket forgives what time has drained, and not what it has not', () => {
    const bucket = new LeakyBucket(100, 1000, 0)
    expect(bucket.charge(80, 0)).toBe(false)
    expect(bucket.charge(30, 0)).toBe(true) // 110 > 100
    expect(bucket.charge(0, 500)).toBe(false) // 60 left after half the refill time
    expect(bucket.charge(50, 500)).toBe(true)
    const never = new LeakyBucket(10, 0, 0) // no refill time: everything drains at once
    expect(never.charge(10, 1)).toBe(false)
  })

  test('a line limiter lets a burst through, then one line per interval, and counts the rest', () => {
    const lines = new LineLimiter(2, 1000, 0)
    expect([lines.allow(0), lines.allow(0), lines.allow(0)]).toEqual([true, true, false])
    expect(lines.allow(999)).toBe(false)
    expect(lines.allow(1500)).toBe(true)
    expect(lines.suppressed).toBe(2)
    const none = new LineLimiter(1, 0, 0)
    expect([none.allow(0), none.allow(5)]).toEqual([true, false])
  })

  test('metrics without process metrics or a log to count', async () => {
    const metrics = createServerMetrics({ processMetrics: false })
    const text = await metrics.registry.metrics()
    expect(text).not.toContain('process_cpu_seconds_total')
    expect(metricValue(text, 'oxwire_log_dropped_lines_total')).toBe(0)
    let dropped = 3
    const counting = createServerMetrics({ processMetrics: false, droppedLogLines: () => dropped })
    expect(metricValue(await counting.registry.metrics(), 'oxwire_log_dropped_lines_total')).toBe(3)
    dropped = 5
    expect(metricValue(await counting.registry.metrics(), 'oxwire_log_dropped_lines_total')).toBe(5)
  })
})
