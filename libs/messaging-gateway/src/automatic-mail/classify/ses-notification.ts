import type { ClassificationResult } from './classification-result';
import { toBouncedRecipient } from './dsn';
import { addressOf, isAddress } from './smtp-codes';

/**
 * Amazon SES event notifications delivered by email (directly, or wrapped in an SNS
 * "AWS Notification Message" whose `Message` field holds the event JSON). SES documents the
 * shapes: `notificationType` Bounce (`bounce.bouncedRecipients[]`), Complaint
 * (`complaint.complainedRecipients[]`) or Delivery.
 */
interface SesEvent {
  notificationType?: string;
  eventType?: string;
  bounce?: {
    bouncedRecipients?: Array<{ emailAddress?: string; action?: string; status?: string; diagnosticCode?: string }>;
  };
  complaint?: { complainedRecipients?: Array<{ emailAddress?: string }>; complaintFeedbackType?: string };
  delivery?: { recipients?: string[]; smtpResponse?: string };
  mail?: { messageId?: string; destination?: string[] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The SES event in a body, or undefined when the body is not one. */
function sesEventOf(text: string): SesEvent | undefined {
  const start = text.indexOf('{');
  if (start < 0 || !/notificationType|eventType/.test(text)) return undefined;
  const end = text.lastIndexOf('}');
  const json = text.slice(start, end + 1);
  // Mail transports wrap the long Message line; a line break is never part of the JSON's data.
  const outer = (parseJson(json) ?? parseJson(json.replace(/\r?\n/g, ''))) as
    (SesEvent & { Message?: string }) | undefined;
  if (!outer) return undefined;
  if (typeof outer.Message === 'string') return parseJson(outer.Message) as SesEvent | undefined;
  return outer;
}

const address = (value: string | undefined): string | undefined => {
  const normalized = addressOf(value ?? '');
  return isAddress(normalized) ? normalized : undefined;
};

export function classifySesNotification(text: string): ClassificationResult | null {
  if (text.length > 5_000_000) return null;
  const event = sesEventOf(text);
  const type = event?.notificationType ?? event?.eventType;
  if (!event || !type) return null;
  const reasons = [`amazon ses ${type.toLowerCase()} notification`];
  const originalMessageId = event.mail?.messageId;
  const base = { reasons, ...(originalMessageId ? { originalMessageId } : {}) };
  if (type === 'Bounce') {
    const recipients = (event.bounce?.bouncedRecipients ?? []).flatMap((recipient) => {
      const email = address(recipient.emailAddress);
      if (!email) return [];
      return [
        toBouncedRecipient(email, recipient.action ?? 'failed', recipient.status ?? '', recipient.diagnosticCode ?? ''),
      ];
    });
    return { kind: 'bounce', bounce: { recipients }, ...base };
  }
  if (type === 'Complaint') {
    const recipients = (event.complaint?.complainedRecipients ?? []).flatMap((r) => address(r.emailAddress) ?? []);
    return {
      kind: 'feedback_report',
      feedback: { type: event.complaint?.complaintFeedbackType ?? 'abuse', recipients },
      ...base,
    };
  }
  if (type === 'Delivery') {
    const recipients = (event.delivery?.recipients ?? event.mail?.destination ?? []).flatMap((value) => {
      const email = address(value);
      return email ? [toBouncedRecipient(email, 'delivered', '', event.delivery?.smtpResponse ?? '')] : [];
    });
    return { kind: 'delivery_success', bounce: { recipients }, ...base };
  }
  return null;
}
