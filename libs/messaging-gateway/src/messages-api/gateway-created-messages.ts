import { Injectable } from '@nestjs/common';

/** Long enough for a host that re-emits `message.created` after its own commit or a retry. */
const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 50_000;

/**
 * Ids of messages the gateway itself created in the host (inbound emails posted to the Messages
 * API). The inbound path calls `remember(id)` as soon as the API answers; the outbound listener
 * never emails a message found here, so a host that emits `message.created` for every message
 * cannot make the gateway echo a customer's email back to them. In memory and short-lived: the
 * durable guards are `direction: 'inbound'` and the `inboundEmailId` / `source` metadata.
 * @publicApi
 */
@Injectable()
export class GatewayCreatedMessages {
  private readonly expiries = new Map<string, number>();

  remember(messageId: string): void {
    this.expiries.delete(messageId);
    this.expiries.set(messageId, Date.now() + TTL_MS);
    // Insertion order is age order: drop the oldest beyond the cap.
    while (this.expiries.size > MAX_ENTRIES) this.expiries.delete(this.expiries.keys().next().value!);
  }

  has(messageId: string): boolean {
    const expiry = this.expiries.get(messageId);
    if (expiry === undefined) return false;
    if (expiry > Date.now()) return true;
    this.expiries.delete(messageId);
    return false;
  }
}
