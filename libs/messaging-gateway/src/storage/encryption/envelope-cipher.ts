import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Marks sealed bytes (and their format version), so plaintext is never mistaken for them. */
const MAGIC = Buffer.from('MGWE1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM: `MAGIC | iv (12) | tag (16) | ciphertext`. `context` is authenticated, not stored
 * (a data key id, a wrapping key id), so sealed bytes moved to another record do not open there.
 */
export function seal(key: Buffer, plaintext: Buffer, context: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}

/** Throws when the key or context is wrong or the bytes were altered (GCM's tag does not match). */
export function open(key: Buffer, sealed: Buffer, context: string): Buffer {
  if (!isSealed(sealed)) throw new Error('not sealed bytes');
  const at = MAGIC.length;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(at, at + IV_BYTES));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(sealed.subarray(at + IV_BYTES, at + IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(at + IV_BYTES + TAG_BYTES)), decipher.final()]);
}

export function isSealed(bytes: Buffer): boolean {
  return bytes.length >= MAGIC.length + IV_BYTES + TAG_BYTES && bytes.subarray(0, MAGIC.length).equals(MAGIC);
}
