import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { OutboundEmailService } from 'nestjs-messaging-gateway';
import { AppConfig } from '../config/app-config';
import type { RelayRequest } from './relay-request';
import { renderRelayEmail } from './relay-templates';

export type SenderCheck = { ok: true; localPart: string } | { ok: false; status: 400 | 503; error: string };

/**
 * Sends relay mail through the gateway's outbox, queue and SMTP settings as automatic mail
 * (`Auto-Submitted: auto-generated`), after the sender policy: the From domain must be
 * configured, and callers choose the local part only when RELAY_ALLOW_ANY_LOCAL_PART is true.
 */
@Injectable()
export class RelayService {
  private readonly logger = new Logger('Relay');

  constructor(
    private readonly config: AppConfig,
    private readonly outbound: OutboundEmailService,
  ) {}

  checkSender(request: RelayRequest): SenderCheck {
    const { allowedSenderDomain, defaultLocalPart, allowAnyLocalPart } = this.config.relay;
    const smtpDomain = this.config.supportAddress.split('@').pop()?.toLowerCase();
    if (!allowedSenderDomain || allowedSenderDomain !== smtpDomain) {
      if (allowedSenderDomain) {
        this.logger.warn(`RELAY_ALLOWED_SENDER_DOMAIN must be the domain of SMTP_FROM (${smtpDomain})`);
      }
      return { ok: false, status: 503, error: 'sender domain not configured' };
    }
    const localPart = request.fromLocalPart ?? defaultLocalPart;
    if (!allowAnyLocalPart && localPart.toLowerCase() !== defaultLocalPart.toLowerCase()) {
      return { ok: false, status: 400, error: `fromLocalPart must be ${defaultLocalPart}` };
    }
    return { ok: true, localPart };
  }

  async queue(request: RelayRequest, localPart: string): Promise<{ queuedId: string; queuedAt: string }> {
    const { text, html } = renderRelayEmail(request);
    // The same request retried (same type, recipient and token) queues the same email once.
    const idempotencyKey = createHash('sha256')
      .update(`relay\n${request.type}\n${request.to.toLowerCase()}\n${request.token}`)
      .digest('hex');
    const result = await this.outbound.send({
      to: request.to,
      subject: request.subject,
      text,
      html,
      automatic: true,
      fromLocalPart: localPart,
      headers: { 'X-Relay-Type': request.type },
      idempotencyKey,
    });
    return { queuedId: result.outboundEmailId, queuedAt: new Date().toISOString() };
  }
}
