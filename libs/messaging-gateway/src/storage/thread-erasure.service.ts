import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ATTACHMENT_STORE, TABLES } from '../core/gateway.constants';
import { InjectGatewayDataSource } from '../core/host-prerequisites.providers';
import { returnedRows } from '../core/database/returned-rows';
import type { AttachmentStore } from './attachment-store.types';
import { AttachmentsRepository } from './attachments.repository';
import { DataKeysRepository } from './encryption/data-keys.repository';

/** What `forgetThread` erased. @publicApi */
export interface ThreadErasure {
  threadId: string;
  /** Attachments whose bytes are gone (rows kept, `erased_at` set). */
  attachments: number;
  /** Inbound emails whose raw MIME was dropped (rows kept with status, ids and dates). */
  rawEmails: number;
  /** Data keys destroyed (with encryption at rest: what backups hold of the thread is unreadable). */
  dataKeys: number;
}

/**
 * Per-thread erasure for deletion requests (GDPR article 17): the thread's raw MIME, its
 * attachments' bytes and its data keys are destroyed; the audit rows (ids, timestamps, statuses,
 * sizes) stay. Bytes shared with another thread (the same file, content-addressed, in plaintext
 * mode) stay for that thread. Running it twice is harmless.
 * @publicApi
 */
@Injectable()
export class ThreadErasureService {
  private readonly logger = new Logger(ThreadErasureService.name);

  /** @internal Nest injects it. */
  constructor(
    @InjectGatewayDataSource() private readonly dataSource: DataSource,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    private readonly attachments: AttachmentsRepository,
    private readonly dataKeys: DataKeysRepository,
  ) {}

  async forgetThread(threadId: string): Promise<ThreadErasure> {
    const files = await this.attachments.liveOfThread(threadId);
    const ids = files.map((file) => file.id);
    // Bytes first: if the store fails half-way, the rows are still live and a second run finishes.
    for (const storageKey of new Set(files.map((file) => file.storageKey))) {
      if (!(await this.attachments.keyStillUsed(storageKey, ids))) await this.store.delete(storageKey);
    }
    const emails: { id: string; data_key_id: string | null }[] = await this.dataSource.query(
      `SELECT id, data_key_id FROM ${TABLES.inboundEmails} WHERE thread_id = $1`,
      [threadId],
    );
    const keyIds = [
      ...new Set(
        [...files.map((file) => file.dataKeyId), ...emails.map((email) => email.data_key_id)].filter(
          (id): id is string => id !== null,
        ),
      ),
    ];
    await this.dataKeys.destroy(keyIds, threadId);
    await this.attachments.markErased(ids);
    const purged = returnedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE ${TABLES.inboundEmails} SET raw_mime = NULL, raw_purged_at = coalesce(raw_purged_at, now())
        WHERE thread_id = $1 AND raw_mime IS NOT NULL RETURNING id`,
        [threadId],
      ),
    );
    const erasure = { threadId, attachments: ids.length, rawEmails: purged.length, dataKeys: keyIds.length };
    this.logger.log(
      `thread ${threadId} forgotten: ${erasure.attachments} attachments, ${erasure.rawEmails} raw emails, ${erasure.dataKeys} data keys`,
    );
    return erasure;
  }
}
