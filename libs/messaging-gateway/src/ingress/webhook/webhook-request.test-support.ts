import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { resolveMessagingGatewayOptions } from '../../core/options/resolve-options';
import type { GatewaySettings, GivenGatewayOptions } from '../../core/options/gateway-options.schema';
import { WebhookRequest } from './webhook-request';

/** A request as the controller builds it, arriving at `receivedAt`. */
export function webhookRequest(
  body: Buffer | string,
  headers: IncomingHttpHeaders,
  receivedAt = Date.now(),
): WebhookRequest {
  return new WebhookRequest(Buffer.from(body), headers, { maxBytes: 30 * 1024 * 1024 }, receivedAt);
}

/** Validated webhook options for adapter unit tests. */
export function webhookTestOptions(webhook: GivenGatewayOptions['webhook'] = {}): GatewaySettings<'webhook'> {
  return resolveMessagingGatewayOptions({
    env: {},
    webhook,
    replyTokens: { domain: 'reply.test.example', secrets: [{ kid: '1', secret: randomBytes(32).toString('hex') }] },
    messagesApi: { baseUrl: 'http://127.0.0.1:9/api', apiKey: randomBytes(32).toString('hex') },
    outbound: { enabled: false },
  }).webhook;
}

/** `multipart/form-data` with fields and files, as SendGrid and Mailgun post it. */
export function multipartBody(
  fields: Array<[string, string | Buffer]>,
  files: Array<{ field: string; filename: string; contentType: string; content: Buffer }> = [],
  boundary = 'xYzZY-test-boundary',
): { body: Buffer; contentType: string } {
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
      Buffer.from(value),
      Buffer.from('\r\n'),
    );
  }
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** `application/x-www-form-urlencoded` with every byte of binary values percent-encoded. */
export function urlEncodedBody(fields: Array<[string, string | Buffer]>): Buffer {
  const encode = (value: string | Buffer): string =>
    [...Buffer.from(value)]
      .map((byte) =>
        /[A-Za-z0-9*\-._]/.test(String.fromCharCode(byte))
          ? String.fromCharCode(byte)
          : byte === 0x20
            ? '+'
            : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
  return Buffer.from(fields.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&'));
}
