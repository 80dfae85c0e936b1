import { type DynamicModule, Module } from '@nestjs/common';
import { DevMailbox } from './dev-mailbox';

/**
 * The development mail loop: the Dev mailbox page over the in-process capture server (started
 * by bootstrap before Nest, so that the gateway's SMTP port can follow it), and the forms that
 * write as a customer into `/gateway/inbound`.
 */
@Module({})
export class DevMailModule {
  static forRoot(mailbox: DevMailbox): DynamicModule {
    return { module: DevMailModule, providers: [{ provide: DevMailbox, useValue: mailbox }], exports: [DevMailbox] };
  }
}
