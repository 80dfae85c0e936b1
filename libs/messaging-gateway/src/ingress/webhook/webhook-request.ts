import type { IncomingHttpHeaders } from 'node:http';
import { type FormBody, type FormLimits, parseMultipart, parseUrlEncoded } from './body/form-body';
import { malformedError } from './webhook-error';

/** A parsed JSON object whose fields are still to be checked. */
export type JsonObject = Record<string, unknown>;

/**
 * One webhook request as the adapters see it: the exact body bytes, the headers and the time it
 * arrived. The JSON and form views are parsed at most once, on demand, from those same bytes.
 */
export class WebhookRequest {
  private jsonValue?: { value: unknown };
  private formValue?: Promise<FormBody>;

  constructor(
    readonly rawBody: Buffer,
    readonly headers: IncomingHttpHeaders,
    readonly limits: FormLimits,
    /** Arrival time in ms since the epoch; timestamp windows are measured against it. */
    readonly receivedAt: number = Date.now(),
  ) {}

  /** The first value of a header, undefined when absent or empty. */
  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined || first === '' ? undefined : first;
  }

  /** The media type without parameters, lowercased (`multipart/form-data`). */
  get mediaType(): string {
    return (this.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  }

  /** The body as JSON (any content type: SNS posts JSON as text/plain). */
  json(): unknown {
    if (!this.jsonValue) {
      try {
        this.jsonValue = { value: JSON.parse(this.rawBody.toString('utf8')) };
      } catch {
        throw malformedError('The body is not valid JSON.');
      }
    }
    return this.jsonValue.value;
  }

  /** The body as a JSON object; anything else is malformed. */
  jsonObject(): JsonObject {
    const value = this.json();
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw malformedError('The JSON body is not an object.');
    }
    return value as JsonObject;
  }

  /** The body as a form (urlencoded or multipart); another content type is malformed. */
  form(): Promise<FormBody> {
    if (!this.formValue) {
      const type = this.mediaType;
      if (type === 'application/x-www-form-urlencoded') {
        this.formValue = Promise.resolve().then(() => parseUrlEncoded(this.rawBody, this.limits));
      } else if (type === 'multipart/form-data') {
        this.formValue = parseMultipart(this.rawBody, this.header('content-type') ?? '', this.limits);
      } else {
        this.formValue = Promise.reject(malformedError(`Expected a form body, got "${type || 'no content type'}".`));
      }
    }
    return this.formValue;
  }

  /** Whether the body is a form, without parsing it. */
  get isForm(): boolean {
    return this.mediaType === 'application/x-www-form-urlencoded' || this.mediaType === 'multipart/form-data';
  }
}
