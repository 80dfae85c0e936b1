import { fromText, group, optional, withDefault } from '../option';
import { rules } from '../option-rules';

/** Where attachment bytes are kept. @publicApi */
export type AttachmentDriverName = 'local' | 's3';
const DRIVERS: readonly AttachmentDriverName[] = ['local', 's3'];

const MB = 1024 * 1024;

/** The S3 driver is chosen (its bucket is then required). */
const s3Chosen = ({ resolved }: { resolved: Record<string, unknown> }): boolean => resolved.driver === 's3';

/**
 * Attachments kept apart from the raw MIME (which is purged), content-addressed by SHA-256, so a
 * customer's file outlives `inbound.rawRetentionDays` and can be downloaded and sent.
 */
export const attachmentsOptions = group({
  /**
   * `local` (a folder, works with nothing else) or `s3` (any S3-compatible store: AWS S3, R2, MinIO,
   * Ceph) (EMAIL_ATTACHMENTS_DRIVER). Ignored when the host gives `attachmentStore`. @default 'local'
   */
  driver: withDefault<AttachmentDriverName>('local', {
    env: 'EMAIL_ATTACHMENTS_DRIVER',
    parse: (text) => text as AttachmentDriverName,
    check: rules.oneOf(DRIVERS, 'attachment driver'),
  }),
  /** Folder of the local driver, created when missing (EMAIL_ATTACHMENTS_DIR). @default '.data/attachments' */
  localDir: withDefault('.data/attachments', { env: 'EMAIL_ATTACHMENTS_DIR' }),
  /** S3 endpoint URL; unset means AWS S3 itself (EMAIL_ATTACHMENTS_S3_ENDPOINT). */
  s3Endpoint: optional<string>({ env: 'EMAIL_ATTACHMENTS_S3_ENDPOINT', check: rules.httpUrl }),
  /** S3 bucket, which must exist (EMAIL_ATTACHMENTS_S3_BUCKET). Required with the `s3` driver. */
  s3Bucket: optional<string>({
    env: 'EMAIL_ATTACHMENTS_S3_BUCKET',
    requiredWhen: s3Chosen,
    missing: { problem: 'the s3 attachment driver needs a bucket', fix: 'set EMAIL_ATTACHMENTS_S3_BUCKET' },
  }),
  /** S3 region (EMAIL_ATTACHMENTS_S3_REGION); R2 uses `auto`. @default 'us-east-1' */
  s3Region: withDefault('us-east-1', { env: 'EMAIL_ATTACHMENTS_S3_REGION' }),
  /** S3 access key id; unset: the AWS SDK's default chain (EMAIL_ATTACHMENTS_S3_ACCESS_KEY_ID). */
  s3AccessKeyId: optional<string>({ env: 'EMAIL_ATTACHMENTS_S3_ACCESS_KEY_ID' }),
  /** S3 secret access key (EMAIL_ATTACHMENTS_S3_SECRET_ACCESS_KEY). */
  s3SecretAccessKey: optional<string>({ env: 'EMAIL_ATTACHMENTS_S3_SECRET_ACCESS_KEY' }),
  /** Path-style URLs (`endpoint/bucket/key`), which MinIO and Ceph need (EMAIL_ATTACHMENTS_S3_FORCE_PATH_STYLE). @default false */
  s3ForcePathStyle: withDefault(false, {
    env: 'EMAIL_ATTACHMENTS_S3_FORCE_PATH_STYLE',
    parse: fromText.boolean,
    check: rules.boolean,
  }),
  /** Largest attachment kept, in bytes; a bigger one is recorded as skipped (`too_large`). @default 20971520 */
  maxAttachmentBytes: withDefault(20 * MB, {
    env: 'EMAIL_ATTACHMENTS_MAX_BYTES',
    parse: fromText.integer,
    check: rules.positiveInteger(),
  }),
  /** Most bytes kept per email; attachments past it are skipped (`email_total_too_large`). @default 26214400 */
  maxEmailBytes: withDefault(25 * MB, { check: rules.positiveInteger() }),
  /** Most attachments kept per email; the rest are skipped (`too_many`). @default 50 */
  maxCount: withDefault(50, { check: rules.positiveInteger(1000) }),
  /** Most bytes of files attached to one outbound answer; past it the answer is refused (`EGW_ATTACHMENTS_TOO_LARGE`). @default 10485760 */
  maxOutboundBytes: withDefault(10 * MB, {
    env: 'EMAIL_ATTACHMENTS_MAX_OUTBOUND_BYTES',
    parse: fromText.integer,
    check: rules.positiveInteger(),
  }),
});
