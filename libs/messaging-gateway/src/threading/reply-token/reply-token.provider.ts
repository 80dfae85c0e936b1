import type { Provider } from '@nestjs/common';
import { MESSAGING_GATEWAY_OPTIONS } from '../../core/gateway.constants';
import type { ResolvedGatewayOptions } from '../../core/options/gateway-options.schema';
import { ReplyTokenService } from './reply-token.service';

/** `ReplyTokenService` built from the `replyTokens` options; inject it by its class. */
export const replyTokenServiceProvider: Provider = {
  provide: ReplyTokenService,
  useFactory: (options: ResolvedGatewayOptions) => new ReplyTokenService(options.replyTokens),
  inject: [MESSAGING_GATEWAY_OPTIONS],
};
