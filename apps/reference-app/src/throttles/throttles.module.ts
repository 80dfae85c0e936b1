import { createHash } from 'node:crypto';
import { Module } from '@nestjs/common';
import { ThrottlerModule, type ThrottlerOptions } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { Request } from 'express';
import { normalizeLoginEmail } from '../auth/login-email';
import { AppRedis } from '../common/app-redis';
import { AppConfig } from '../config/app-config';
import { BoundedThrottlerStorage } from './bounded-throttler.storage';
import { Throttles } from './throttle-names';

const MINUTE_MS = 60_000;
/** Login counters: a window of 15 minutes, and a client or account over its limit waits 15 minutes. */
const LOGIN_WINDOW_MS = 15 * MINUTE_MS;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Request throttles with @nestjs/throttler, counted in Redis (@nest-lab/throttler-storage-redis)
 * so that every instance shares them and a restart forgets nothing. Each counter is a Redis key
 * that expires with its window, so memory is bounded by traffic and no one's state is ever cleared
 * for everyone. Keys carry only hashes (`<prefix>:app:throttle:<name>:<sha256>`), never an address.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, AppRedis],
      useFactory: (config: AppConfig, redis: AppRedis) => {
        const { loginPerAddress, loginPerIp, relayPerMinute } = config.throttles;
        const throttlers: ThrottlerOptions[] = [
          // Per IP first: a client over its limit is refused before it can create per-account keys.
          { name: Throttles.LOGIN_IP, ttl: LOGIN_WINDOW_MS, limit: loginPerIp, blockDuration: LOGIN_WINDOW_MS },
          {
            name: Throttles.LOGIN_ADDRESS,
            ttl: LOGIN_WINDOW_MS,
            limit: loginPerAddress,
            blockDuration: LOGIN_WINDOW_MS,
            getTracker: (req: Record<string, unknown>) => normalizeLoginEmail((req as unknown as Request).body?.email),
          },
          { name: Throttles.RELAY_IP, ttl: MINUTE_MS, limit: relayPerMinute },
        ];
        return {
          throttlers,
          generateKey: (_context, tracker, name) => redis.key('throttle', name, sha256(tracker)),
          storage: new BoundedThrottlerStorage(
            new ThrottlerStorageRedisService(redis.client),
            redis,
            new Set([Throttles.RELAY_IP]),
          ),
        };
      },
    }),
  ],
})
export class ThrottlesModule {}
