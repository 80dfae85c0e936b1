/**
 * Where attachment bytes live: a flat key → bytes store. The gateway names every object by the
 * SHA-256 of its content (`storageKeyOf`), so a file is written once however often it is
 * received, and a put of a key that exists may be skipped or overwritten with the same bytes.
 * A host keeps bytes in its own store by giving `attachmentStore` a class implementing this.
 * @publicApi
 */
export interface AttachmentStore {
  /** Writes the bytes durably before resolving (a crash after it must find them). */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes, or null when the key is unknown (never throws for a missing key). */
  get(key: string): Promise<Buffer | null>;
  /** Whether the key holds bytes. */
  has(key: string): Promise<boolean>;
  /** Removes the bytes; a missing key is not an error. */
  delete(key: string): Promise<void>;
}
