/** What the hand-written decoders return: a value, or why not (a small object, as oxwire's Either is). */
export type Result<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: string }

/** A failure result. */
export function failure(error: string): { readonly ok: false; readonly error: string } {
  return { ok: false, error }
}

// UTF-8 as the protocols require: invalid bytes are an error, a BOM is text.
export const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
export const utf8Encoder = new TextEncoder()
