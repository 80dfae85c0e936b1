import { Inject, type Provider } from '@nestjs/common';
import { MESSAGING_GATEWAY_OPTIONS } from '../gateway.constants';
import { MESSAGING_GATEWAY_RAW_OPTIONS } from './gateway-options.module-definition';
import type { MessagingGatewayOptions } from './messaging-gateway-options.types';
import { resolveMessagingGatewayOptions } from './resolve-options';

/** Resolves and validates the options once, at boot: a bad setting stops the app here. */
export const optionsProvider: Provider = {
  provide: MESSAGING_GATEWAY_OPTIONS,
  useFactory: (raw: MessagingGatewayOptions) => resolveMessagingGatewayOptions(raw),
  inject: [MESSAGING_GATEWAY_RAW_OPTIONS],
};

/** Injects the resolved options (`ResolvedMessagingGatewayOptions`). @publicApi */
export const InjectGatewayOptions = (): ParameterDecorator => Inject(MESSAGING_GATEWAY_OPTIONS);
