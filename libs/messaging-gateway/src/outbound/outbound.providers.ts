import type { Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ResolvedMessagingGatewayOptions } from '../config/resolved-options.interface';
import { EMAIL_QUEUE_SERVICE, MESSAGING_GATEWAY_OPTIONS } from '../messaging-gateway.constants';
import { EmailComposer } from './email-composer.service';
import { EmailSenderService } from './email-sender.service';
import { EmailTemplates } from './email-templates';
import { GatewayCreatedMessages } from './gateway-created-messages';
import { HostQueueDispatcher } from './host-queue-dispatcher';
import { MessageListenerService } from './message-listener.service';
import { OutboundDeliveryService } from './outbound-delivery.service';
import { DisabledDispatcher, OutboundDispatcher } from './outbound-dispatcher';
import { OutboundEmailService } from './outbound-email.service';
import { OutboundQueueService } from './outbound-queue.service';
import { OutboundRateLimiter } from './outbound-rate-limiter';
import { OutboundSweeper } from './outbound-sweeper.service';
import { OutboundWorker } from './outbound-worker.service';
import { OutboxService } from './outbox.service';

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
        : new OutboundQueueService(options);
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
