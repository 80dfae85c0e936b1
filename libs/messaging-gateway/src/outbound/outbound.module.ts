import type { Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ResolvedMessagingGatewayOptions } from '../core/options/resolved-options.types';
import { EMAIL_QUEUE_SERVICE, MESSAGING_GATEWAY_OPTIONS } from '../core/gateway.constants';
import { EmailComposer } from './compose/email.composer';
import { EmailSenderService } from './smtp/email-sender.service';
import { EmailTemplates } from './compose/email-templates';
import { GatewayCreatedMessages } from '../messages-api/gateway-created-messages';
import { HostQueueDispatcher } from './dispatch/host-queue.dispatcher';
import { MessageListenerService } from './message-listener.service';
import { OutboundDeliveryService } from './outbound-delivery.service';
import { DisabledDispatcher, OutboundDispatcher } from './dispatch/outbound.dispatcher';
import { OutboundEmailService } from './outbound-email.service';
import { OutboundQueueDispatcher } from './dispatch/outbound-queue.dispatcher';
import { OutboundRateLimiter } from './outbound.rate-limiter';
import { OutboundSweeper } from './outbound.sweeper';
import { OutboundWorker } from './dispatch/outbound.worker';
import { OutboxService } from './outbox/outbox.service';

/**
 * Providers of the outbound path (listener, outbox, queue, composer, sender). The dispatcher is
 * the host's `emailQueueService` when given (the seed's API), else the gateway's BullMQ queue.
 * `EMAIL_QUEUE_SERVICE` resolves to the host's queue, or null when the gateway sends itself.
 */
export const outboundProviders: Provider[] = [
  {
    provide: EmailTemplates,
    // Compiled once, at boot: a broken host template stops the app here.
    useFactory: (options: ResolvedMessagingGatewayOptions) =>
      new EmailTemplates({ templatesDir: options.outbound.templatesDir }),
    inject: [MESSAGING_GATEWAY_OPTIONS],
  },
  {
    provide: OutboundDispatcher,
    useFactory: (
      options: ResolvedMessagingGatewayOptions,
      moduleRef: ModuleRef,
      composer: EmailComposer,
      dataSource: DataSource,
    ): OutboundDispatcher => {
      if (!options.outbound.enabled) return new DisabledDispatcher();
      return options.emailQueueService
        ? new HostQueueDispatcher(options.emailQueueService, moduleRef, composer, dataSource)
        : new OutboundQueueDispatcher(options);
    },
    inject: [MESSAGING_GATEWAY_OPTIONS, ModuleRef, EmailComposer, getDataSourceToken()],
  },
  {
    provide: EMAIL_QUEUE_SERVICE,
    useFactory: (dispatcher: OutboundDispatcher) =>
      dispatcher instanceof HostQueueDispatcher ? dispatcher.asEmailQueueService() : null,
    inject: [OutboundDispatcher],
  },
  EmailComposer,
  EmailSenderService,
  GatewayCreatedMessages,
  MessageListenerService,
  OutboundDeliveryService,
  OutboundEmailService,
  OutboundRateLimiter,
  OutboundSweeper,
  OutboundWorker,
  OutboxService,
];
