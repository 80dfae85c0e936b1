import { CacheModule } from '@nestjs/cache-manager';
import {
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { automaticMailProviders } from './automatic-mail/automatic-mail.module';
import { optionsProvider } from './core/options/gateway-options.providers';
import { MessagingGatewayConfigError } from './core/errors/messaging-gateway-config.error';
import { imapProviders } from './ingress/imap/imap-ingress.module';
import { inboundControllers, inboundProviders } from './inbound/inbound.module';
import { MESSAGES_API_CLIENT, MESSAGING_GATEWAY_OPTIONS, MESSAGING_GATEWAY_REDIS } from './core/gateway.constants';
import { MessagingGatewayConfigurableModule } from './core/options/gateway-options.module-definition';
import { outboundProviders } from './outbound/outbound.module';
import { redisProvider } from './core/redis/gateway-redis.provider';
import { messagingGatewayEntities } from './messaging-gateway.entities';
import { threadingProviders } from './threading/threading.module';
import { webhookControllers, webhookMiddleware, webhookProviders } from './ingress/webhook/webhook-ingress.module';

/**
 * Reply-by-email for NestJS. The host provides TypeORM (`TypeOrmModule.forRoot` with
 * `autoLoadEntities: true`, or `messagingGatewayEntities` listed) and
 * `EventEmitterModule.forRoot()`; everything else is configured by options or environment.
 *
 * ```ts
 * MessagingGatewayModule.forRoot({ emailQueueService: EmailQueueService })
 * ```
 * @publicApi
 */
@Module({
  // The in-memory cache keeps reply-token → thread lookups off the database (matching/).
  imports: [TypeOrmModule.forFeature(messagingGatewayEntities), CacheModule.register()],
  controllers: [...inboundControllers, ...webhookControllers],
  providers: [
    optionsProvider,
    redisProvider,
    ...inboundProviders,
    ...webhookProviders,
    ...imapProviders,
    ...outboundProviders,
    ...threadingProviders,
    ...automaticMailProviders,
  ],
  exports: [
    MESSAGING_GATEWAY_OPTIONS,
    MESSAGING_GATEWAY_REDIS,
    MESSAGES_API_CLIENT,
    TypeOrmModule,
    ...inboundProviders,
    ...webhookProviders,
    ...imapProviders,
    ...outboundProviders,
    ...threadingProviders,
    ...automaticMailProviders,
  ],
})
export class MessagingGatewayModule
  extends MessagingGatewayConfigurableModule
  implements NestModule, OnModuleInit, OnApplicationShutdown
{
  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(MESSAGING_GATEWAY_REDIS) private readonly redis: Redis,
  ) {
    super();
  }

  /** The webhook routes read their raw body (and rate limit) before any controller code runs. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(...webhookMiddleware).forRoutes(...webhookControllers);
  }

  onModuleInit(): void {
    try {
      this.moduleRef.get(EventEmitter2, { strict: false });
    } catch {
      throw new MessagingGatewayConfigError(
        'EventEmitterModule',
        'no EventEmitter2 is registered, so gateway events cannot be emitted or consumed',
        'add EventEmitterModule.forRoot() to the imports of your AppModule',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
