import { type DynamicModule, Module } from '@nestjs/common';
import { DevMailController } from './dev-mail.controller';
import { DevMailbox } from './dev-mailbox';
import { InboundWebhookClient } from './inbound-webhook.client';

/**
 * The development mail loop: the Dev mailbox page over the in-process capture server (started
 * by bootstrap before Nest, so that the gateway's SMTP port can follow it), and the forms that
 * write as a customer into `/gateway/inbound`.
 */
@Module({})
export class DevMailModule {
  static forRoot(mailbox: DevMailbox): DynamicModule {
    return {
      module: DevMailModule,
      controllers: [DevMailController],
      providers: [{ provide: DevMailbox, useValue: mailbox }, InboundWebhookClient],
      exports: [DevMailbox, InboundWebhookClient],
    };
  }
}
