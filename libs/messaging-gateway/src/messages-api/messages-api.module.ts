import type { Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { ResolvedMessagingGatewayOptions } from '../core/options/resolved-options.types';
import type { MessagesApiClient } from './messages-api-client.types';
import { MESSAGES_API_CLIENT, MESSAGING_GATEWAY_OPTIONS } from '../core/gateway.constants';
import { HttpMessagesApiClient } from './http-messages-api.client';

/**
 * `MESSAGES_API_CLIENT`: the host's `messagesApiClient` class when given (an instance the host
 * already provides is reused, else one is created with its dependencies injected), else HTTP.
 */
export const messagesApiProviders: Provider[] = [
  HttpMessagesApiClient,
  {
    provide: MESSAGES_API_CLIENT,
    useFactory: async (
      options: ResolvedMessagingGatewayOptions,
      moduleRef: ModuleRef,
      http: HttpMessagesApiClient,
    ): Promise<MessagesApiClient> => {
      const hostClass = options.messagesApiClient;
      if (!hostClass) return http;
      try {
        return moduleRef.get(hostClass, { strict: false });
      } catch {
        return moduleRef.create(hostClass);
      }
    },
    inject: [MESSAGING_GATEWAY_OPTIONS, ModuleRef, HttpMessagesApiClient],
  },
];
