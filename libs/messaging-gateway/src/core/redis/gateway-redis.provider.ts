import { Inject, type Provider } from '@nestjs/common';
import { MESSAGING_GATEWAY_OPTIONS, MESSAGING_GATEWAY_REDIS } from '../gateway.constants';
import type { ResolvedGatewayOptions } from '../options/gateway-options.schema';
import { AFTER_HOST_PREREQUISITES } from '../host-prerequisites.providers';
import { createRedisConnection } from './create-redis-connection';

/**
 * The gateway's shared Redis connection for caches, locks and replay guards; closed by the core
 * module on shutdown. Queues and workers open their own (BullMQ requires it for blocking reads).
 */
export const gatewayRedisProvider: Provider = {
  provide: MESSAGING_GATEWAY_REDIS,
  useFactory: (options: ResolvedGatewayOptions) =>
    createRedisConnection(options.redis.url, { maxRetriesPerRequest: 3 }),
  inject: [MESSAGING_GATEWAY_OPTIONS, ...AFTER_HOST_PREREQUISITES],
};

/** Injects the gateway's ioredis connection. @publicApi */
export const InjectGatewayRedis = (): ParameterDecorator => Inject(MESSAGING_GATEWAY_REDIS);
