import busboy from 'busboy';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** A file chosen in the reply box. */
export interface ReplyFormFile {
  name: string;
  type: string;
  contentBase64: string;
}

/** The reply form's path; only it takes multipart bodies. */
const REPLY_PATH = /^\/inbox\/threads\/[^/]+\/reply$/;
const MAX_FILES = 20;

/**
 * Parses the reply box's multipart form (text, nonce, `_csrf` and files) before the login and CSRF
 * checks read `req.body`, and puts the files on `res.locals.replyFiles`. Bodies past `maxBytes` are
 * cut off: the files then count as too large, which the Messages API answers with its clear 413.
 */
export function replyFormFiles(maxBytes: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !REPLY_PATH.test(req.path) || !req.is('multipart/form-data')) return next();
    const fields: Record<string, string> = {};
    const files: (ReplyFormFile & { truncated: boolean })[] = [];
    const parser = busboy({ headers: req.headers, limits: { files: MAX_FILES, fileSize: maxBytes + 1, fields: 20 } });
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const content = Buffer.concat(chunks);
        // An empty file input still sends a part without a name: not a file.
        if (!info.filename && content.length === 0) return;
        files.push({
          name: info.filename ?? '',
          type: info.mimeType,
          contentBase64: content.toString('base64'),
          truncated: (stream as { truncated?: boolean }).truncated === true,
        });
      });
    });
    parser.on('error', (error: Error) => next(error));
    parser.on('close', () => {
      req.body = fields;
      // A cut-off file is sent as one byte over the limit, so the answer is refused as too large.
      res.locals.replyFiles = files.map(({ truncated, ...file }) =>
        truncated ? { ...file, contentBase64: Buffer.alloc(maxBytes + 1).toString('base64') } : file,
      );
      next();
    });
    req.pipe(parser);
  };
}
