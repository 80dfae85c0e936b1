import { Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectGatewayRedis } from './redis/gateway-redis.provider';

/**
 * What every stage needs: the options (whole and per group), the shared Redis connection and
 * reply tokens. `MessagingGatewayModule.forRoot` fills in its providers and registers it global:
 * it exports only tokens hosts may inject too. Closes the shared Redis connection on shutdown.
 */
@Module({})
export class GatewayCoreModule implements OnApplicationShutdown {
  constructor(@InjectGatewayRedis() private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
