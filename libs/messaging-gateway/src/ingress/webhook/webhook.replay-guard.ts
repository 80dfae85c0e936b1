import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { InjectGatewayRedis } from '../../core/redis/gateway-redis.provider';
import { isRedisDown } from '../../core/redis/redis-availability';
import { answerWithin } from '../../core/redis/within-time';
import { WEBHOOK_REDIS_WAIT_MS } from './webhook.rate-limiter';

/** Twice the default ±5-minute window: a token can never expire while its timestamp is accepted. */
const REPLAY_GUARD_TTL_MS = 10 * 60 * 1000;

/**
 * Single-use webhook tokens (Mailgun), in Redis so that every instance sees them:
 * `claim` is one atomic SET NX PX, `release` gives the token back when storing failed. Keys are
 * the SHA-256 of the token under `<prefix>:webhook:replay:`; tokens themselves are never stored.
 * Redis errors fail closed (503 with Retry-After, the provider retries) rather than letting
 * replays through: at once while Redis is known to be down, else after WEBHOOK_REDIS_WAIT_MS.
 */
@Injectable()
export class WebhookReplayGuard {
  constructor(
    @InjectGatewayOptions('webhook') private readonly webhook: GatewaySettings<'webhook'>,
    @InjectGatewayOptions('redis') private readonly redisSettings: GatewaySettings<'redis'>,
    @InjectGatewayRedis() private readonly redis: Redis,
  ) {}

  async claim(provider: string, token: string): Promise<void> {
    const ttl = Math.max(REPLAY_GUARD_TTL_MS, 2 * this.webhook.maxAgeMs);
    const stored = await this.guarded(() => this.redis.set(this.key(provider, token), '1', 'PX', ttl, 'NX'));
    if (stored !== 'OK') {
      throw new MessagingGatewayError(
        ErrorCode.WEBHOOK_REPLAY,
        'This signed token was already used: a replayed request.',
      );
    }
  }

  async release(provider: string, token: string): Promise<void> {
    await answerWithin(this.redis.del(this.key(provider, token)), WEBHOOK_REDIS_WAIT_MS).catch(() => undefined);
  }

  private key(provider: string, token: string): string {
    return `${this.redisSettings.prefix}:webhook:replay:${provider}:${createHash('sha256').update(token).digest('hex')}`;
  }

  private async guarded<T>(command: () => Promise<T>): Promise<T> {
    try {
      if (isRedisDown(this.redis)) throw new Error('Redis is down');
      return await answerWithin(command(), WEBHOOK_REDIS_WAIT_MS);
    } catch (error) {
      throw new MessagingGatewayError(
        ErrorCode.WEBHOOK_UNAVAILABLE,
        'The replay cache (Redis) is unavailable; retry later.',
        true,
        { cause: error },
      );
    }
  }
}
