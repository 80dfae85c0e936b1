import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ErrorCode } from '../../core/errors/error-codes';
import type { InboundEnvelope } from '../../inbound/inbound-accept.types';
import { readMessageId } from '../../inbound/read-header';
import { TABLES } from '../../core/gateway.constants';
import { InjectGatewayDataSource } from '../../core/host-prerequisites.providers';
import { AtRestCipher } from '../../storage/encryption/at-rest.cipher';
import { DataKeysRepository } from '../../storage/encryption/data-keys.repository';

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
/** `raw_sha256` of a message whose bytes were never downloaded (oversize): no hash is known. */
const UNKNOWN_SHA256 = '0'.repeat(64);

/** One IMAP message the receiver gives up on. */
export interface ImapFailure {
  mailboxKey: string;
  imap: NonNullable<InboundEnvelope['imap']>;
  code: ErrorCode;
  /** Operator-facing reason; never contains the body. */
  detail: string;
  /** The raw bytes when they were downloaded, so the message can be replayed. */
  raw?: Buffer;
  /** RFC822.SIZE as the server reported it. */
  size: number;
}

/**
 * Writes a `failed` inbound row for a message that cannot be stored normally (too large, or
 * refused by the database again and again), so that it is visible, replayable when its bytes
 * were kept, and never blocks the mailbox: the receiver moves its cursor past it. One row per
 * (mailbox, UIDVALIDITY, UID): recording the same failure twice after a crash is a no-op.
 */
@Injectable()
export class ImapFailureRecorder {
  private readonly logger = new Logger('ImapReceiver');

  constructor(
    @InjectGatewayDataSource() private readonly dataSource: DataSource,
    private readonly cipher: AtRestCipher,
    private readonly dataKeys: DataKeysRepository,
  ) {}

  async record(failure: ImapFailure): Promise<void> {
    const { imap } = failure;
    try {
      await this.insert(failure, failure.raw);
    } catch (error) {
      // If the bytes themselves are what the database refuses, the record must still be written.
      if (!failure.raw) throw error;
      await this.insert({ ...failure, detail: `${failure.detail} (raw bytes not kept)` }, undefined);
    }
    this.logger.warn(
      `mailbox=${imap.mailbox} uidValidity=${imap.uidValidity} uid=${imap.uid} recorded as failed (${failure.code}) and skipped`,
    );
  }

  private async insert(failure: ImapFailure, raw: Buffer | undefined): Promise<void> {
    const { imap } = failure;
    const dedupeKey = `imap-failed:${sha256(failure.mailboxKey).slice(0, 32)}:${imap.uidValidity}:${imap.uid}`;
    // With encryption at rest, the data key is stored by the same statement, only with a new row:
    // recording the same failure twice leaves no key behind.
    const stored = raw ? this.cipher.sealUnderUnsavedKey(raw) : null;
    const key = stored?.key ?? null;
    const insert = `INSERT INTO ${TABLES.inboundEmails}
         (dedupe_key, source, provider, message_id, status, reason_code, reason_detail,
          raw_mime, raw_size, raw_sha256, envelope, data_key_id)
       VALUES ($1, 'imap', 'imap', $2, 'failed', $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (dedupe_key) DO NOTHING`;
    await this.dataSource.query(
      key
        ? `WITH inserted AS (${insert} RETURNING data_key_id), ${this.dataKeys.keysOfInsertedRowsCte('inserted', 9)}
           SELECT 1`
        : insert,
      [
        dedupeKey,
        raw ? (readMessageId(raw) ?? null) : null,
        failure.code,
        failure.detail.slice(0, 2000),
        stored?.bytes ?? null,
        failure.raw?.length ?? failure.size,
        raw ? sha256(raw) : UNKNOWN_SHA256,
        JSON.stringify({ imap }),
        key?.id ?? null,
        ...(key ? this.dataKeys.keysOfInsertedRowsValues([key]) : []),
      ],
    );
  }
}
