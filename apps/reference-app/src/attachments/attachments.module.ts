import { Module } from '@nestjs/common';
import { MessagesApiModule } from '../messages-api/messages-api.module';
import { AttachmentsApiController } from './attachments-api.controller';
import { InboxAttachmentsController } from './inbox-attachments.controller';
import { ThreadForgetController } from './thread-forget.controller';

/** Downloads of kept files (API key or session), and the per-thread erasure action. */
@Module({
  imports: [MessagesApiModule],
  controllers: [AttachmentsApiController, InboxAttachmentsController, ThreadForgetController],
})
export class AttachmentsModule {}
