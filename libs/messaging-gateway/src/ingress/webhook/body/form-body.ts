import busboy from 'busboy';
import { malformedError } from '../webhook-error';

/** An uploaded file of a multipart body, its bytes untouched. */
export interface FormFile {
  field: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Limits that keep a hostile form cheap to parse. */
export interface FormLimits {
  maxBytes: number;
  maxFields?: number;
  maxFiles?: number;
}

/**
 * A decoded form body (urlencoded or multipart). Values are kept as bytes, because Mailgun's
 * `body-mime` and SendGrid's `email` are whole RFC 5322 messages that may hold 8-bit text in any
 * charset: decoding them as UTF-8 would alter the stored message.
 */
export class FormBody {
  constructor(
    /** Fields in arrival order; a repeated name keeps every value. */
    readonly fields: ReadonlyArray<readonly [string, Buffer]>,
    readonly files: readonly FormFile[] = [],
  ) {}

  has(name: string): boolean {
    return this.fields.some(([key]) => key === name);
  }

  /** The single value of a field; a field sent twice is malformed (an array-valued signature is an attack). */
  bytes(name: string): Buffer | undefined {
    const values = this.fields.filter(([key]) => key === name);
    if (values.length > 1) throw malformedError(`The form field "${name}" is repeated.`);
    return values[0]?.[1];
  }

  text(name: string): string | undefined {
    return this.bytes(name)?.toString('utf8');
  }
}

/** `application/x-www-form-urlencoded` to bytes: `+` is a space, `%XX` a byte (WHATWG URL 5.1). */
export function parseUrlEncoded(body: Buffer, limits: FormLimits): FormBody {
  const fields: [string, Buffer][] = [];
  const text = body.toString('latin1');
  if (text.length === 0) return new FormBody(fields);
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    if (fields.length >= (limits.maxFields ?? 1000)) throw malformedError('The form has too many fields.');
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq)).toString('utf8');
    fields.push([name, decodeComponent(eq < 0 ? '' : pair.slice(eq + 1))]);
  }
  return new FormBody(fields);
}

function decodeComponent(latin1: string): Buffer {
  const spaced = latin1.replace(/\+/g, ' ');
  const out = Buffer.alloc(spaced.length);
  let length = 0;
  for (let i = 0; i < spaced.length; i++) {
    const hex = spaced.charAt(i) === '%' ? spaced.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      out[length++] = parseInt(hex, 16);
      i += 2;
    } else {
      out[length++] = spaced.charCodeAt(i);
    }
  }
  return out.subarray(0, length);
}

/**
 * `multipart/form-data` parsed with busboy from the already buffered (and verified) raw body.
 * Fields without a declared charset are read as latin1 so that their bytes come back exactly.
 */
export function parseMultipart(body: Buffer, contentType: string, limits: FormLimits): Promise<FormBody> {
  return new Promise((resolve, reject) => {
    const fields: [string, Buffer][] = [];
    const files: FormFile[] = [];
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        defCharset: 'latin1',
        limits: {
          fieldSize: limits.maxBytes,
          fileSize: limits.maxBytes,
          fields: limits.maxFields ?? 1000,
          files: limits.maxFiles ?? 1000,
          parts: (limits.maxFields ?? 1000) + (limits.maxFiles ?? 1000),
        },
      });
    } catch (error) {
      reject(malformedError(`The multipart body cannot be read: ${(error as Error).message}.`));
      return;
    }
    const fail = (what: string) => () => reject(malformedError(`The multipart body has too many ${what}.`));
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) reject(malformedError(`The form field "${name}" is too large.`));
      // busboy decodes a field with the part's declared charset, else with defCharset (latin1,
      // byte for byte). A character above U+00FF can only come from a declared multi-byte
      // charset, whose text is then kept as UTF-8.
      fields.push([name, Buffer.from(value, /[^\u0000-\u00ff]/.test(value) ? 'utf8' : 'latin1')]);
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () =>
        files.push({
          field: name,
          filename: info.filename ?? name,
          contentType: info.mimeType,
          content: Buffer.concat(chunks),
        }),
      );
    });
    parser.on('fieldsLimit', fail('fields'));
    parser.on('filesLimit', fail('files'));
    parser.on('partsLimit', fail('parts'));
    parser.on('error', (error: Error) => reject(malformedError(`The multipart body is malformed: ${error.message}.`)));
    parser.on('close', () => resolve(new FormBody(fields, files)));
    parser.end(body);
  });
}
