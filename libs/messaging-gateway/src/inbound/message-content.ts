import type { ParsedMail } from 'mailparser';
import { extractReply } from '../reply-text/extract-reply';
import { extractReplyFromHtml } from '../reply-text/extract-reply-from-html';
import type { ParsedInboundEmail } from './parse/parsed-inbound-email.types';
import { sanitizeEmailHtml } from './parse/sanitize-email-html';
import { stripNul } from './parse/strip-nul';

/** What is posted as the message: text, sanitized HTML, and the trimmed quote for metadata. */
export interface MessageContent {
  text: string;
  html: string | null;
  elidedText: string;
}

/**
 * Posted for an email with no words at all (only attachments, or an empty body): a message API
 * may rightly refuse an empty text, and the person's email must still reach the thread.
 */
export const NO_TEXT = '(no text)';

/**
 * The reply without quoted history and signature (`extractReply` / `extractReplyFromHtml`). The plain-text part is
 * preferred; an HTML-only email is extracted from its HTML. The posted HTML is the client-marked
 * reply part, sanitized. With `inbound.postFullText`, everything is posted and nothing elided.
 */
export function messageContentOf(email: ParsedInboundEmail, mail: ParsedMail, postFullText: boolean): MessageContent {
  const rawHtml = typeof mail.html === 'string' ? mail.html : null;
  if (postFullText) return { text: email.text || NO_TEXT, html: email.html, elidedText: '' };
  const fromHtml = rawHtml ? extractReplyFromHtml(rawHtml) : null;
  const fromText = email.text.trim() ? extractReply(email.text) : null;
  const extraction = fromText ?? fromHtml ?? { reply: '', elided: '' };
  // Nothing left after trimming (a message that is only quoted history): post it all.
  const text = extraction.reply.trim() ? extraction.reply : email.text || (fromHtml?.reply ?? '');
  return {
    text: stripNul(text) || NO_TEXT,
    // Sanitizing is the costly part: reuse the parse's result when nothing was cut.
    html: fromHtml
      ? (fromHtml.html === rawHtml ? email.html : stripNul(sanitizeEmailHtml(fromHtml.html))) || null
      : null,
    elidedText: stripNul(extraction.reply.trim() ? extraction.elided : ''),
  };
}
