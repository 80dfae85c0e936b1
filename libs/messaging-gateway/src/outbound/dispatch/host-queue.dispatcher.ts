import type { Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { EmailQueueService } from '../email-queue-service.types';
import type { OutboundEmail } from '../outbox/outbound-email.entity';
import type { OutboundStatusRepository } from '../outbox/outbound-status.repository';
import type { EmailComposer } from '../compose/email.composer';
import { OutboundDispatcher } from './outbound.dispatcher';

/**
 * The host-queue integration: the host's `emailQueueService` class receives the composed email
 * (`queueEmail(QueuedEmail)`) and sends it itself, so the gateway's BullMQ queue and SMTP stay
 * unused. The class is the host's provider when it registered one, else built with its own
 * dependencies (`moduleRef.create`), resolved at first use, when every module exists.
 */
export class HostQueueDispatcher extends OutboundDispatcher {
  readonly gatewaySends = false;
  private host?: EmailQueueService;

  constructor(
    private readonly hostClass: Type<EmailQueueService>,
    private readonly moduleRef: ModuleRef,
    private readonly composer: EmailComposer,
    private readonly status: OutboundStatusRepository,
  ) {
    super();
  }

  async dispatch(row: OutboundEmail): Promise<string> {
    const { queued } = this.composer.compose(row);
    const jobId = String(await (await this.resolveHost()).queueEmail(queued));
    await this.status.recordHandOver(row.id, jobId);
    return jobId;
  }

  /** The host's queue as `EMAIL_QUEUE_SERVICE` exposes it (resolved on first call). */
  asEmailQueueService(): EmailQueueService {
    return { queueEmail: async (email) => (await this.resolveHost()).queueEmail(email) };
  }

  private async resolveHost(): Promise<EmailQueueService> {
    if (!this.host) {
      try {
        this.host = this.moduleRef.get(this.hostClass, { strict: false });
      } catch {
        this.host = await this.moduleRef.create(this.hostClass);
      }
    }
    return this.host;
  }
}
