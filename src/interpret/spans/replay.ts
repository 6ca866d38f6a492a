// The spans walker reads a wrapper's inner grammar itself (to record its
// spans), then must apply the wrapper's own rule (an enumeration's names, a
// range, a refinement, a mapping, UTF-8, a checksum comparison) exactly as
// `decode` does, with the same value, error and message. Rather than keep a
// second copy of those rules, it runs the decoder's own code for the
// wrapper on a copy of the node whose children are "replays": custom nodes
// that hand back the value already read and move the cursor to where it
// ended. So the rules live in one place, the decoders under decode/.
import type { CustomNode, Node } from '../../grammar/node.js'
import type { DecodeState } from '../../runtime/decode-state.js'
import { decoderOf, type DecodeFn } from '../decoder.js'
import { sizeBounds } from '../../analysis/index.js'

/** A value already read, and where the cursor stood after it. */
interface Slot {
  value: unknown
  end: number
}

function replayNode(of: Node, slot: Slot): CustomNode {
  return {
    tag: 'custom',
    name: 'replay',
    decode: (s: DecodeState) => {
      s.pos = slot.end
      return slot.value
    },
    // Never encoded: the copy exists only to decode.
    encode: () => undefined,
    size: sizeBounds(of),
  }
}

type Wrapper = Extract<Node, { tag: 'utf8' | 'text' | 'enum' | 'range' | 'refine' | 'map' }>

interface WrapperReplay {
  readonly slot: Slot
  readonly decode: DecodeFn
}

const wrappers = new WeakMap<Node, WrapperReplay>()

/**
 * Applies `node`'s own rule to the value its inner grammar gave (read from
 * `start` to `end`), leaving the cursor at `end`; records the same error as
 * `decode` would. Returns the wrapper's value.
 */
export function applyWrapper(node: Wrapper, s: DecodeState, start: number, innerValue: unknown, end: number): unknown {
  let replay = wrappers.get(node)
  if (replay === undefined) {
    const slot: Slot = { value: undefined, end: 0 }
    const copy = { ...node, inner: { node: replayNode(node.inner.node, slot) } } as Node
    replay = { slot, decode: decoderOf(copy) }
    wrappers.set(node, replay)
  }
  replay.slot.value = innerValue
  replay.slot.end = end
  s.pos = start
  const value = replay.decode(s)
  replay.slot.value = undefined
  return value
}

type Checksum = Extract<Node, { tag: 'checksum' }>

interface ChecksumReplay {
  readonly data: Slot
  readonly stored: Slot
  readonly decode: DecodeFn
}

const checksums = new WeakMap<Node, ChecksumReplay>()

/**
 * Runs the checksum decoder's comparison over data already read
 * (`start`..`dataEnd`, value `dataValue`) and a stored checksum already read
 * (`found`, ending at `end`): records the same error as `decode` would.
 */
export function applyChecksum(node: Checksum, s: DecodeState, start: number, dataValue: unknown, dataEnd: number, found: unknown, end: number): void {
  let replay = checksums.get(node)
  if (replay === undefined) {
    const data: Slot = { value: undefined, end: 0 }
    const stored: Slot = { value: undefined, end: 0 }
    const copy: Node = { ...node, inner: { node: replayNode(node.inner.node, data) }, field: { node: replayNode(node.field.node, stored) } }
    replay = { data, stored, decode: decoderOf(copy) }
    checksums.set(node, replay)
  }
  replay.data.value = dataValue
  replay.data.end = dataEnd
  replay.stored.value = found
  replay.stored.end = end
  s.pos = start
  replay.decode(s)
  replay.data.value = undefined
  s.pos = end
}

type Dependent = Extract<Node, { tag: 'dependent' }>

interface DependentReplay {
  readonly head: Slot
  readonly decode: DecodeFn
}

const dependents = new WeakMap<Node, DependentReplay>()

/**
 * Runs the dependent decoder's own case choice for a head already read
 * (`head`, from `start` to `end`) whose value has no body: records the same
 * error as `decode` would ("no case for ...", or the `otherwise` failure),
 * path included.
 */
export function applyDependentFailure(node: Dependent, s: DecodeState, start: number, head: unknown, end: number): void {
  let replay = dependents.get(node)
  if (replay === undefined) {
    const slot: Slot = { value: undefined, end: 0 }
    const copy: Node = { ...node, head: { node: replayNode(node.head.node, slot) } }
    replay = { head: slot, decode: decoderOf(copy) }
    dependents.set(node, replay)
  }
  replay.head.value = head
  replay.head.end = end
  s.pos = start
  replay.decode(s)
  replay.head.value = undefined
}
