import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode, MessagingGatewayError, OutboundEmailService } from 'nestjs-messaging-gateway';

/** What became of a resend: queued again, or refused with the gateway's stable code and its reason. */
export type ResendResult =
  | { outcome: 'ok'; outboundEmailId: string; jobId: string | null }
  | { outcome: 'not_found' | 'refused'; code: string; message: string };

/**
 * The Outbox's Resend button and `POST /operations/outbound/:id/resend`: a failed or expired email
 * is queued again (`OutboundEmailService.resend`) with the same Message-ID, so the customer's
 * client threads it; the gateway checks suppression again, and its claim means it can never go
 * out twice.
 */
@Injectable()
export class OutboundResendService {
  private readonly logger = new Logger('OutboundResend');

  constructor(private readonly outbound: OutboundEmailService) {}

  async resend(outboundEmailId: string): Promise<ResendResult> {
    try {
      return { outcome: 'ok', ...(await this.outbound.resend(outboundEmailId)) };
    } catch (error) {
      if (!(error instanceof MessagingGatewayError)) throw error;
      this.logger.warn(`resend of outboundEmailId=${outboundEmailId.slice(0, 80)} refused: ${error.code}`);
      const outcome = error.code === ErrorCode.OUTBOUND_NOT_FOUND ? 'not_found' : 'refused';
      return { outcome, code: error.code, message: error.message };
    }
  }
}
