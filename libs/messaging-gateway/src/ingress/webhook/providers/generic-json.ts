import type { InboundEnvelope } from '../../../inbound/inbound-accept.types';
import { composeMime, type ParsedEmail } from '../mime/compose-mime';
import { malformedError } from '../webhook-error';
import { smtpEnvelopeOf } from '../smtp-envelope-fields';
import type { JsonObject } from '../webhook-request';

const optionalString = (body: JsonObject, key: string): string | undefined => {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw malformedError(`"${key}" must be a string.`);
  return value;
};

const addressList = (body: JsonObject, key: string): string[] => {
  const value = body[key];
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item) => typeof item === 'string')) throw malformedError(`"${key}" must be a string or strings.`);
  return list as string[];
};

/**
 * The generic JSON: `from`, `to`, `subject`, `text`, `html`, `headers` {Message-ID, In-Reply-To,
 * References, …}, optional `raw` (full MIME, used as is) and `attachments`
 * [{filename, contentType, content (base64)}]; optional `clientIp`, `helo`, `mailFrom`: the SMTP
 * session, for SPF.
 */
export async function parseGenericJson(
  body: JsonObject,
): Promise<{ raw: Buffer; contentKey?: string; envelope: InboundEnvelope }> {
  const to = addressList(body, 'to');
  const envelope: InboundEnvelope = {
    ...(to.length ? { recipients: to } : {}),
    ...smtpEnvelopeOf({
      clientIp: optionalString(body, 'clientIp'),
      helo: optionalString(body, 'helo'),
      mailFrom: optionalString(body, 'mailFrom'),
    }),
  };
  const raw = optionalString(body, 'raw');
  if (raw !== undefined) return { raw: Buffer.from(raw, 'utf8'), envelope };

  const email: ParsedEmail = { headers: [], text: optionalString(body, 'text'), html: optionalString(body, 'html') };
  const from = optionalString(body, 'from');
  if (from === undefined) throw malformedError('"from" is required (or "raw" with the full MIME).');
  email.headers.push({ name: 'From', value: from });
  if (to.length) email.headers.push({ name: 'To', value: to.join(', ') });
  const cc = addressList(body, 'cc');
  if (cc.length) email.headers.push({ name: 'Cc', value: cc.join(', ') });
  const subject = optionalString(body, 'subject');
  if (subject !== undefined) email.headers.push({ name: 'Subject', value: subject });
  email.headers.push(...headerList(body.headers));
  email.attachments = attachmentList(body.attachments);
  const composed = await composeMime(email);
  return { ...composed, envelope };
}

function headerList(value: unknown): ParsedEmail['headers'] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) throw malformedError('"headers" must be an object.');
  const out: ParsedEmail['headers'] = [];
  for (const [name, raw] of Object.entries(value as JsonObject)) {
    if (['from', 'to', 'cc', 'subject'].includes(name.toLowerCase())) continue;
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      if (typeof item !== 'string') throw malformedError(`headers["${name}"] must be a string.`);
      out.push({ name, value: item });
    }
  }
  return out;
}

function attachmentList(value: unknown): NonNullable<ParsedEmail['attachments']> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw malformedError('"attachments" must be an array.');
  return value.map((item: unknown, index) => {
    const a = (item ?? {}) as JsonObject;
    if (typeof a.content !== 'string' || !/^[A-Za-z0-9+/=\s]*$/.test(a.content)) {
      throw malformedError(`attachments[${index}].content must be base64.`);
    }
    return {
      filename: optionalString(a, 'filename'),
      contentType: optionalString(a, 'contentType'),
      contentId: optionalString(a, 'contentId'),
      content: Buffer.from(a.content, 'base64'),
    };
  });
}
