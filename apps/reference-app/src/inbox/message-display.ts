import sanitizeHtml from 'sanitize-html';
import type { MessageView } from '../messages-api/messages-api.serializer';
import { showableInline } from '../attachments/attachment-response';

export interface DisplayedMessage {
  id: string;
  direction: string;
  author: string;
  createdAt: string;
  /** Plain text, never HTML: the template escapes it. */
  text: string;
  quoted: string;
  /** Kept files link to the session route; `image` ones (inline raster images, the email's `cid:`) show under the text. */
  attachments: { name: string; type: string; size: number; href?: string; image: boolean; skipped?: string }[];
  matchStrategy?: string;
  /** The sender check's badge, when the gateway checked the sender (metadata `auth`). */
  senderBadge?: SenderBadge;
  /** Safety signals (metadata `signals`), each as one line for the reader. */
  signals: string[];
}

/** "sender verified" when DMARC passed (or a trusted forwarder vouched), else what failed; the title lists every verdict. */
export interface SenderBadge {
  label: string;
  kind: 'ok' | 'rejected' | 'pending';
  title: string;
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
    attachments: attachments.map((item: Record<string, unknown>) => attachmentDisplay(item)),
    matchStrategy: typeof metadata.matchStrategy === 'string' ? metadata.matchStrategy : undefined,
    senderBadge: senderBadgeOf(metadata.auth),
    signals: Array.isArray(metadata.signals)
      ? metadata.signals.map(
          (signal: Record<string, unknown>) =>
            `${String(signal.type).replace(/_/g, ' ')}: ${String(signal.detail ?? '')}`,
        )
      : [],
  };
}

/** Ids are the gateway's UUIDs; anything else in metadata is shown as a name, never used in a URL. */
const ATTACHMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function attachmentDisplay(item: Record<string, unknown>): DisplayedMessage['attachments'][number] {
  const type = String(item.type ?? item.contentType ?? '');
  const id = typeof item.id === 'string' && ATTACHMENT_ID.test(item.id) ? item.id : undefined;
  return {
    name: String(item.name ?? item.filename ?? 'attachment'),
    type,
    size: Number(item.size ?? 0),
    ...(id ? { href: `/inbox/attachments/${id}` } : {}),
    image: id !== undefined && item.inline === true && showableInline(type),
    ...(typeof item.skipped === 'string' ? { skipped: item.skipped.replace(/_/g, ' ') } : {}),
  };
}

function senderBadgeOf(auth: unknown): SenderBadge | undefined {
  if (!auth || typeof auth !== 'object') return undefined;
  const verdicts = auth as Record<string, unknown>;
  const word = (key: string): string => String(verdicts[key] ?? 'none');
  const title = [
    `DKIM ${word('dkim')}`,
    `SPF ${word('spf')}`,
    `DMARC ${word('dmarc')}${verdicts.policy ? ` (p=${String(verdicts.policy)})` : ''}`,
    `ARC ${word('arc')}${verdicts.arcSealer ? ` by ${String(verdicts.arcSealer)}` : ''}`,
    verdicts.fromAligned === true
      ? 'From aligned'
      : verdicts.fromAligned === false
        ? 'From not aligned'
        : 'alignment unknown',
    verdicts.source === 'provider' ? "the provider's verdicts" : 'checked by the gateway',
  ].join(' · ');
  if (word('dmarc') === 'pass' || verdicts.arcSealer) return { label: 'sender verified', kind: 'ok', title };
  if (word('dmarc') === 'fail') return { label: 'sender not verified: DMARC fail', kind: 'rejected', title };
  if (word('dmarc') === 'temperror') return { label: 'sender not checked: DNS error', kind: 'pending', title };
  return { label: 'sender unverified', kind: 'pending', title };
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
