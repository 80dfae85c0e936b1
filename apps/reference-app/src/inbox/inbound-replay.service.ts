import { Injectable, Logger } from '@nestjs/common';
import { InboundEmailsService, MessagingGatewayError } from 'nestjs-messaging-gateway';

export type ReplayOutcome = 'ok' | 'refused';

/**
 * The Email log's replay button: a failed inbound email goes through processing again
 * (`InboundEmailsService.replay`). The gateway re-reads the stored raw MIME, and its Messages API
 * idempotency keys make a replay that had already reached the API return the same message.
 */
@Injectable()
export class InboundReplayService {
  private readonly logger = new Logger('InboundReplay');

  constructor(private readonly inboundEmails: InboundEmailsService) {}

  async replay(inboundEmailId: string): Promise<ReplayOutcome> {
    try {
      await this.inboundEmails.replay(inboundEmailId);
      return 'ok';
    } catch (error) {
      if (!(error instanceof MessagingGatewayError)) throw error;
      this.logger.warn(`replay of inboundEmailId=${inboundEmailId} refused: ${error.code}`);
      return 'refused';
    }
  }
}
