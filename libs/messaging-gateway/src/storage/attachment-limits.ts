import type { AttachmentSkipReason } from './attachment-meta.types';

/** The `attachments.max*` options that bound what one email may leave in the store. */
export interface AttachmentLimits {
  maxAttachmentBytes: number;
  maxEmailBytes: number;
  maxCount: number;
}

/**
 * Which attachments of one email are kept, in the email's order: each one is kept unless it is
 * bigger than `maxAttachmentBytes`, would take the email past `maxEmailBytes`, or comes after
 * `maxCount` kept ones. A skipped file costs nothing, so a later smaller one may still fit.
 */
export function attachmentVerdicts(sizes: number[], limits: AttachmentLimits): (AttachmentSkipReason | 'keep')[] {
  let kept = 0;
  let total = 0;
  return sizes.map((size) => {
    if (kept >= limits.maxCount) return 'too_many';
    if (size > limits.maxAttachmentBytes) return 'too_large';
    if (total + size > limits.maxEmailBytes) return 'email_total_too_large';
    kept += 1;
    total += size;
    return 'keep';
  });
}
