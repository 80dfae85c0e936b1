import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { MESSAGING_GATEWAY_REDIS } from '../core/gateway.constants';
import { countWithExpiry } from '../core/redis/count-with-expiry';
import { sha256 } from './outbox/outbound-keys';

const HOUR_MS = 3_600_000;

/**
 * Caps mail per recipient and per thread per clock hour (Redis counters that expire with their
 * hour), the loop brake of RFC 3834 5.2: an auto-responder answering every answer would otherwise
 * ping-pong forever. Counts are shared by every worker of the deployment.
 */
@Injectable()
export class OutboundRateLimiter {
  constructor(
    @InjectGatewayOptions('outbound') private readonly outbound: GatewaySettings<'outbound'>,
    @InjectGatewayOptions('redis') private readonly redisSettings: GatewaySettings<'redis'>,
    @Inject(MESSAGING_GATEWAY_REDIS) private readonly redis: Redis,
  ) {}

  /** Counts one email and says whether it is within both caps. */
  async allow(recipient: string, threadId: string | null): Promise<boolean> {
    const { maxPerRecipientPerHour, maxPerThreadPerHour } = this.outbound;
    const hour = Math.floor(Date.now() / HOUR_MS);
    const base = `${this.redisSettings.prefix}:outbound:rate`;
    const keys: [string, number][] = [
      [`${base}:rcpt:${sha256(recipient.toLowerCase()).slice(0, 32)}:${hour}`, maxPerRecipientPerHour],
    ];
    if (threadId) keys.push([`${base}:thread:${sha256(threadId).slice(0, 32)}:${hour}`, maxPerThreadPerHour]);
    // Both counters in one script call: they outlive their hour a little, never a count short.
    const counts = await countWithExpiry(
      this.redis,
      keys.map(([key]) => key),
      HOUR_MS * 2,
    );
    return keys.every(([, cap], index) => counts[index] <= cap);
  }
}
