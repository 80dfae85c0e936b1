import { Module } from '@nestjs/common';
import { MessagesApiModule } from '../messages-api/messages-api.module';
import { AttachmentsApiController } from './attachments-api.controller';
import { InboxAttachmentsController } from './inbox-attachments.controller';

/** Downloads of kept files: for API clients (Messages API key) and for agents (session). */
@Module({
  imports: [MessagesApiModule],
  controllers: [AttachmentsApiController, InboxAttachmentsController],
})
export class AttachmentsModule {}
