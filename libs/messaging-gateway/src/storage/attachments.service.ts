import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ATTACHMENT_STORE } from '../core/gateway.constants';
import { ErrorCode } from '../core/errors/error-codes';
import { MessagingGatewayError } from '../core/errors/messaging-gateway.error';
import { InjectGatewayOptions } from '../core/options/gateway-options.providers';
import type { GatewaySettings } from '../core/options/gateway-options.schema';
import { inboundAttachmentId } from './attachment-id';
import { attachmentVerdicts } from './attachment-limits';
import type { AttachmentMeta, IncomingFile } from './attachment-meta.types';
import type { AttachmentStore } from './attachment-store.types';
import { type AttachmentRow, AttachmentsRepository } from './attachments.repository';
import { AtRestCipher } from './encryption/at-rest.cipher';
import { S3Driver } from './s3.driver';
import { safeFileName } from './safe-file-name';
import { sha256Of, storageKeyOf } from './storage-key';

/** A kept file with its bytes, as a download or an outbound email needs it. */
export interface AttachmentContent {
  id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  inline: boolean;
  contentId: string | null;
  threadId: string | null;
  inboundEmailId: string | null;
  content: Buffer;
}

const cleanType = (type: string | undefined): string =>
  (type || 'application/octet-stream').replace(/[^\x21-\x7e ]/g, '').slice(0, 255) || 'application/octet-stream';

/**
 * Attachments kept apart from the raw MIME: bytes in the attachment store (content-addressed, so a
 * file received twice is stored once), one row each in `messaging_gateway_attachments`. The bytes
 * are written, then the rows, and both before the email's final commit: a crash in between leaves
 * at worst bytes nobody points at, never a message pointing at nothing.
 * @publicApi
 */
@Injectable()
export class AttachmentsService implements OnApplicationShutdown {
  private readonly logger = new Logger(AttachmentsService.name);

  /** @internal Nest injects it. */
  constructor(
    @InjectGatewayOptions('attachments') private readonly limits: GatewaySettings<'attachments'>,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    private readonly rows: AttachmentsRepository,
    private readonly cipher: AtRestCipher,
  ) {}

  /**
   * Keeps the attachments of inbound email `inboundEmailId` within the limits, and answers their
   * metadata for the message (`metadata.attachments[]`), skipped ones included with their reason.
   * Throws a transient `EGW_ATTACHMENT_STORE` when the store fails: the email is retried.
   * @internal
   */
  async keepInbound(inboundEmailId: string, files: IncomingFile[]): Promise<AttachmentMeta[]> {
    if (files.length === 0) return [];
    const verdicts = attachmentVerdicts(
      files.map((file) => file.content.length),
      this.limits,
    );
    const dataKeyId = verdicts.includes('keep') ? await this.cipher.newDataKey() : null;
    const metas: AttachmentMeta[] = [];
    const kept: Omit<AttachmentRow, 'erasedAt'>[] = [];
    for (const [index, file] of files.entries()) {
      const base = {
        name: safeFileName(file.name),
        type: cleanType(file.type),
        size: file.content.length,
        inline: file.inline ?? false,
        // Without its angle brackets: the form `cid:` URLs in the HTML use (RFC 2392).
        ...(file.contentId ? { contentId: file.contentId.replace(/^<|>$/g, '').slice(0, 255) } : {}),
      };
      const verdict = verdicts[index];
      if (verdict !== 'keep') {
        metas.push({ ...base, skipped: verdict });
        continue;
      }
      const row = await this.put(inboundAttachmentId(inboundEmailId, index), file.content, dataKeyId, base);
      kept.push({ ...row, inboundEmailId, threadId: null });
      metas.push({ id: row.id, ...base, sha256: row.sha256 });
    }
    await this.rows.insert(kept);
    return metas;
  }

  /**
   * Keeps the files of an agent's answer in `threadId` (the reference app stores them before it
   * posts the message), within `attachments.maxOutboundBytes` in total.
   */
  async keepOutbound(threadId: string, files: IncomingFile[]): Promise<AttachmentMeta[]> {
    const total = files.reduce((sum, file) => sum + file.content.length, 0);
    if (total > this.limits.maxOutboundBytes) {
      throw new MessagingGatewayError(
        ErrorCode.ATTACHMENTS_TOO_LARGE,
        `the files add up to ${total} bytes, over attachments.maxOutboundBytes (${this.limits.maxOutboundBytes}); send fewer or smaller files`,
      );
    }
    const dataKeyId = files.length > 0 ? await this.cipher.newDataKey(threadId) : null;
    const kept: Omit<AttachmentRow, 'erasedAt'>[] = [];
    const metas: AttachmentMeta[] = [];
    for (const file of files) {
      const base = {
        name: safeFileName(file.name),
        type: cleanType(file.type),
        size: file.content.length,
        inline: false,
      };
      const row = await this.put(randomUUID(), file.content, dataKeyId, base);
      kept.push({ ...row, inboundEmailId: null, threadId });
      metas.push({ id: row.id, ...base, sha256: row.sha256 });
    }
    await this.rows.insert(kept);
    return metas;
  }

  /**
   * A kept file with its bytes. Throws `EGW_ATTACHMENT_NOT_FOUND` for an unknown id and
   * `EGW_DATA_ERASED` when its thread was forgotten (a download answers 404 and 410).
   */
  async open(id: string): Promise<AttachmentContent> {
    const row = await this.rows.find(id);
    if (!row) throw new MessagingGatewayError(ErrorCode.ATTACHMENT_NOT_FOUND, `no attachment ${id}`);
    if (row.erasedAt) throw new MessagingGatewayError(ErrorCode.DATA_ERASED, `attachment ${id} was erased`);
    const stored = await this.store.get(row.storageKey).catch((error: unknown) => {
      throw new MessagingGatewayError(ErrorCode.ATTACHMENT_STORE, `the attachment store failed reading ${id}`, true, {
        cause: error,
      });
    });
    if (!stored) throw new MessagingGatewayError(ErrorCode.DATA_ERASED, `the bytes of attachment ${id} are gone`);
    const content = await this.cipher.open(row.dataKeyId, stored);
    return {
      id: row.id,
      name: row.name,
      type: row.type,
      size: row.size,
      sha256: row.sha256,
      inline: row.inline,
      contentId: row.contentId,
      threadId: row.threadId,
      inboundEmailId: row.inboundEmailId,
      content,
    };
  }

  /** Sealed (when encryption is on), then written under the hash of what is stored, if not already there. */
  private async put(
    id: string,
    content: Buffer,
    dataKeyId: string | null,
    meta: { name: string; type: string; size: number; inline: boolean; contentId?: string },
  ): Promise<Omit<AttachmentRow, 'erasedAt' | 'inboundEmailId' | 'threadId'>> {
    const sha256 = sha256Of(content);
    const stored = await this.cipher.seal(dataKeyId, content);
    const storageKey = storageKeyOf(dataKeyId ? sha256Of(stored) : sha256);
    try {
      if (!(await this.store.has(storageKey))) await this.store.put(storageKey, stored);
    } catch (error) {
      this.logger.warn(`attachment ${id}: the store refused the write (${(error as Error).name})`);
      throw new MessagingGatewayError(ErrorCode.ATTACHMENT_STORE, `the attachment store failed writing ${id}`, true, {
        cause: error,
      });
    }
    return { id, ...meta, contentId: meta.contentId ?? null, sha256, storageKey, dataKeyId };
  }

  /** The S3 driver's sockets are closed with the app (a host's own store is the host's to close). */
  onApplicationShutdown(): void {
    if (this.store instanceof S3Driver) this.store.close();
  }
}
