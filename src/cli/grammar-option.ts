import { InvalidArgumentError as InvalidArgument, Option, type Command } from 'commander'
import type { Codec } from '../grammar/codec.js'
import { analysisOf, sizeBounds } from '../analysis/index.js'
import { loadGrammar } from './grammar-module.js'
import { grammarFor } from './protocol-choice.js'
import type { ProtocolChoice } from './traffic.js'

/** The options every grammar-reading command takes. @internal */
export interface GrammarOptions {
  /** `<module>[#export]` of a user's grammar. */
  readonly grammar?: string
  /** One of the bundled protocols. */
  readonly protocol?: ProtocolChoice
  /** Largest frame, for grammars whose size is unbounded. */
  readonly maxFrame?: number
}

/** The grammar a command works with, however it was chosen. @internal */
export interface GrammarChoice {
  /** The codec. */
  readonly grammar: Codec<unknown>
  /** What to call it: the export name, or `tlm`/`evr`/`auto`. */
  readonly name: string
  /** The largest frame (from the grammar's size bound, else `--max-frame`). */
  readonly maxFrame: number
  /** A decoded value as `{ protocol, value }` (a `oneOf` says which alternative matched). */
  readonly label: (decoded: unknown) => { protocol: string; value: unknown }
  /** The inverse of `label`: what the codec encodes for a printed `{ protocol, value }`. */
  readonly unlabel: (protocol: string | undefined, value: unknown) => unknown
  /** Set when a bundled protocol was chosen (its own sample generator applies). */
  readonly bundled: ProtocolChoice | undefined
}

/** Default largest frame of a grammar with no size bound: 1 MiB. @internal */
export const defaultMaxFrame = 1 << 20

/**
 * Adds `--grammar`, `--protocol` and `--max-frame` to a command.
 * @internal
 */
export function addGrammarOptions(command: Command, defaultProtocol: ProtocolChoice | undefined = 'auto'): Command {
  return command
    .option('-g, --grammar <module[#export]>', 'an ES module exporting your codec (the default export unless #export names one); .ts needs tsx installed')
    .addOption(
      new Option('-p, --protocol <name>', `a bundled protocol${defaultProtocol === undefined ? '' : ` (default ${defaultProtocol}, when no --grammar)`}`)
        .choices(['tlm', 'evr', 'auto'])
        .conflicts('grammar'),
    )
    .option('--max-frame <bytes>', `largest frame of a grammar without a size bound (default ${defaultMaxFrame})`, positiveInt('--max-frame'))
}

/** A commander argument parser for a positive integer. @internal */
export function positiveInt(name: string): (text: string) => number {
  return (text) => {
    const n = Number(text)
    if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgument(`${name} needs a positive integer, not ${JSON.stringify(text)}`)
    return n
  }
}

/** A commander argument parser for a non-negative integer. @internal */
export function nonNegativeInt(name: string): (text: string) => number {
  return (text) => {
    const n = Number(text)
    if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgument(`${name} needs a non-negative integer, not ${JSON.stringify(text)}`)
    return n
  }
}

function isOneOf(grammar: Codec<unknown>): boolean {
  return analysisOf(grammar).unnamed.tag === 'oneOf'
}

/** The choice of a bundled protocol (`auto`: both, detected). @internal */
export function bundledGrammar(bundled: ProtocolChoice): GrammarChoice {
  const { grammar, maxFrame, label } = grammarFor(bundled)
  const unlabel = bundled === 'auto' ? (protocol: string | undefined, value: unknown) => ({ protocol, value }) : (_: string | undefined, value: unknown) => value
  return { grammar, name: bundled, maxFrame, label, unlabel, bundled }
}

/**
 * The grammar chosen by `--grammar` or `--protocol` (default `auto`, both
 * bundled protocols). Loading failures are one-line `UsageError`s.
 * @internal
 */
export async function resolveGrammar(options: GrammarOptions, fallback: ProtocolChoice = 'auto'): Promise<GrammarChoice> {
  if (options.grammar === undefined) return bundledGrammar(options.protocol ?? fallback)
  const loaded = await loadGrammar(options.grammar)
  const max = sizeBounds(loaded.codec).max
  const maxFrame = options.maxFrame ?? (Number.isFinite(max) && max > 0 ? max : defaultMaxFrame)
  const name = loaded.name
  const choice = isOneOf(loaded.codec)
  return {
    grammar: loaded.codec,
    name,
    maxFrame,
    label: choice ? (decoded) => decoded as { protocol: string; value: unknown } : (value) => ({ protocol: name, value }),
    unlabel: choice ? (protocol, value) => ({ protocol, value }) : (_protocol, value) => value,
    bundled: undefined,
  }
}
