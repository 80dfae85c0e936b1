/** Why an attachment was not kept (its metadata stays, without `id`). @publicApi */
export type AttachmentSkipReason = 'too_large' | 'email_total_too_large' | 'too_many';

/**
 * One entry of an inbound message's `metadata.attachments[]` (INTEGRATION.md, "Attachments").
 * `id` and `sha256` are present when the bytes were kept; `skipped` says why they were not.
 * @publicApi
 */
export interface AttachmentMeta {
  /** Download id (`GET {MESSAGES_API_BASE_URL}/attachments/:id`); absent when skipped. */
  id?: string;
  /** File name without folders, control or bidi characters (`safeFileName`). */
  name: string;
  type: string;
  size: number;
  /** SHA-256 of the bytes, hex; absent when skipped. */
  sha256?: string;
  /** Shown in the body (Content-Disposition: inline), usually an image referenced as `cid:`. */
  inline: boolean;
  contentId?: string;
  skipped?: AttachmentSkipReason;
}

/** A file to keep: from an email's MIME part, or from an agent's answer. */
export interface IncomingFile {
  name?: string;
  type?: string;
  content: Buffer;
  contentId?: string;
  inline?: boolean;
}
