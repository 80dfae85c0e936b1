import { isIP } from 'node:net';
import type { InboundEnvelope } from '../../inbound/inbound-accept.types';
import { malformedError } from './webhook-error';

/** The SMTP session as the generic webhook's sender reports it, for local SPF. */
export interface SmtpEnvelopeFields {
  clientIp?: string;
  helo?: string;
  mailFrom?: string;
}

const HELO = /^[\x21-\x7e]{1,255}$/;
const MAIL_FROM = /^[^\s<>\x00-\x1f\x7f]{0,320}$/;

/**
 * Checks the client IP, HELO and MAIL FROM a generic webhook names (JSON `clientIp`, `helo`,
 * `mailFrom`, or the `X-Envelope-Client-Ip`, `X-Envelope-Helo`, `X-Envelope-Mail-From` headers
 * beside a raw MIME body) and returns them as envelope fields; a malformed one is refused, so a
 * sender's mistake never passes for an unchecked email.
 */
export function smtpEnvelopeOf(fields: SmtpEnvelopeFields): Pick<InboundEnvelope, 'clientIp' | 'helo' | 'mailFrom'> {
  const envelope: Pick<InboundEnvelope, 'clientIp' | 'helo' | 'mailFrom'> = {};
  const clientIp = fields.clientIp?.trim().replace(/^\[|\]$/g, '');
  if (clientIp) {
    if (!isIP(clientIp)) throw malformedError(`The SMTP client IP "${clientIp.slice(0, 60)}" is not an IP address.`);
    envelope.clientIp = clientIp;
  }
  const helo = fields.helo?.trim();
  if (helo) {
    if (!HELO.test(helo)) throw malformedError('The SMTP HELO name must be one word of printable characters.');
    envelope.helo = helo;
  }
  const mailFrom = fields.mailFrom?.trim().replace(/^<|>$/g, '');
  if (mailFrom) {
    if (!MAIL_FROM.test(mailFrom)) throw malformedError('The SMTP MAIL FROM must be a bare address.');
    envelope.mailFrom = mailFrom;
  }
  return envelope;
}
