import { raw, type RequestHandler } from 'express';

/** Verification and reset emails are a few kB of JSON. */
export const RELAY_MAX_BODY_BYTES = 1024 * 1024;
const BODY_ERROR = Symbol('relay-body-error');
type WithBodyError = { [BODY_ERROR]?: { status?: number; type?: string } };

/**
 * The relay's body as exact bytes (its signature is an HMAC over them), read before Nest's JSON
 * parser. A body the parser refuses (over RELAY_MAX_BODY_BYTES, a bad Content-Encoding, an
 * aborted upload) is a client error: it is left on the request for the controller to answer as a
 * counted refusal, instead of reaching Express' error handler, which logs a stack trace.
 */
export function relayRawBody(): RequestHandler {
  const parse = raw({ type: () => true, limit: RELAY_MAX_BODY_BYTES });
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if (error) (req as WithBodyError)[BODY_ERROR] = error as { status?: number; type?: string };
      next();
    });
}

/** The parser's refusal of this request's body, if any: 413 for a body over the limit, else 400. */
export function relayBodyError(req: object): { tooLarge: boolean } | undefined {
  const error = (req as WithBodyError)[BODY_ERROR];
  return error ? { tooLarge: error.type === 'entity.too.large' || error.status === 413 } : undefined;
}
