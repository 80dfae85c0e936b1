import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { TABLES } from '../core/gateway.constants';
import type { AcceptInboundInput, AcceptInboundResult } from './inbound-accept.types';
import { InboundInlineRunner } from './inbound-inline.runner';
import { InboundQueue } from './inbound.queue';
import { stripNul } from './parse/strip-nul';
import { readMessageId, readSenderAddress } from './read-header';
import { InjectGatewayDataSource } from '../core/host-prerequisites.providers';
import { AtRestCipher, type UnsavedDataKey } from '../storage/encryption/at-rest.cipher';
import { DataKeysRepository } from '../storage/encryption/data-keys.repository';
import { PreparedStatements } from '../core/database/prepared-statements';

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** The columns an accepted email is inserted with, in the order of `rowOf`'s values. */
const COLUMNS =
  'dedupe_key, source, provider, provider_event_id, message_id, raw_mime, raw_size, raw_sha256, envelope, sender_email, data_key_id';
const COLUMN_COUNT = COLUMNS.split(',').length;
/** `$n, …` for one row whose first value is parameter `offset + 1`. */
const placeholders = (offset: number): string =>
  Array.from({ length: COLUMN_COUNT }, (_, i) => `$${offset + i + 1}`).join(', ');

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
    private readonly statements: PreparedStatements,
    private readonly dataKeys: DataKeysRepository,
  ) {}

  async accept(input: AcceptInboundInput): Promise<AcceptInboundResult> {
    const row = this.rowOf(input);
    // One statement: the insert either commits a new row or finds the existing one; concurrent
    // identical deliveries race on the unique index, and exactly one wins.
    const inserted: { id: string }[] = await this.statements.query(this.insertStatement(1, row.key ? 1 : 0), [
      ...row.values,
      ...this.keyValues(row.key ? [row.key] : []),
    ]);
    if (inserted.length > 0) {
      const { id } = inserted[0];
      // Inline: this process handles the email now, from the bytes in hand, and no job is added;
      // the queue only gets what inline processing cannot take (the sweeper catches a crash).
      if (!this.inline.tryStart(id, input.raw)) await this.enqueueQuietly(id);
      return { id, duplicate: false };
    }
    const [existing]: { id: string; status: string }[] = await this.dataSource.query(
      `SELECT id, status FROM ${TABLES.inboundEmails} WHERE dedupe_key = $1`,
      [row.dedupeKey],
    );
    // A first delivery whose enqueue failed is still pending: the repeat is a good moment to retry.
    if (existing.status === 'pending') await this.enqueueQuietly(existing.id);
    return { id: existing.id, duplicate: true };
  }

  /**
   * Accepts a batch (an IMAP fetch) in one multi-row INSERT and one bulk enqueue, with the same
   * guarantees as `accept` for each email: the call resolves only once every row is committed
   * (all or none: one statement), duplicates find their existing rows, and only the emails inline
   * processing cannot take get a job. Throws when any email is refused (empty, too large) or the
   * statement fails; the caller then accepts them one by one to learn which.
   */
  async acceptMany(inputs: AcceptInboundInput[]): Promise<AcceptInboundResult[]> {
    if (inputs.length === 0) return [];
    const rows = inputs.map((input) => this.rowOf(input));
    const keys = rows.flatMap((row) => (row.key ? [row.key] : []));
    const inserted: { id: string; dedupe_key: string }[] = await this.dataSource.query(
      this.insertStatement(rows.length, keys.length),
      [...rows.flatMap((row) => row.values), ...this.keyValues(keys)],
    );
    const fresh = new Map(inserted.map((row) => [row.dedupe_key, row.id]));
    const missing = rows.filter((row) => !fresh.has(row.dedupeKey)).map((row) => row.dedupeKey);
    const existing = new Map<string, { id: string; status: string }>();
    if (missing.length > 0) {
      const found: { id: string; status: string; dedupe_key: string }[] = await this.dataSource.query(
        `SELECT id, status, dedupe_key FROM ${TABLES.inboundEmails} WHERE dedupe_key = ANY($1)`,
        [missing],
      );
      for (const row of found) existing.set(row.dedupe_key, row);
    }
    const toEnqueue: string[] = [];
    const claimed = new Set<string>();
    const results = rows.map((row, index): AcceptInboundResult => {
      const id = fresh.get(row.dedupeKey);
      // The same email twice in one batch: the second is a duplicate of the first.
      if (id !== undefined && !claimed.has(id)) {
        claimed.add(id);
        if (!this.inline.tryStart(id, inputs[index].raw)) toEnqueue.push(id);
        return { id, duplicate: false };
      }
      if (id !== undefined) return { id, duplicate: true };
      const known = existing.get(row.dedupeKey)!;
      if (known.status === 'pending') toEnqueue.push(known.id);
      return { id: known.id, duplicate: true };
    });
    await this.enqueueManyQuietly([...new Set(toEnqueue)]);
    return results;
  }

  /**
   * The accept INSERT of `rows` rows (COLUMNS each), answering `id, dedupe_key` of the rows it
   * inserted. With encryption at rest, the same statement stores the data keys of the rows it
   * inserted (`keys` of them, passed after the rows' values): a duplicate stores neither.
   */
  private insertStatement(rows: number, keys: number): string {
    const values = Array.from({ length: rows }, (_, index) => `(${placeholders(index * COLUMN_COUNT)})`).join(', ');
    const insert = `INSERT INTO ${TABLES.inboundEmails} (${COLUMNS}) VALUES ${values}
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, dedupe_key, data_key_id`;
    if (keys === 0) return insert;
    return `WITH inserted AS (${insert}), ${this.dataKeys.keysOfInsertedRowsCte('inserted', rows * COLUMN_COUNT)}
       SELECT id, dedupe_key FROM inserted`;
  }

  private keyValues(keys: UnsavedDataKey[]): unknown[] {
    return keys.length === 0 ? [] : this.dataKeys.keysOfInsertedRowsValues(keys);
  }

  /**
   * The row's values in COLUMNS order, after the checks every accepted email passes. The raw MIME
   * is sealed under a data key of its own when encryption at rest is on (stored with the row, in
   * its statement): plaintext never reaches the table.
   */
  private rowOf(input: AcceptInboundInput): { dedupeKey: string; values: unknown[]; key: UnsavedDataKey | null } {
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
    const stored = this.cipher.sealUnderUnsavedKey(raw);
    const values = [
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
      // Known while the email is processed: the outbound echo guard's "creation in flight".
      readSenderAddress(raw) ?? null,
      stored.key?.id ?? null,
    ];
    return { dedupeKey, values, key: stored.key };
  }

  /**
   * The row is already committed, so a Redis outage must not fail the acknowledgement: the
   * sweeper re-enqueues pending rows.
   */
  private async enqueueQuietly(id: string): Promise<void> {
    try {
      await this.queue.enqueue(id);
    } catch (error) {
      this.logger.warn(
        `inboundEmailId=${id} stored but not enqueued (${(error as Error).message}); the sweeper will retry`,
      );
    }
  }

  /** `enqueueQuietly` for a batch: one bulk add. */
  private async enqueueManyQuietly(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.queue.enqueueMany(ids);
    } catch (error) {
      this.logger.warn(
        `${ids.length} inbound email(s) stored but not enqueued (${(error as Error).message}); the sweeper will retry`,
      );
    }
  }
}
