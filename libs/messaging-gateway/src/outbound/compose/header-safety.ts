import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';

/*
 * Characters that must never reach a header: C0 controls (CR, LF, NUL, TAB …), DEL, C1 controls,
 * the Unicode line and paragraph separators U+2028/2029 (some parsers end a line there), and the
 * bidi overrides and isolates that let a name display as something else (Trojan Source, CVE-2021-42574).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_RUNS = /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;
/** RFC 5322 2.2: a field name is printable ASCII except colon; we allow the usual subset only. */
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
/** Custom headers a caller may add; everything structural is the composer's alone. */
const ALLOWED_CUSTOM = /^(x-|list-)/i;
const RESERVED_CUSTOM = /^(x-auto-response-suppress|list-unsubscribe(-post)?)$/i;

/** True when `value` holds a character that could break out of, or disguise, a header. */
export function hasUnsafeHeaderChars(value: string): boolean {
  return UNSAFE.test(value);
}

/**
 * Text from an email or a host (a customer's subject, an agent's name) made safe for one header
 * line: every run of whitespace and unsafe characters becomes one space, then trimmed and cut to
 * `max` characters. Encoding (RFC 2047) is nodemailer's job; this only removes what must not pass.
 */
export function toHeaderText(value: string | null | undefined, max: number): string {
  if (typeof value !== 'string') return '';
  return Array.from(value.replace(UNSAFE_RUNS, ' ').trim()).slice(0, max).join('').trim();
}

/** API input (a relay subject, a custom header) is refused rather than repaired: the caller has a bug. */
export function assertHeaderText(field: string, value: string, max = 998): void {
  if (typeof value !== 'string' || hasUnsafeHeaderChars(value)) {
    throw new MessagingGatewayError(
      ErrorCode.HEADER_INJECTION,
      `${field} contains a line break or control character; send it as one line of text.`,
    );
  }
  if (value.length > max) {
    throw new MessagingGatewayError(ErrorCode.HEADER_INJECTION, `${field} is longer than ${max} characters.`);
  }
}

/** Validates caller-supplied headers: `X-…` and `List-…` names only, one-line values. */
export function safeCustomHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!HEADER_NAME.test(name) || !ALLOWED_CUSTOM.test(name) || RESERVED_CUSTOM.test(name)) {
      throw new MessagingGatewayError(
        ErrorCode.HEADER_INJECTION,
        `header "${toHeaderText(name, 64)}" may not be set: only X-… and List-… headers can be added, and not List-Unsubscribe (use outbound.listUnsubscribe).`,
      );
    }
    assertHeaderText(`header ${name}`, String(value));
    out[name] = String(value);
  }
  return out;
}
