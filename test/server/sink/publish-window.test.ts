import { describe, expect, it } from 'vitest'
import { PublishWindow } from '../../../src/server/sink/publish-window.js'

const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false
  void promise.then(() => (done = true))
  await new Promise((r) => setImmediate(r))
  return done
}

describe('PublishWindow', () => {
  it('bounds each connection by its window', async () => {
    const window = new PublishWindow(2, 100)
    window.take(1)
    expect(window.hasRoom(1)).toBe(true)
    window.take(1)
    expect(window.hasRoom(1)).toBe(false)
    expect(window.hasRoom(2)).toBe(true)
    const room = window.room(1)
    expect(await settled(room)).toBe(false)
    window.give(1)
    expect(await settled(room)).toBe(true)
    expect(window.outstandingOf(1)).toBe(1)
  })

  it('bounds all connections together, waking no more than there is room for, oldest first', async () => {
    const window = new PublishWindow(10, 2)
    window.take(1)
    window.take(2)
    const first = window.room(1)
    const second = window.room(2)
    window.give(1)
    expect(await settled(first)).toBe(true)
    expect(await settled(second)).toBe(false)
    window.give(2)
    expect(await settled(second)).toBe(true)
    expect(window.outstanding).toBe(0)
  })

  it('settles idle() when nothing is in flight and forgets connections at zero', async () => {
    const window = new PublishWindow(4, 4)
    expect(await settled(window.idle())).toBe(true)
    window.take(7)
    const idle = window.idle()
    expect(await settled(idle)).toBe(false)
    window.give(7)
    expect(await settled(idle)).toBe(true)
    expect(window.outstandingOf(7)).toBe(0)
    expect(() => window.give(7)).toThrow(/nothing in flight/)
  })

  it('stops bounding once released (shutdown must not wait for room)', async () => {
    const window = new PublishWindow(1, 1)
    window.take(1)
    const room = window.room(1)
    window.release()
    expect(await settled(room)).toBe(true)
    window.take(1)
    expect(window.hasRoom(1)).toBe(true)
    expect(await settled(window.room(1))).toBe(true)
  })

  it('refuses windows that are not positive integers', () => {
    expect(() => new PublishWindow(0, 1)).toThrow(RangeError)
    expect(() => new PublishWindow(1, 1.5)).toThrow(RangeError)
  })
})
