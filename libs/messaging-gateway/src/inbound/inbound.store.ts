import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { TABLES } from '../core/gateway.constants';
import type { AcceptInboundInput, AcceptInboundResult } from './inbound-accept.types';
import { INLINE_SAFETY_NET_DELAY_MS, InboundInlineRunner } from './inbound-inline.runner';
import { InboundQueue } from './inbound.queue';
import { stripNul } from './parse/strip-nul';
import { readMessageId } from './read-header';
import { InjectGatewayDataSource } from '../core/host-prerequisites.providers';
import { AtRestCipher } from '../storage/encryption/at-rest.cipher';

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/**
 * The durable inbox: the one door every ingress uses. `accept()` returns only after the raw
 * message and its dedupe key are committed (like SMTP's 250), so an acknowledged email is never
 * lost; the unique dedupe key makes provider retries and concurrent deliveries harmless.
 * @publicApi
 */
@Injectable()
export class InboundStore {
  private readonly logger = new Logger(InboundStore.name);

  /** @internal Nest injects it. */
  constructor(
    @InjectGatewayDataSource() private readonly dataSource: DataSource,
    @InjectGatewayOptions('inbound') private readonly inbound: GatewaySettings<'inbound'>,
    private readonly queue: InboundQueue,
    private readonly inline: InboundInlineRunner,
    private readonly cipher: AtRestCipher,
  ) {}

  async accept(input: AcceptInboundInput): Promise<AcceptInboundResult> {
    const { raw } = input;
    if (raw.length === 0) {
      throw new MessagingGatewayError(ErrorCode.PARSE, 'The message is empty: there is no MIME to store.');
    }
    if (raw.length > this.inbound.maxMessageBytes) {
      throw new MessagingGatewayError(
        ErrorCode.MESSAGE_TOO_LARGE,
        `The message is ${raw.length} bytes, over the ${this.inbound.maxMessageBytes}-byte limit (inbound.maxMessageBytes).`,
      );
    }
    const rawSha256 = sha256(raw);
    const messageId = readMessageId(raw) ?? null;
    const dedupeKey = input.providerEventId
      ? `evt:${input.provider}:${sha256(input.providerEventId)}`
      : `raw:${sha256(messageId ?? '')}:${rawSha256}`;

    // Sealed under a data key of its own when encryption at rest is on (plaintext never reaches the table).
    const stored = await this.cipher.sealNew(raw);
    // One statement: the insert either commits a new row or finds the existing one; concurrent
    // identical deliveries race on the unique index, and exactly one wins.
    const inserted: { id: string }[] = await this.dataSource.query(
      `INSERT INTO ${TABLES.inboundEmails}
         (dedupe_key, source, provider, provider_event_id, message_id, raw_mime, raw_size, raw_sha256, envelope, data_key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [
        dedupeKey,
        input.source,
        input.provider,
        input.providerEventId ?? null,
        messageId,
        stored.bytes,
        raw.length,
        rawSha256,
        // jsonb refuses \u0000 (PostgreSQL 22P05): a provider's header value must not fail the accept.
        JSON.stringify(input.envelope ?? {}, (_key, value: unknown) =>
          typeof value === 'string' ? stripNul(value) : value,
        ),
        stored.dataKeyId,
      ],
    );
    if (inserted.length > 0) {
      const { id } = inserted[0];
      // Inline: this process handles the email now and the delayed job is only the safety net.
      await this.enqueueQuietly(id, this.inline.enabled ? INLINE_SAFETY_NET_DELAY_MS : 0);
      if (this.inline.enabled) this.inline.start(id);
      return { id, duplicate: false };
    }
    const [existing]: { id: string; status: string }[] = await this.dataSource.query(
      `SELECT id, status FROM ${TABLES.inboundEmails} WHERE dedupe_key = $1`,
      [dedupeKey],
    );
    // A first delivery whose enqueue failed is still pending: the repeat is a good moment to retry.
    if (existing.status === 'pending') await this.enqueueQuietly(existing.id);
    return { id: existing.id, duplicate: true };
  }

  /**
   * The row is already committed, so a Redis outage must not fail the acknowledgement: the
   * sweeper re-enqueues pending rows.
   */
  private async enqueueQuietly(id: string, delayMs = 0): Promise<void> {
    try {
      await this.queue.enqueue(id, delayMs);
    } catch (error) {
      this.logger.warn(
        `inboundEmailId=${id} stored but not enqueued (${(error as Error).message}); the sweeper will retry`,
      );
    }
  }
}
