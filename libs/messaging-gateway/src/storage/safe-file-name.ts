/**
 * Characters a file name must not carry: C0 and C1 controls (a CR or NUL ends a header or a path)
 * and the bidirectional marks and overrides that make `invoice‮fdp.exe` read as `invoice.exe.pdf`.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The base name only (no folder, `../` or drive: a name is never a path), without unsafe
 * characters or leading dots (no hidden files), at most 255 characters; `attachment` when nothing
 * is left. Applied to every name an email or an answer gives, before it is stored or shown.
 */
export function safeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(UNSAFE, '').replace(/^\.+/, '').trim();
  return clean.slice(0, 255) || 'attachment';
}
