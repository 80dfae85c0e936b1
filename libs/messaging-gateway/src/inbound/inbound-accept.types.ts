import type { InboundSource } from './inbound-email.entity';

/** Envelope and provider metadata that travel with the raw MIME. @publicApi */
export interface InboundEnvelope {
  /** SMTP envelope recipients (RCPT TO) as the provider reports them. */
  recipients?: string[];
  /** SMTP envelope sender (MAIL FROM). */
  mailFrom?: string;
  /** Authentication-Results (or the provider's SPF/DKIM verdicts) as reported by the ingress. */
  authenticationResults?: string;
  /** The SMTP client's IP address, when the ingress reports it (generic webhook): local SPF uses it. */
  clientIp?: string;
  /** The SMTP client's HELO/EHLO name. */
  helo?: string;
  /** The verdicts the provider signed with the webhook; the sender check uses them instead of its own. */
  verdicts?: ProviderVerdicts;
  /** Where an IMAP message came from, so a failure can name it. */
  imap?: { mailbox: string; uidValidity: string; uid: number };
  [key: string]: unknown;
}

/** SPF, DKIM and DMARC verdicts as a provider reports them (its own words: PASS, Pass, pass …). @publicApi */
export interface ProviderVerdicts {
  spf?: string;
  dkim?: string;
  dmarc?: string;
  /** The From domain's DMARC policy as the provider read it (SES `dmarcPolicy`). */
  dmarcPolicy?: string;
  /** Domains whose DKIM signatures the provider found valid, when it names them (SendGrid). */
  dkimDomains?: string[];
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
