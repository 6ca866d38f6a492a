// What the parts of a generated dissector share: its fields, functions and
// notes, and where a node stands while it is turned into Lua.
import type { ChecksumPolicy } from '../grammar/node.js'
import type { NameKind } from './checksum-context.js'

/**
 * What a generated field stands for: part of the value, or derived on the wire.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { wiresharkDissector, type FieldRole } from 'oxwire'
 * import { struct, u8, varBytes } from 'oxwire/combinators'
 * const { fields } = wiresharkDissector(struct({ data: varBytes(u8) }), { name: 'blob' })
 * const roles: FieldRole[] = fields.map((f) => f.role)
 * assert.deepEqual(roles, ['length', 'value'])
 * ```
 * @category Tools
 */
export type FieldRole = 'value' | 'length' | 'count' | 'constant' | 'head' | 'derived' | 'checksum' | 'checksum-status'

/**
 * One display-filter field of a generated dissector.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { wiresharkDissector, type DissectorField } from 'oxwire'
 * import { enumeration, struct, u8, u16be } from 'oxwire/combinators'
 * const { fields } = wiresharkDissector(struct({ id: u16be, kind: enumeration(u8, { on: 1, off: 0 }) }), { name: 'sw' })
 * const kind: DissectorField | undefined = fields.find((f) => f.filter === 'sw.kind')
 * assert.equal(kind?.type, 'uint8')
 * assert.equal(kind?.valueStrings?.get(1), 'on')
 * ```
 * @category Tools
 */
export interface DissectorField {
  /** The display-filter name, `<proto>.<field path>` (array indices left out). */
  readonly filter: string
  /** Its Wireshark field type, such as `uint16`, `double`, `bytes`, `string`, `bool`. */
  readonly type: string
  /** What the field stands for. */
  readonly role: FieldRole
  /** Names of codes, for enumerations and union heads. */
  readonly valueStrings: ReadonlyMap<number, string> | undefined
}

interface FieldEntry extends DissectorField {
  readonly index: number
  readonly constructor: string
}

/** Fields, functions and notes shared by every protocol of one generated file. @internal */
export class LuaProgram {
  readonly functions: string[] = []
  readonly fields: FieldEntry[] = []
  readonly notes: string[] = []
  /** Names that expressions refer to: fields of these names are read even when only measuring. */
  referenced: ReadonlySet<string> = new Set()
  /** Names that checksum contexts read: fields of these names keep their bytes when they have no number. */
  contextNames: ReadonlySet<string> = new Set()
  /** What each field name of the grammar holds, for reading checksum contexts. */
  nameKinds: ReadonlyMap<string, NameKind> = new Map()
  /** A policy for every checksum field instead of each one's own (see DissectorOptions). */
  checksumPolicy: ChecksumPolicy | undefined = undefined
  private readonly byFilter = new Map<string, FieldEntry>()

  /** Adds a function to the `D` table; returns its reference. */
  fn(body: string): string {
    this.functions.push(body)
    return `D[${this.functions.length}]`
  }

  /** A field `F[i]` named `filter`, reused when asked again alike, renamed `_2`, `_3` on a clash of types. */
  field(filter: string, type: string, args: (filter: string) => string, role: FieldRole, valueStrings?: ReadonlyMap<number, string>): string {
    const constructor = `ProtoField.${type}(${args(filter)})`
    for (let n = 1; ; n++) {
      const name = n === 1 ? filter : `${filter}_${n}`
      const existing = this.byFilter.get(name)
      const wanted = `ProtoField.${type}(${args(name)})`
      if (existing === undefined) {
        const entry: FieldEntry = { filter: name, type, role, valueStrings, index: this.fields.length + 1, constructor: n === 1 ? constructor : wanted }
        this.fields.push(entry)
        this.byFilter.set(name, entry)
        return `F[${entry.index}]`
      }
      if (existing.constructor === wanted) return `F[${existing.index}]`
    }
  }

  /** A note for the person generating the dissector, said once. */
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text)
  }
}

/** Where a node stands: its protocol, value path and label for derived fields. @internal */
export interface Place {
  readonly program: LuaProgram
  /** The protocol's filter name, such as `tlm`. */
  readonly proto: string
  /** The Lua expression of the protocol's expert-info table. */
  readonly experts: string
  /** The value path (struct keys joined with `.`, no array indices). */
  readonly path: string
  /** The path that names derived fields (lengths, counts, checksums, heads). */
  readonly label: string
  /** What the field is, when not a plain value. */
  readonly role?: FieldRole
  /** The bytes are UTF-8 text. */
  readonly text?: boolean
  /** Its Wireshark encoding (a Lua expression), when not UTF-8. */
  readonly encoding?: string
  /** Names of codes (an enumeration around this number). */
  readonly valueStrings?: ReadonlyMap<number, string>
  /** The value is read by the walk (a length, count or head), even when only measuring. */
  readonly valueNeeded?: boolean
  /** A struct here binds its fields by name even when it holds no references (a repeatUntil item). */
  readonly captures?: boolean
}
