/** Metadata of one attachment; the body is never stored with it. @publicApi */
export interface InboundAttachmentMeta {
  /** File name without directories or control characters; `attachment` when the email gives none. */
  name: string;
  type: string;
  size: number;
  contentId?: string;
  inline: boolean;
}

/** A trusted mailbox: the address appears literally in the header, not only inside an encoded word. @publicApi */
export interface InboundAddress {
  /** Lower-cased address. */
  address: string;
  /** Display name, decoded (RFC 2047), NUL-free. */
  name: string;
}

/**
 * An inbound email as the pipeline uses it: decoded, sanitized and bounded. Built once per
 * processing attempt by `parseInboundEmail`; nothing in it can carry a NUL byte into Postgres.
 * @publicApi
 */
export interface ParsedInboundEmail {
  /** The sender, or null when the From header names no trustworthy address. */
  from: InboundAddress | null;
  /** How many addresses the From header(s) name (more than one: `sender_ambiguous`). */
  senderCount: number;
  to: InboundAddress[];
  cc: InboundAddress[];
  /** Delivered-To, X-Original-To and Envelope-To headers (lower-cased addresses). */
  deliveredTo: string[];
  /** SMTP envelope recipients reported by the ingress. */
  envelopeRecipients: string[];
  subject: string;
  text: string;
  /** Sanitized HTML (strict allow-list), or null when the email has no HTML part. */
  html: string | null;
  /** Message-ID without angle brackets, or null. */
  messageId: string | null;
  /** In-Reply-To ids, oldest first. */
  inReplyTo: string[];
  /** References ids, oldest first. */
  references: string[];
  attachments: InboundAttachmentMeta[];
  /** Authentication-Results as the ingress or the receiving MTA reported them. */
  authenticationResults: string | null;
  /** `Importance: high` or `X-Priority: 1|2`. */
  markedImportant: boolean;
}
