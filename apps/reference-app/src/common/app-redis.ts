import { Global, Injectable, Module, type OnApplicationShutdown, ServiceUnavailableException } from '@nestjs/common';
import IORedis, { type Redis } from 'ioredis';
import { InjectGatewayOptions, type GatewaySettings } from 'nestjs-messaging-gateway';

/** Redis answers in a millisecond; a request that waits longer than this is answered 503 instead. */
export const APP_REDIS_WAIT_MS = 1000;
/** ioredis states of a connection that lost its server and is retrying. */
const DOWN_STATES = new Set(['reconnecting', 'close', 'end']);

/** Redis did not answer: a 503 (an HttpException, so Nest answers it without a stack trace). */
export class RedisUnavailableError extends ServiceUnavailableException {
  constructor(cause?: unknown) {
    super('Redis is unavailable; try again in a moment.', { cause });
    this.name = 'RedisUnavailableError';
  }
}

/**
 * The app's own Redis keys (sessions, throttles), on a connection of the app's own to the
 * gateway's Redis (REDIS_URL) and under its key prefix (`<prefix>:app:…`), so one Redis and one
 * prefix serve both. Every call is bounded: it fails at once while the connection is reconnecting
 * and after APP_REDIS_WAIT_MS otherwise, so a Redis outage never holds a request for ioredis'
 * retries.
 */
@Injectable()
export class AppRedis implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(@InjectGatewayOptions('redis') private readonly settings: GatewaySettings<'redis'>) {
    // Connects on its first command: an app whose boot stops (a gateway boot check) opens no socket
    // that Nest, which closes nothing after a failed create, would leave behind.
    this.client = new IORedis(settings.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    // The gateway's own connection to the same server says when it goes down and comes back.
    this.client.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }

  key(...parts: string[]): string {
    return [this.settings.prefix, 'app', ...parts].join(':');
  }

  get down(): boolean {
    return DOWN_STATES.has(this.client.status);
  }

  async run<T>(command: (client: Redis) => Promise<T>): Promise<T> {
    if (this.down) throw new RedisUnavailableError();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RedisUnavailableError()), APP_REDIS_WAIT_MS);
    });
    try {
      return await Promise.race([command(this.client), timeout]);
    } catch (error) {
      throw error instanceof RedisUnavailableError ? error : new RedisUnavailableError(error);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Makes `AppRedis` injectable everywhere. */
@Global()
@Module({ providers: [AppRedis], exports: [AppRedis] })
export class AppRedisModule {}
