import type { InboundSource } from './inbound-email.entity';

/** Envelope and provider metadata that travel with the raw MIME. @publicApi */
export interface InboundEnvelope {
  /** SMTP envelope recipients (RCPT TO) as the provider reports them. */
  recipients?: string[];
  /** SMTP envelope sender (MAIL FROM). */
  mailFrom?: string;
  /** Authentication-Results (or the provider's SPF/DKIM verdicts) as reported by the ingress. */
  authenticationResults?: string;
  /** Where an IMAP message came from, so a failure can name it. */
  imap?: { mailbox: string; uidValidity: string; uid: number };
  [key: string]: unknown;
}

/** What every ingress hands to `InboundStore.accept()`. @publicApi */
export interface AcceptInboundInput {
  /** The raw RFC 5322 message, byte for byte. */
  raw: Buffer;
  source: InboundSource;
  /** generic, sendgrid, mailgun, postmark, resend, ses, mandrill, imap … */
  provider: string;
  /**
   * The provider's unique event id, when it has one (svix-id, SNS MessageId, Mailgun token …):
   * the dedupe key then. Leave unset when it is not stable across redeliveries of the same
   * email (IMAP UIDs change with UIDVALIDITY): Message-ID plus the SHA-256 of the raw bytes is
   * used instead.
   */
  providerEventId?: string;
  envelope?: InboundEnvelope;
}

/** @publicApi */
export interface AcceptInboundResult {
  /** Row id of the stored email (also the BullMQ job id). */
  id: string;
  /** True when the same email had already been accepted; nothing new was stored. */
  duplicate: boolean;
}
