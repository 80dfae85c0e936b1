import { createHmac } from 'node:crypto';
import { safeEqual } from '../common/safe-equal';

/** `payload.signature` with HMAC-SHA256 under SESSION_SECRET, domain-separated by purpose. */
export function sign(secret: string, purpose: string, payload: string): string {
  return `${payload}.${mac(secret, purpose, payload)}`;
}

/** The payload when the signature is valid, else null. */
export function unsign(secret: string, purpose: string, signed: string | undefined): string | null {
  if (!signed) return null;
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const payload = signed.slice(0, dot);
  return safeEqual(signed.slice(dot + 1), mac(secret, purpose, payload)) ? payload : null;
}

export function mac(secret: string, purpose: string, payload: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${payload}`).digest('base64url');
}
