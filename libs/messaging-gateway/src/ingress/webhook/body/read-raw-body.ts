import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../../../core/errors/error-codes';
import { MessagingGatewayConfigError } from '../../../core/errors/messaging-gateway-config.error';
import { MessagingGatewayError } from '../../../core/errors/messaging-gateway.error';

/** What the host's body parsers may have left on the request (Express body-parser, Nest `rawBody`). */
type HostRequest = IncomingMessage & { rawBody?: unknown; _body?: boolean };

const tooLarge = (size: number | string, limit: number): MessagingGatewayError =>
  new MessagingGatewayError(
    ErrorCode.WEBHOOK_TOO_LARGE,
    `The request body is ${size} bytes, over the ${limit}-byte limit (EMAIL_WEBHOOK_MAX_BYTES).`,
  );

/**
 * The exact bytes of the request body, whatever the host's body-parser setup:
 * - Nest's JSON/urlencoded parser ran with `rawBody: true`: its `req.rawBody` copy is used;
 * - nothing consumed the stream (multipart, text/plain, message/rfc822, or `bodyParser: false`):
 *   it is read here, refusing a declared Content-Length over the limit before reading a byte and
 *   stopping as soon as a chunked body passes it, so an oversize body is never buffered whole;
 * - a parser consumed it without keeping the bytes: signatures cannot be checked, which is a
 *   host configuration error.
 */
export async function readRawBody(req: HostRequest, limit: number): Promise<Buffer> {
  if (Buffer.isBuffer(req.rawBody)) {
    if (req.rawBody.length > limit) throw tooLarge(req.rawBody.length, limit);
    return req.rawBody;
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(declared, limit);
  if (req._body === true || req.readableEnded) {
    throw new MessagingGatewayConfigError(
      'NestFactory.create(…, { rawBody: true })',
      'a body parser consumed the webhook request without keeping its raw bytes, so its signature cannot be checked',
      'create the Nest app with rawBody: true (or bodyParser: false) so POST /gateway/inbound sees the exact bytes',
    );
  }
  return readStream(req, limit);
}

function readStream(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Stop reading: the answer goes out with Connection: close, the rest is never buffered.
        req.pause();
        reject(tooLarge(`more than ${limit}`, limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
