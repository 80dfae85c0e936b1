import type { Response } from 'express';
import type { AttachmentsService } from 'nestjs-messaging-gateway';

/** A kept file with its bytes, as the gateway opens it. */
export type AttachmentContent = Awaited<ReturnType<AttachmentsService['open']>>;

/** Raster images a browser decodes without running anything: the only types ever shown inline. */
const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Whether a file may be shown in the page (`<img>`); HTML, SVG (scriptable) and the rest never are. */
export function showableInline(type: string): boolean {
  return INLINE_IMAGE_TYPES.has(type.toLowerCase());
}

/** `filename=` for old clients (ASCII, quotes removed) and `filename*=` (RFC 6266, UTF-8) for the real name. */
function dispositionOf(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Sends a kept file. Always `nosniff` and a sandboxing CSP, so no browser runs what a customer
 * sent; a download (`Content-Disposition: attachment`) unless `inline` was asked for a raster image.
 */
export function sendAttachment(res: Response, file: AttachmentContent, inline = false): void {
  const showInline = inline && showableInline(file.type);
  res.setHeader('Content-Type', showInline ? file.type : file.type || 'application/octet-stream');
  res.setHeader('Content-Length', String(file.content.length));
  res.setHeader('Content-Disposition', dispositionOf(showInline ? 'inline' : 'attachment', file.name));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', 'private, no-store');
  res.end(file.content);
}
