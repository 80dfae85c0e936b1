import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { MessagingGatewayOptions } from './messaging-gateway-options.types';

/**
 * `forRoot(options)` and `forRootAsync({ useFactory, inject, imports })` come from the builder.
 * `isGlobal` (default true) lets host modules inject the gateway's services without importing it.
 */
export const {
  ConfigurableModuleClass: MessagingGatewayConfigurableModule,
  MODULE_OPTIONS_TOKEN: MESSAGING_GATEWAY_RAW_OPTIONS,
  OPTIONS_TYPE: MESSAGING_GATEWAY_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MESSAGING_GATEWAY_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MessagingGatewayOptions>()
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMessagingGatewayOptions')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
