import sanitizeHtml from 'sanitize-html';
import type { MessageView } from '../messages-api/messages-api.serializer';

export interface DisplayedMessage {
  id: string;
  direction: string;
  author: string;
  createdAt: string;
  /** Plain text, never HTML: the template escapes it. */
  text: string;
  quoted: string;
  attachments: { name: string; type: string; size: number }[];
  matchStrategy?: string;
}

/**
 * What the thread page shows of a message: the trimmed text, the quoted part behind a toggle, the
 * attachment list. An HTML-only message is reduced to its text; HTML is never rendered.
 */
export function displayMessage(message: MessageView): DisplayedMessage {
  const metadata = message.metadata ?? {};
  const text = message.text?.trim() ? message.text : htmlToText(message.html ?? '');
  const attachments = Array.isArray(metadata.attachments) ? metadata.attachments : [];
  return {
    id: message.id,
    direction: message.direction,
    author: message.authorName || message.authorEmail || (message.direction === 'outbound' ? 'Agent' : 'Customer'),
    createdAt: message.createdAt,
    text,
    quoted: typeof metadata.elidedText === 'string' ? metadata.elidedText : '',
    attachments: attachments.map((item: Record<string, unknown>) => ({
      name: String(item.name ?? item.filename ?? 'attachment'),
      type: String(item.type ?? item.contentType ?? ''),
      size: Number(item.size ?? 0),
    })),
    matchStrategy: typeof metadata.matchStrategy === 'string' ? metadata.matchStrategy : undefined,
  };
}

function htmlToText(html: string): string {
  const withBreaks = html.replace(/<(br|\/p|\/div|\/li|\/tr|\/h\d)\b[^>]*>/gi, '\n');
  return sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
