import type { ParsedMail } from 'mailparser';
import type { SafetySignal } from '../messages-api/safety-signal.types';
import { extractReply } from '../reply-text/extract-reply';
import { extractReplyFromHtml } from '../reply-text/extract-reply-from-html';
import type { ParsedInboundEmail } from './parse/parsed-inbound-email.types';
import { sanitizeEmailHtml } from './parse/sanitize-email-html';
import { stripNul } from './parse/strip-nul';
import { type HiddenHtml, revealHiddenHtml } from './signals/hidden-html';
import { stripInvisibleCharacters } from './signals/invisible-characters';
import { mismatchedLinks } from './signals/link-mismatch';
import { injectionPhrases } from './signals/prompt-injection';

/** What is posted as the message: text, sanitized HTML, the trimmed quote for metadata, and what a reader should know. */
export interface MessageContent {
  text: string;
  html: string | null;
  elidedText: string;
  signals: SafetySignal[];
}

/**
 * Posted for an email with no new words (only attachments, an empty body, or nothing but quoted
 * history): a Messages API may rightly refuse an empty text, and the email must still reach the
 * thread.
 */
export const NO_TEXT = '(no text)';

/** Heads the hidden text kept in the elided part, so a reader sees it was there and why it is not shown. */
const HIDDEN_HEADING = '[Hidden in the email: not shown by mail clients, not posted]';

/**
 * The reply without quoted history and signature (`extractReply` / `extractReplyFromHtml`). The plain-text part is
 * preferred; an HTML-only email is extracted from its HTML. The posted HTML is the client-marked
 * reply part, sanitized. With `inbound.postFullText`, everything is posted and nothing elided.
 *
 * Text a mail client would not show (hidden HTML, invisible characters) is not posted: an AI
 * agent reading the thread must not take orders a person never saw. The hidden text is kept
 * at the end of the elided part, and `signals` flags it, links that show one domain and open
 * another, and phrasing aimed at an AI reader.
 */
export function messageContentOf(email: ParsedInboundEmail, mail: ParsedMail, postFullText: boolean): MessageContent {
  const rawHtml = typeof mail.html === 'string' ? mail.html : null;
  const hidden: HiddenHtml = rawHtml ? revealHiddenHtml(rawHtml) : { html: '', hidden: [], how: [] };
  const visibleHtml = rawHtml === null ? null : hidden.html;
  const visibleText = stripInvisibleCharacters(withoutFragments(email.text, hidden.hidden));
  const signals: SafetySignal[] = [
    ...hidden.how.map((how) => ({ type: 'hidden_text' as const, detail: how })),
    ...visibleText.found.map((kind) => ({ type: 'hidden_text' as const, detail: kind })),
  ];
  const hiddenPart = hidden.hidden.length ? `${HIDDEN_HEADING}\n${hidden.hidden.join('\n')}` : '';
  // The parse's sanitized HTML is reused when nothing was removed: sanitizing is the costly part.
  const sanitized = (html: string): string | null =>
    (html === rawHtml ? email.html : stripNul(sanitizeEmailHtml(stripInvisibleCharacters(html).text))) || null;

  let content: Omit<MessageContent, 'signals'>;
  if (postFullText) {
    content = {
      text: visibleText.text || NO_TEXT,
      html: visibleHtml && sanitized(visibleHtml),
      elidedText: hiddenPart,
    };
  } else {
    const fromHtml = visibleHtml ? extractReplyFromHtml(visibleHtml) : null;
    const fromText = visibleText.text.trim() ? extractReply(visibleText.text) : null;
    // The text part's reply, else the HTML's (a text part that only quotes, beside new HTML).
    const extraction = [fromText, fromHtml].find((found) => found?.reply.trim()) ??
      fromText ??
      fromHtml ?? { reply: '', elided: '' };
    // A message that is nothing but quoted history has no new words: the history stays in the
    // elided part, and the thread shows that the email said nothing new.
    const reply = stripInvisibleCharacters(extraction.reply).text;
    content = {
      text: stripNul(reply.trim() ? reply : '') || NO_TEXT,
      html: fromHtml ? sanitized(fromHtml.html) : null,
      elidedText: stripNul([extraction.elided, hiddenPart].filter(Boolean).join('\n\n')),
    };
  }
  for (const link of rawHtml ? mismatchedLinks(rawHtml) : []) {
    signals.push({ type: 'link_mismatch', detail: `shows ${link.shown}, opens ${link.target}` });
  }
  // The elided part too: an agent reading the thread may read the metadata as well.
  const read = [email.subject, content.text, content.elidedText].join('\n');
  for (const phrase of injectionPhrases(read)) signals.push({ type: 'prompt_injection', detail: phrase });
  return { ...content, signals };
}

/** The text part without the fragments the HTML hides: senders put the same words in both parts. */
function withoutFragments(text: string, fragments: string[]): string {
  let out = text;
  // Bounded: a hostile email may hide thousands of fragments.
  for (const fragment of fragments.slice(0, 50)) {
    if (fragment.length < 3 || fragment.length > 2000) continue;
    // Whitespace may be wrapped differently in the text part.
    const pattern = fragment
      .split(/\s+/)
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+');
    out = out.replace(new RegExp(pattern, 'g'), '');
  }
  return out;
}
