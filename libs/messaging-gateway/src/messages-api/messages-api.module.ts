import { Module, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { MESSAGES_API_CLIENT, MESSAGING_GATEWAY_OPTIONS } from '../core/gateway.constants';
import type { ResolvedGatewayOptions } from '../core/options/gateway-options.schema';
import { HttpMessagesApiClient } from './http-messages-api.client';
import { MessageCreatorService } from './message-creator.service';
import type { MessagesApiClient } from './messages-api-client.types';

/**
 * The host's Messages API: the client (the host's `messagesApiClient` class when given, else
 * HTTP) and what turns an inbound email into its calls. Internal to the gateway.
 */
@Module({
  providers: [
    HttpMessagesApiClient,
    {
      provide: MESSAGES_API_CLIENT,
      // A host instance already registered is reused; else one is created with its dependencies injected.
      useFactory: async (
        options: ResolvedGatewayOptions,
        moduleRef: ModuleRef,
        http: HttpMessagesApiClient,
      ): Promise<MessagesApiClient> => {
        const hostClass = options.messagesApiClient as Type<MessagesApiClient> | undefined;
        if (!hostClass) return http;
        try {
          return moduleRef.get(hostClass, { strict: false });
        } catch {
          return moduleRef.create(hostClass);
        }
      },
      inject: [MESSAGING_GATEWAY_OPTIONS, ModuleRef, HttpMessagesApiClient],
    },
    MessageCreatorService,
  ],
  exports: [MESSAGES_API_CLIENT, MessageCreatorService],
})
export class MessagesApiModule {}
