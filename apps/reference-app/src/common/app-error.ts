/**
 * Stable codes of the reference app's own errors. Services throw `AppError`; only the HTTP edges
 * (exception filters) turn a code into a status, so the same service works from a controller,
 * a form handler or a test.
 */
export const AppErrorCode = {
  VALIDATION: 'validation_failed',
  INVALID_JSON: 'invalid_json',
  UNAUTHORIZED: 'unauthorized',
  NOT_FOUND: 'not_found',
  /** The Idempotency-Key was already used with a different request body. */
  IDEMPOTENCY_KEY_REUSED: 'idempotency_key_reused',
  PAYLOAD_TOO_LARGE: 'payload_too_large',
  /** The files of an answer exceed EMAIL_ATTACHMENTS_MAX_OUTBOUND_BYTES. */
  ATTACHMENTS_TOO_LARGE: 'attachments_too_large',
  /** The thing existed and was erased for good (an attachment of a forgotten thread). */
  GONE: 'gone',
} as const;

export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const validationError = (message: string): AppError => new AppError(AppErrorCode.VALIDATION, message);
