/**
 * RFC 4648 base32 in lowercase without padding. Chosen for reply tokens because the alphabet
 * (a-z, 2-7) survives MTAs that fold the case of the local part (RFC 5321 4.1.2 lets them) and
 * needs no quoting in an address. Decoding is case-insensitive.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  VALUES[ALPHABET.charCodeAt(i)] = i;
  VALUES[ALPHABET.toUpperCase().charCodeAt(i)] = i;
}

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Length in characters of `byteLength` bytes encoded without padding. */
export function base32Length(byteLength: number): number {
  return Math.ceil((byteLength * 8) / 5);
}

/**
 * Decodes `text` (either case) to exactly `byteLength` bytes, or null when a character is
 * outside the alphabet, the length is wrong, or the unused trailing bits are not zero (so
 * every byte string has exactly one accepted spelling up to case).
 */
export function base32Decode(text: string, byteLength: number): Buffer | null {
  if (text.length !== base32Length(byteLength)) return null;
  const out = Buffer.allocUnsafe(byteLength);
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? VALUES[code] : -1;
    if (value < 0) return null;
    buffer = ((buffer << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >>> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return null;
  return out;
}
