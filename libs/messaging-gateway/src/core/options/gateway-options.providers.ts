import { Inject, type Provider } from '@nestjs/common';
import { MESSAGING_GATEWAY_OPTIONS, MESSAGING_GATEWAY_RAW_OPTIONS } from '../gateway.constants';
import { type GatewayOptionGroup, gatewayOptionsSchema, type GivenGatewayOptions } from './gateway-options.schema';
import { resolveMessagingGatewayOptions } from './resolve-options';

const GROUPS = Object.entries(gatewayOptionsSchema)
  .filter(([, entry]) => entry.kind === 'group')
  .map(([name]) => name as GatewayOptionGroup);

/** The injection token of one group of resolved options. */
export const gatewayOptionsToken = (group: GatewayOptionGroup): string => `${MESSAGING_GATEWAY_OPTIONS}:${group}`;

/**
 * The resolved options, validated once at boot (a bad setting stops the app here), and one
 * provider per group so that each class injects only the slice it reads.
 */
export const gatewayOptionsProviders: Provider[] = [
  {
    provide: MESSAGING_GATEWAY_OPTIONS,
    useFactory: (given: GivenGatewayOptions) => resolveMessagingGatewayOptions(given),
    inject: [MESSAGING_GATEWAY_RAW_OPTIONS],
  },
  ...GROUPS.map((group) => ({
    provide: gatewayOptionsToken(group),
    useFactory: (options: Record<string, unknown>) => options[group],
    inject: [MESSAGING_GATEWAY_OPTIONS],
  })),
];

/** Tokens the core module exports: the whole options and each group. */
export const gatewayOptionsTokens: string[] = [MESSAGING_GATEWAY_OPTIONS, ...GROUPS.map(gatewayOptionsToken)];

/**
 * Injects the resolved options: one group (`@InjectGatewayOptions('outbound')`, typed
 * `GatewaySettings<'outbound'>`) or, without an argument, all of them. @publicApi
 */
export const InjectGatewayOptions = (group?: GatewayOptionGroup): ParameterDecorator =>
  Inject(group ? gatewayOptionsToken(group) : MESSAGING_GATEWAY_OPTIONS);
