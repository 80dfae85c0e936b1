import { createHash } from 'node:crypto';

/** Keys are lowercase hex hashes in two-character folders: safe on every filesystem and S3. */
const STORAGE_KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}$/;

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The object key of content with this SHA-256: `ab/abcdef…`. The two-character prefix keeps
 * folders of the local driver small (256 of them), and S3 does not care.
 */
export function storageKeyOf(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256}`;
}

/** Drivers refuse any other key, so no caller can reach outside the store (`../`, absolute paths). */
export function assertStorageKey(key: string): void {
  if (!STORAGE_KEY.test(key)) throw new Error(`not an attachment storage key: ${JSON.stringify(key.slice(0, 80))}`);
}
