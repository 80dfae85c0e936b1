import type { Provider } from '@nestjs/common';
import type { ResolvedMessagingGatewayOptions } from '../config/resolved-options.interface';
import { MESSAGING_GATEWAY_OPTIONS } from '../messaging-gateway.constants';
import { ReplyTokenService } from './reply-token.service';

/** Providers of threading (reply tokens). Inject `ReplyTokenService` by its class. */
export const threadingProviders: Provider[] = [
  {
    provide: ReplyTokenService,
    useFactory: (options: ResolvedMessagingGatewayOptions) => new ReplyTokenService(options.replyTokens),
    inject: [MESSAGING_GATEWAY_OPTIONS],
  },
];
