/**
 * A composed email, ready for SMTP, as handed to a host-supplied queue. Header values are
 * already validated (no CR/LF) and Message-ID, In-Reply-To and References are set so that
 * the reply threads in the recipient's mail client.
 * @publicApi
 */
export interface QueuedEmail {
  /** Deterministic outbox id: the same answer to the same recipient always gets the same id. */
  id: string;
  /**
   * The outbox row: report what became of the email with
   * `OutboundEmailService.reportOutcome(outboundEmailId, 'sent' | 'failed', detail)`.
   */
  outboundEmailId: string;
  threadId: string;
  from: string;
  to: string;
  replyTo: string;
  subject: string;
  text: string;
  html?: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  /** Extra headers (Auto-Submitted, List-Unsubscribe …). */
  headers: Record<string, string>;
}

/**
 * Replaces the gateway's BullMQ outbound queue when given as `emailQueueService`
 * (`MessagingGatewayModule.forRoot({ emailQueueService: EmailQueueService })`).
 * Must be idempotent on `email.id`: a repeated call with the same id must not send twice. Once
 * the email is sent, or finally refused, report it with `OutboundEmailService.reportOutcome`, so
 * that the gateway's record (and the `email.outbound.*` events) reach a final status.
 * @publicApi
 */
export interface EmailQueueService {
  /** Queues the email and resolves with the host's job id. */
  queueEmail(email: QueuedEmail): Promise<string>;
}
