import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { RunningCapture } from './dev-mail-capture.server';
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
  static forRoot(mailbox: DevMailbox, capture?: RunningCapture): DynamicModule {
    return {
      module: DevMailModule,
      controllers: [DevMailController],
      providers: [
        { provide: DevMailbox, useValue: mailbox },
        InboundWebhookClient,
        { provide: DevMailCaptureShutdown, useValue: new DevMailCaptureShutdown(capture) },
      ],
      exports: [DevMailbox, InboundWebhookClient],
    };
  }
}

/**
 * Closes the capture server with the app (app.close() and SIGTERM alike). It is started before
 * Nest, so Nest's own lifecycle would otherwise leave it listening.
 */
class DevMailCaptureShutdown implements OnApplicationShutdown {
  constructor(private readonly capture?: RunningCapture) {}

  async onApplicationShutdown(): Promise<void> {
    await this.capture?.close();
  }
}
