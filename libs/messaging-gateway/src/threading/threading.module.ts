import type { Provider } from '@nestjs/common';
import type { ResolvedMessagingGatewayOptions } from '../core/options/resolved-options.types';
import { MESSAGING_GATEWAY_OPTIONS } from '../core/gateway.constants';
import { ReplyTokenService } from './reply-token/reply-token.service';

/** Providers of threading (reply tokens). Inject `ReplyTokenService` by its class. */
export const threadingProviders: Provider[] = [
  {
    provide: ReplyTokenService,
    useFactory: (options: ResolvedMessagingGatewayOptions) => new ReplyTokenService(options.replyTokens),
    inject: [MESSAGING_GATEWAY_OPTIONS],
  },
];
