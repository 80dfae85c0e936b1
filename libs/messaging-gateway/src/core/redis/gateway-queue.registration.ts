import { BullModule, getSharedConfigToken, type RegisterQueueOptions } from '@nestjs/bullmq';
import type { DynamicModule } from '@nestjs/common';
import type { DefaultJobOptions, QueueOptions } from 'bullmq';
import { gatewayOptionsToken } from '../options/gateway-options.providers';
import type { GatewaySettings } from '../options/gateway-options.schema';
import { AFTER_HOST_PREREQUISITES } from '../host-prerequisites.providers';
import { FAIL_FAST_WHEN_DOWN } from './create-redis-connection';
import { redisConnectionOptions } from './redis-connection-options';

/**
 * Registers one of the gateway's queues with `@nestjs/bullmq`, so that it is a Nest provider
 * (`getQueueToken(name)`) a host's bull-board and metrics see. It shares the host's
 * `BullModule.forRoot` connection when there is one, and opens its own from REDIS_URL when there
 * is not; its keys always live under `redis.prefix`, apart from the host's own queues.
 */
export function registerGatewayQueue(name: string, defaultJobOptions: DefaultJobOptions): DynamicModule {
  return BullModule.registerQueueAsync({
    name,
    inject: [
      { token: getSharedConfigToken(), optional: true },
      gatewayOptionsToken('redis'),
      ...AFTER_HOST_PREREQUISITES,
    ],
    useFactory: (shared: QueueOptions | undefined, redis: GatewaySettings<'redis'>): RegisterQueueOptions => ({
      // Producers fail fast while Redis is down: an acknowledgement never waits, the sweepers enqueue later.
      ...(shared?.connection ? {} : { connection: { ...redisConnectionOptions(redis.url), ...FAIL_FAST_WHEN_DOWN } }),
      prefix: redis.prefix,
      defaultJobOptions,
    }),
  });
}
