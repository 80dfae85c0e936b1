/** The MAIL_API relay body (`POST /webhook/outbound-email`). */
export interface RelayRequest {
  type: RelayEmailType;
  to: string;
  subject: string;
  token: string;
  expiresAt: string;
  link?: string;
  fromLocalPart?: string;
}

export const RELAY_EMAIL_TYPES = ['email_verification', 'password_reset'] as const;
export type RelayEmailType = (typeof RELAY_EMAIL_TYPES)[number];

const ADDRESS = /^[^\s@<>()",;:\\]+@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const LOCAL_PART = /^[A-Za-z0-9](?:[A-Za-z0-9._+-]{0,62}[A-Za-z0-9])?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Validates the parsed JSON; returns the request or the schema error to answer with 400. */
export function parseRelayRequest(body: unknown): RelayRequest | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: 'body must be a JSON object' };
  const b = body as Record<string, unknown>;
  if (!RELAY_EMAIL_TYPES.includes(b.type as RelayEmailType)) {
    return { error: `type must be one of ${RELAY_EMAIL_TYPES.join(', ')}` };
  }
  if (typeof b.to !== 'string' || b.to.length > 320 || !ADDRESS.test(b.to))
    return { error: 'to must be one email address' };
  if (typeof b.subject !== 'string' || !b.subject.trim() || b.subject.length > 200 || CONTROL.test(b.subject)) {
    return { error: 'subject must be one line of 1 to 200 characters' };
  }
  if (typeof b.token !== 'string' || !b.token || b.token.length > 512 || CONTROL.test(b.token)) {
    return { error: 'token must be a string of 1 to 512 characters' };
  }
  if (typeof b.expiresAt !== 'string' || !ISO_8601.test(b.expiresAt) || Number.isNaN(Date.parse(b.expiresAt))) {
    return { error: 'expiresAt must be an ISO 8601 date-time' };
  }
  if (b.link !== undefined && (typeof b.link !== 'string' || b.link.length > 2048 || !isWebUrl(b.link))) {
    return { error: 'link must be an http or https URL' };
  }
  if (b.fromLocalPart !== undefined && (typeof b.fromLocalPart !== 'string' || !LOCAL_PART.test(b.fromLocalPart))) {
    return { error: 'fromLocalPart must be a plain local part (letters, digits, . _ + -)' };
  }
  return {
    type: b.type as RelayEmailType,
    to: b.to,
    subject: b.subject.trim(),
    token: b.token,
    expiresAt: new Date(b.expiresAt).toISOString(),
    link: b.link as string | undefined,
    fromLocalPart: b.fromLocalPart as string | undefined,
  };
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
