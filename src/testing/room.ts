import type { SizeBounds } from '../analysis/index.js'

/**
 * How many bytes a generated value may take when encoded: `max` is a hard
 * limit that generators respect by construction, `min` a target they reach
 * where they can (a sized region with a lower bound, a fixed-size region).
 * @internal
 */
export interface Room {
  readonly min: number
  readonly max: number
}

/** No limit: the top of a grammar. @internal */
export const anyRoom: Room = { min: 0, max: Infinity }

/** The room left after `taken` bytes (at most) of something else. @internal */
export function lessRoom(room: Room, taken: SizeBounds): Room {
  return { min: Math.max(0, room.min - taken.max), max: room.max - taken.max }
}

/**
 * Shares a room among fields of the given size bounds, in order. Each field
 * gets at least its own minimum; the slack above the fields' minimums is
 * water-filled, so that a field that can grow only a little takes what it
 * can and the rest is split evenly among fields that can grow more. The
 * `min` target goes to the fields that can grow most.
 * @internal
 */
export function splitRoom(bounds: readonly SizeBounds[], room: Room): Room[] {
  const least = bounds.reduce((total, b) => total + b.min, 0)
  const extra: number[] = bounds.map(() => 0)
  let slack = Math.max(0, room.max - least)
  const byGrowth = bounds.map((b, i) => ({ i, growth: b.max - b.min })).sort((a, b) => a.growth - b.growth)
  let remaining = byGrowth.filter((f) => f.growth > 0).length
  for (const { i, growth } of byGrowth) {
    if (growth === 0) continue
    const share = slack === Infinity ? Infinity : Math.floor(slack / remaining)
    const given = Math.min(growth, share)
    extra[i] = given
    if (slack !== Infinity) slack -= given
    remaining--
  }
  let wanted = Math.max(0, room.min - least)
  const minimums: number[] = bounds.map(() => 0)
  for (const { i } of [...byGrowth].reverse()) {
    const given = Math.min(wanted, extra[i] as number)
    minimums[i] = given
    wanted -= given
  }
  return bounds.map((b, i) => ({ min: b.min + (minimums[i] as number), max: b.min + (extra[i] as number) }))
}

/** True when every value of a grammar with these bounds fits the room. @internal */
export function alwaysFits(bounds: SizeBounds, room: Room): boolean {
  return bounds.min >= room.min && bounds.max <= room.max
}
