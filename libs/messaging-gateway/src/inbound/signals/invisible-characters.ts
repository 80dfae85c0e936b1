/** How invisible characters hide or disguise text. */
export type InvisibleKind = 'zero-width characters' | 'bidi override';

/** Zero-width space, word joiner, Mongolian vowel separator, a BOM inside text. */
const ZERO_WIDTH = /[\u200b\u2060\u180e\ufeff]/g;
/** Zero-width (non-)joiners between two ASCII letters: Latin text never needs them (emoji and Persian do). */
const LATIN_JOINERS = /(?<=[\x21-\x7e])[\u200c\u200d]+(?=[\x21-\x7e])/g;
/** Left-to-right and right-to-left overrides: they reorder what is shown against what is stored. */
const BIDI_OVERRIDES = /[\u202d\u202e]/g;

/**
 * Removes characters that hide words from a reader or split them for a filter (zero-width
 * characters inside Latin text) and that display text in another order than it is stored
 * (bidi overrides). Marks an RTL reader needs (RLM, LRM, isolates, embeddings) and joiners in
 * emoji and scripts that use them are kept.
 */
export function stripInvisibleCharacters(text: string): { text: string; found: InvisibleKind[] } {
  const found: InvisibleKind[] = [];
  let out = text.replace(/^\ufeff/, '');
  const withoutZeroWidth = out.replace(ZERO_WIDTH, '').replace(LATIN_JOINERS, '');
  if (withoutZeroWidth !== out) found.push('zero-width characters');
  out = withoutZeroWidth.replace(BIDI_OVERRIDES, '');
  if (out.length !== withoutZeroWidth.length) found.push('bidi override');
  return { text: out, found };
}
