import { createHmac } from 'node:crypto';

/** HMAC of the concatenated parts, without converting binary bodies to strings first. */
export function hmac(algorithm: 'sha1' | 'sha256', key: string | Buffer, ...parts: Array<string | Buffer>): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}
