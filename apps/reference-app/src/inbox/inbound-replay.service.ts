import { Injectable, Logger } from '@nestjs/common';

export type ReplayOutcome = 'ok' | 'refused' | 'unavailable';

/**
 * Puts a failed inbound email through processing again, through the gateway's inbound service.
 * The gateway re-reads the stored raw MIME; the same dedupe key keeps it from creating a second
 * message if the first attempt got further than its status says.
 */
@Injectable()
export class InboundReplayService {
  private readonly logger = new Logger('InboundReplay');

  async replay(inboundEmailId: string): Promise<ReplayOutcome> {
    this.logger.warn(`replay of ${inboundEmailId} asked, but this gateway version has no replay`);
    return 'unavailable';
  }
}
