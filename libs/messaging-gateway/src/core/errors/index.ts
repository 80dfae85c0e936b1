export * from './error-codes';
export * from './messaging-gateway.error';
export * from './messaging-gateway-config.error';
