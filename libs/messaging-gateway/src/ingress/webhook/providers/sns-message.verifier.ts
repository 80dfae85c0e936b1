import { type KeyObject, verify, X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectGatewayOptions } from '../../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../../core/options/gateway-options.schema';
import { safeGet } from '../http/safe-get';
import { signatureError } from '../webhook-error';

/** An SNS HTTP(S) message (Notification, SubscriptionConfirmation, UnsubscribeConfirmation). */
export type SnsMessage = Record<string, unknown>;

/** AWS "Verifying the signatures of Amazon SNS messages": the signed keys, in this order. */
const NOTIFICATION_KEYS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'];
const SUBSCRIPTION_KEYS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
const ALGORITHMS: Record<string, string> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' };
const MAX_CACHED_CERTIFICATES = 32;

/**
 * Verifies SNS signatures: SignatureVersion 1 (SHA1withRSA) and 2 (SHA256withRSA) over the
 * `Key\nValue\n` string, with the certificate fetched from `SigningCertURL` only when that URL
 * matches `webhook.sesCertUrlPattern` (https on sns.<region>.amazonaws.com, a .pem path), and
 * cached by URL. UnsubscribeConfirmation is signed with the subscription keys, as AWS documents
 * (aws-js-sns-message-validator wrongly uses the notification keys).
 */
@Injectable()
export class SnsMessageVerifier {
  private readonly certificates = new Map<string, Promise<KeyObject>>();

  constructor(@InjectGatewayOptions('webhook') private readonly webhook: GatewaySettings<'webhook'>) {}

  async verify(message: SnsMessage): Promise<void> {
    const algorithm = ALGORITHMS[String(message.SignatureVersion)];
    if (!algorithm) throw signatureError('SignatureVersion must be 1 or 2.');
    if (typeof message.Signature !== 'string' || typeof message.SigningCertURL !== 'string') {
      throw signatureError('Signature and SigningCertURL are required.');
    }
    if (!this.isAllowedAwsUrl(message.SigningCertURL, true)) {
      throw signatureError('SigningCertURL is not an Amazon SNS certificate URL (webhook.sesCertUrlPattern).');
    }
    const key = await this.certificate(message.SigningCertURL);
    const signature = Buffer.from(message.Signature.replace(/\s+/g, ''), 'base64');
    if (!verify(algorithm, Buffer.from(snsStringToSign(message), 'utf8'), key, signature)) {
      throw signatureError('The SNS signature does not match the message.');
    }
  }

  /**
   * The certificate URL must match the pattern; a SubscribeURL must be on an origin the pattern
   * accepts (the same host rule), since the pattern describes .pem paths only.
   */
  isAllowedAwsUrl(url: string, certificate: boolean): boolean {
    const pattern = this.webhook.sesCertUrlPattern;
    if (certificate) return pattern.test(url);
    try {
      return pattern.test(`${new URL(url).origin}/SimpleNotificationService.pem`);
    } catch {
      return false;
    }
  }

  private certificate(url: string): Promise<KeyObject> {
    let cached = this.certificates.get(url);
    if (!cached) {
      if (this.certificates.size >= MAX_CACHED_CERTIFICATES) this.certificates.clear();
      cached = safeGet(url, 'SNS signing certificate', { timeoutMs: 5_000, maxBytes: 64 * 1024 }).then(({ body }) => {
        try {
          return new X509Certificate(body).publicKey;
        } catch {
          throw signatureError('The SNS signing certificate is not a PEM certificate.');
        }
      });
      this.certificates.set(url, cached);
      // A failed fetch is not cached: the next delivery tries again.
      cached.catch(() => this.certificates.delete(url));
    }
    return cached;
  }
}

/** The canonical string SNS signs: `Key\nValue\n` for each present signed key. */
export function snsStringToSign(message: SnsMessage): string {
  const keys = message.Type === 'Notification' ? NOTIFICATION_KEYS : SUBSCRIPTION_KEYS;
  return keys
    .filter((key) => typeof message[key] === 'string' && message[key] !== '')
    .map((key) => `${key}\n${message[key] as string}\n`)
    .join('');
}
