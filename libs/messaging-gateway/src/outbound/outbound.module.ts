import { getQueueToken } from '@nestjs/bullmq';
import { Module, type Type } from '@nestjs/common';
import { StorageModule } from '../storage/storage.module';
import { AnswerFilesResolver } from './attachments/answer-files.resolver';
import type { Queue } from 'bullmq';
import { ModuleRef } from '@nestjs/core';
import { EMAIL_QUEUE_SERVICE, MESSAGING_GATEWAY_OPTIONS, OUTBOUND_QUEUE } from '../core/gateway.constants';
import { registerGatewayQueue } from '../core/redis/gateway-queue.registration';
import type { ResolvedGatewayOptions } from '../core/options/gateway-options.schema';
import { ThreadingModule } from '../threading/threading.module';
import { EmailComposer } from './compose/email.composer';
import { EmailTemplates } from './compose/email-templates';
import { DisabledOutboundDispatcher } from './dispatch/disabled-outbound.dispatcher';
import { HostQueueDispatcher } from './dispatch/host-queue.dispatcher';
import { OutboundDispatcher } from './dispatch/outbound.dispatcher';
import { OUTBOUND_JOB_OPTIONS, OutboundQueueDispatcher } from './dispatch/outbound-queue.dispatcher';
import { OutboundWorker } from './dispatch/outbound.worker';
import type { EmailQueueService } from './email-queue-service.types';
import { MessageListenerService } from './message-listener.service';
import { OutboundDeliveryService } from './outbound-delivery.service';
import { OutboundEmailService } from './outbound-email.service';
import { OutboundRateLimiter } from './outbound.rate-limiter';
import { OutboundSweeper } from './outbound.sweeper';
import { OutboundStatusRepository } from './outbox/outbound-status.repository';
import { OutboxModule } from './outbox/outbox.module';
import { OutboxService } from './outbox/outbox.service';
import { OutboxOperationsService } from './outbox/outbox-operations.service';
import { EmailSenderService } from './smtp/email-sender.service';

/**
 * The outbound path: the `message.created` listener, the outbox, the dispatcher (the gateway's
 * BullMQ queue, or the host's `emailQueueService`), composition and SMTP. Hosts inject
 * `OutboundEmailService`, `MessageListenerService`, `EMAIL_QUEUE_SERVICE` and the queue.
 */
const outboundQueue = registerGatewayQueue(OUTBOUND_QUEUE, OUTBOUND_JOB_OPTIONS);

@Module({
  imports: [outboundQueue, OutboxModule, ThreadingModule, StorageModule],
  providers: [
    AnswerFilesResolver,
    {
      provide: EmailTemplates,
      // Compiled once, at boot: a broken host template stops the app here.
      useFactory: (options: ResolvedGatewayOptions) =>
        new EmailTemplates({ templatesDir: options.outbound.templatesDir }),
      inject: [MESSAGING_GATEWAY_OPTIONS],
    },
    {
      provide: OutboundDispatcher,
      useFactory: (
        options: ResolvedGatewayOptions,
        moduleRef: ModuleRef,
        composer: EmailComposer,
        status: OutboundStatusRepository,
        queue: Queue,
      ): OutboundDispatcher => {
        if (!options.outbound.enabled) return new DisabledOutboundDispatcher();
        const hostQueue = options.emailQueueService as Type<EmailQueueService> | undefined;
        return hostQueue
          ? new HostQueueDispatcher(hostQueue, moduleRef, composer, status)
          : new OutboundQueueDispatcher(queue);
      },
      inject: [
        MESSAGING_GATEWAY_OPTIONS,
        ModuleRef,
        EmailComposer,
        OutboundStatusRepository,
        getQueueToken(OUTBOUND_QUEUE),
      ],
    },
    {
      // The host's queue, or null when the gateway sends itself.
      provide: EMAIL_QUEUE_SERVICE,
      useFactory: (dispatcher: OutboundDispatcher) =>
        dispatcher instanceof HostQueueDispatcher ? dispatcher.asEmailQueueService() : null,
      inject: [OutboundDispatcher],
    },
    EmailComposer,
    EmailSenderService,
    MessageListenerService,
    OutboundDeliveryService,
    OutboundEmailService,
    OutboundRateLimiter,
    OutboundSweeper,
    OutboundWorker,
    OutboxService,
    OutboxOperationsService,
  ],
  // The queue is exported so that a host's bull-board and metrics can inject it (`getQueueToken`).
  exports: [OutboundEmailService, MessageListenerService, EMAIL_QUEUE_SERVICE, outboundQueue],
})
export class OutboundModule {}
