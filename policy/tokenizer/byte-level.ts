// GPT-2 byte-level alphabet: each byte maps to a printable unicode character, so a
// BPE over these characters can encode any UTF-8 text with no unknown token.

export function bytesToUnicode(): Map<number, string> {
  const bytes: number[] = [];
  for (let b = 33; b <= 126; b++) bytes.push(b);
  for (let b = 161; b <= 172; b++) bytes.push(b);
  for (let b = 174; b <= 255; b++) bytes.push(b);
  const chars = [...bytes];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(256 + n++);
    }
  }
  return new Map(bytes.map((b, i) => [b, String.fromCodePoint(chars[i])]));
}

/**
 * The built-in tokenizer's pre-tokenizer split: GPT-2's, except that a space joins only
 * a word that starts lower-case. Capitalised words, gene symbols, ids and numbers stay
 * apart from the space before them, so "gene EIF3C" and `{"gene":"EIF3C"}` spell the
 * symbol with the same tokens and writing it into a tool call is a plain copy.
 */
export const BUILTIN_SPLIT_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{Ll}+|\\p{L}+|\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
export const BUILTIN_SPLIT_PATTERN = new RegExp(BUILTIN_SPLIT_REGEX, 'gu');

const encoder = new TextEncoder();

export function toByteLevel(word: string, table: Map<number, string>): string[] {
  return Array.from(encoder.encode(word), (b) => table.get(b)!);
}
