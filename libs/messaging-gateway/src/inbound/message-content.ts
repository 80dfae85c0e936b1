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
 * Posted for an email with no new words (only attachments, an empty body, or nothing but quoted
 * history): a Messages API may rightly refuse an empty text, and the email must still reach the
 * thread.
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
  // The text part's reply, else the HTML's (a text part that only quotes, beside new HTML).
  const extraction = [fromText, fromHtml].find((found) => found?.reply.trim()) ??
    fromText ??
    fromHtml ?? { reply: '', elided: '' };
  // A message that is nothing but quoted history has no new words: the history stays in the
  // elided part, and the thread shows that the email said nothing new.
  return {
    text: stripNul(extraction.reply.trim() ? extraction.reply : '') || NO_TEXT,
    // Sanitizing is the costly part: reuse the parse's result when nothing was cut.
    html: fromHtml
      ? (fromHtml.html === rawHtml ? email.html : stripNul(sanitizeEmailHtml(fromHtml.html))) || null
      : null,
    elidedText: stripNul(extraction.elided),
  };
}
