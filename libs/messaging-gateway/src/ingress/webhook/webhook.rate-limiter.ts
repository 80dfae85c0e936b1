import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { InjectGatewayRedis } from '../../core/redis/gateway-redis.provider';
import { isRedisDown } from '../../core/redis/redis-availability';
import { answerWithin } from '../../core/redis/within-time';
import { countWithExpiry } from '../../core/redis/count-with-expiry';

const WINDOW_MS = 60_000;
/** The longest a webhook waits for Redis before it goes on unlimited (an answer, not a count, is what matters). */
export const WEBHOOK_REDIS_WAIT_MS = 1000;

/**
 * Per-client-IP limit of `webhook.rateLimitPerMinute` on `/gateway/inbound`: a fixed one-minute
 * window counted in Redis (INCR, expiry set on the first hit), shared by every instance.
 *
 * Why not @nestjs/throttler: its module is `@Global()`, so importing `ThrottlerModule.forRoot`
 * inside the library would leak our limits into the host (or clash with the host's own
 * ThrottlerModule), and its default storage is per process. This counter runs in the body
 * middleware, before the body is read, so a flood is refused without buffering bodies.
 * If Redis is down (at once) or does not answer within WEBHOOK_REDIS_WAIT_MS, requests are let
 * through: ingestion matters more than the limit, and storing needs Postgres, not Redis.
 */
@Injectable()
export class WebhookRateLimiter {
  constructor(
    @InjectGatewayOptions('webhook') private readonly webhook: GatewaySettings<'webhook'>,
    @InjectGatewayOptions('redis') private readonly redisSettings: GatewaySettings<'redis'>,
    @InjectGatewayRedis() private readonly redis: Redis,
  ) {}

  async hit(clientIp: string): Promise<void> {
    if (isRedisDown(this.redis)) return;
    const window = Math.floor(Date.now() / WINDOW_MS);
    const key = `${this.redisSettings.prefix}:webhook:rate:${clientIp}:${window}`;
    let count: number;
    try {
      [count] = await answerWithin(countWithExpiry(this.redis, [key], WINDOW_MS), WEBHOOK_REDIS_WAIT_MS);
    } catch {
      return;
    }
    if (count > this.webhook.rateLimitPerMinute) {
      throw new MessagingGatewayError(
        ErrorCode.WEBHOOK_RATE_LIMITED,
        `More than ${this.webhook.rateLimitPerMinute} requests per minute from this address; retry later.`,
        true,
      );
    }
  }
}
