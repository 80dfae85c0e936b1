/** RFC 3463 enhanced status code ("5.1.1"), the first one in `text`. */
const STATUS_CODE = /(?:^|[^\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.]*\d)/;
/** RFC 5321 reply code at the start of a reply line or after "said:" / "smtp;". */
const REPLY_CODE = /(?:^|[\s;:([])([245][0-5]\d)(?:[\s-]|$)/;

export function findStatusCode(text: string): string {
  return STATUS_CODE.exec(text.slice(0, 4000))?.[1] ?? '';
}

export function findReplyCode(text: string): string {
  return REPLY_CODE.exec(text.slice(0, 4000))?.[1] ?? '';
}

/** "rfc822; User@Example.com" or "<user@example.com>" → "user@example.com". */
export function addressOf(value: string): string {
  const afterType = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(afterType);
  const address = (bracketed?.[1] ?? afterType).trim().replace(/^["'<]+|[>"',.;:]+$/g, '');
  return address.toLowerCase();
}

export function isAddress(value: string): boolean {
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value) || /^[^\s@<>]+@[a-z0-9-]+$/i.test(value);
}
