import { Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectGatewayRedis } from './redis/gateway-redis.provider';
import { answerWithin } from './redis/within-time';

/** How long the boot check waits for Redis to answer before saying it is down. */
const REDIS_BOOT_CHECK_MS = 3000;

/**
 * What every stage needs: the options (whole and per group), the host's DataSource and event
 * emitter, the shared Redis connection and reply tokens. `MessagingGatewayModule.forRoot` fills in
 * its providers and registers it global: it exports only tokens hosts may inject too.
 */
@Module({})
export class GatewayCoreModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MessagingGateway');

  /** @internal Nest injects it. */
  constructor(@InjectGatewayRedis() private readonly redis: Redis) {}

  /**
   * Redis down at boot does not stop the app: emails are still accepted into PostgreSQL and
   * queued once Redis is back. It is said once, in one line, so the operator knows.
   */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await answerWithin(this.redis.ping(), REDIS_BOOT_CHECK_MS);
    } catch {
      const { host, port } = this.redis.options;
      this.logger.warn(
        `Redis at ${host}:${port} does not answer: emails are accepted and stored, and queued once it is back (check REDIS_URL)`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
