import { Module } from '@nestjs/common';
import { ATTACHMENT_STORE } from '../core/gateway.constants';
import { attachmentStoreProvider } from './attachment-store.provider';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { AtRestCipher } from './encryption/at-rest.cipher';
import { DataKeysRepository } from './encryption/data-keys.repository';
import { ThreadErasureService } from './thread-erasure.service';

/**
 * What the gateway keeps besides rows: attachment bytes (the store and its driver), the data
 * keys of encryption at rest, and per-thread erasure. Imported by the stages that keep or send
 * files; `AttachmentsService` and `ThreadErasureService` are what hosts inject.
 */
@Module({
  providers: [
    attachmentStoreProvider,
    AttachmentsRepository,
    AttachmentsService,
    DataKeysRepository,
    AtRestCipher,
    ThreadErasureService,
  ],
  exports: [ATTACHMENT_STORE, AttachmentsService, AtRestCipher, DataKeysRepository, ThreadErasureService],
})
export class StorageModule {}
