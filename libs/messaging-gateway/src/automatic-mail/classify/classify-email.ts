import { parseFeedbackReport, parseNonStandardFeedback } from './arf';
import { autoReplySignals } from './auto-reply';
import type { ClassificationResult } from './classification-result';
import { isDeliveryReceipt } from './delivery-receipt';
import { recipientsFromDsn } from './dsn';
import { addressMentions, recipientsFromText } from './bounce-recipients';
import { bounceHead, isMailSystemSender, looksLikeBounce } from './non-standard-bounces';
import { classifyMailingListRefusal } from './mailing-list-refusal';
import { lastReferencedId, messageIdInHeaders, messageIdInText } from './original-message-id';
import type { ParsedMail } from 'mailparser';
import { type ParsedReport, parseReport, reportFromParsed } from './parsed-report';
import { classifySesNotification } from './ses-notification';

const DELIVERED_ACTIONS = new Set(['delivered', 'relayed', 'expanded']);
const EMBEDDED_MESSAGE = /^(?:message\/(?:rfc822|global|global-headers)|text\/(?:rfc822-headers|rfc822))$/;
const DSN_PART = /^message\/(?:global-)?delivery-status$/;

/** The Message-ID of the email a report is about: embedded original first, then references. */
function originalMessageId(mail: ParsedReport): string | undefined {
  for (const part of mail.parts) {
    if (!EMBEDDED_MESSAGE.test(part.contentType)) continue;
    const id = messageIdInHeaders(part.content);
    if (id) return id;
  }
  return (
    messageIdInText(mail.rawBody) ??
    messageIdInText(mail.text) ??
    lastReferencedId(mail.headers.get('in-reply-to')) ??
    lastReferencedId(mail.headers.get('references'))
  );
}

const ADDRESS_IN_VALUE = /[^\s<>,;"']+@[^\s<>,;"']+/g;
const REPORT_ADDRESS_HEADERS = ['to', 'delivered-to', 'x-original-to', 'envelope-to'];
const ORIGINAL_ADDRESS_HEADERS = /^(?:From|Reply-To|Sender|Return-Path):[ \t]*(.*)$/gim;

/** Addresses of this report's recipients and of the original's sender side (see `relatedAddresses`). */
function relatedAddresses(mail: ParsedReport): string[] {
  const found = new Set<string>();
  const add = (value: string | undefined): void => {
    for (const address of value?.match(ADDRESS_IN_VALUE) ?? []) found.add(address.toLowerCase());
  };
  for (const name of REPORT_ADDRESS_HEADERS) add(mail.headers.get(name));
  const embedded = mail.parts.filter((part) => EMBEDDED_MESSAGE.test(part.contentType)).map((part) => part.content);
  for (const text of [...embedded, mail.rawBody]) {
    for (const match of text.slice(0, 200000).matchAll(ORIGINAL_ADDRESS_HEADERS)) add(match[1]);
  }
  return [...found].slice(0, 50);
}

function embeddedRecipients(mail: ParsedReport): string[] {
  const embedded = mail.parts.find((part) => EMBEDDED_MESSAGE.test(part.contentType));
  const to = embedded ? /^To:[ \t]*(.*)$/im.exec(embedded.content.split(/\r?\n\r?\n/)[0])?.[1] : undefined;
  return to ? (to.match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? []).map((address) => address.toLowerCase()) : [];
}

function classifyFeedback(mail: ParsedReport): ClassificationResult | null {
  const part = mail.parts.find((candidate) => candidate.contentType === 'message/feedback-report');
  if (!part && mail.reportType !== 'feedback-report') {
    const feedback = parseNonStandardFeedback(mail.subject, mail.text, mail.rawBody, mail.from);
    return feedback ? { kind: 'feedback_report', feedback, reasons: ['non-standard feedback report'] } : null;
  }
  const fields = part?.content ?? mail.text;
  const feedback = parseFeedbackReport(fields, embeddedRecipients(mail));
  return { kind: 'feedback_report', feedback, reasons: ['multipart/report feedback-report (RFC 5965)'] };
}

function classifyDsn(mail: ParsedReport): ClassificationResult | null {
  const part = mail.parts.find((candidate) => DSN_PART.test(candidate.contentType));
  // DSN fields pasted into a person's email are not a report: inline fields need a mail-system sender.
  const inline =
    isMailSystemSender(mail.from, mail.headers) &&
    (/^Final-Recipient:/im.test(mail.text) || /^Original-Recipient:/im.test(mail.text));
  if (!part && !(mail.reportType === 'delivery-status' || inline)) return null;
  const mentions = addressMentions(bounceHead(mail.text), mail.ownAddresses);
  const recipients = recipientsFromDsn(part?.content ?? mail.text, mentions);
  if (recipients.length === 0) return null;
  const failed = recipients.filter((recipient) => !DELIVERED_ACTIONS.has(recipient.action));
  const reasons = [
    part || mail.reportType ? 'multipart/report delivery-status (RFC 3464)' : 'inline delivery-status fields',
  ];
  if (failed.length === 0) return { kind: 'delivery_success', bounce: { recipients }, reasons };
  return { kind: 'bounce', bounce: { recipients: failed }, reasons };
}

function classifyNonStandardBounce(mail: ParsedReport): ClassificationResult | null {
  const head = bounceHead(mail.text);
  if (isMailSystemSender(mail.from, mail.headers) && isDeliveryReceipt(mail.subject, head)) {
    const recipients = recipientsFromText(head, undefined, mail.ownAddresses, 'delivered');
    return { kind: 'delivery_success', bounce: { recipients }, reasons: ['delivery receipt without a report'] };
  }
  const reasons = looksLikeBounce(mail.from, mail.subject, mail.text, mail.headers);
  if (reasons.length === 0) return null;
  const recipients = recipientsFromText(head, mail.headers.get('x-failed-recipients'), mail.ownAddresses);
  return { kind: 'bounce', bounce: { recipients }, reasons };
}

/**
 * Tells a person's email from automatic mail: bounces (RFC 3464 and the common non-standard
 * formats), delivery successes, RFC 5965 feedback reports and auto-replies (RFC 3834 and vendor
 * headers). Bounces are checked before auto-replies because most DSNs also carry
 * `Auto-Submitted: auto-replied`.
 * @publicApi
 */
export async function classifyEmail(raw: Buffer | string): Promise<ClassificationResult> {
  return classifyReport(await parseReport(raw));
}

/** @internal `classifyEmail` on a message mailparser already parsed (same options), with its raw bytes. */
export function classifyParsedEmail(mail: ParsedMail, raw: Buffer | string): ClassificationResult {
  return classifyReport(reportFromParsed(mail, raw));
}

function classifyReport(mail: ParsedReport): ClassificationResult {
  const report =
    classifyFeedback(mail) ??
    classifyDsn(mail) ??
    classifySesNotification(mail.text) ??
    classifyMailingListRefusal(mail.from, mail.subject, mail.text, mail.headers) ??
    classifyNonStandardBounce(mail);
  if (report) {
    const originalId = originalMessageId(mail);
    return {
      ...report,
      ...(originalId ? { originalMessageId: originalId } : {}),
      relatedAddresses: relatedAddresses(mail),
    };
  }
  const autoReasons = autoReplySignals(mail.headers, mail.subject);
  if (autoReasons.length > 0) {
    const originalId =
      lastReferencedId(mail.headers.get('in-reply-to')) ?? lastReferencedId(mail.headers.get('references'));
    return {
      kind: 'auto_reply',
      reasons: autoReasons,
      ...(originalId ? { originalMessageId: originalId } : {}),
      relatedAddresses: relatedAddresses(mail),
    };
  }
  return { kind: 'message', reasons: [] };
}
