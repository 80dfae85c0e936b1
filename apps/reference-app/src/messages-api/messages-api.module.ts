import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyGuard } from './api-key.guard';
import { AppMessage } from './entities/app-message.entity';
import { AppParticipant } from './entities/app-participant.entity';
import { AppThread } from './entities/app-thread.entity';
import { IdempotencyService } from './idempotency.service';
import { MessagesApiController } from './messages-api.controller';
import { MessagesApiExceptionFilter } from './messages-api.exception-filter';
import { MessagesApiService } from './messages-api.service';
import { MessagesService } from './messages.service';
import { ThreadsService } from './threads.service';
import { AnswerFilesService } from './answer-files.service';

/** The reference app's messaging system and its HTTP API (`/api/v1/messages`). */
@Module({
  imports: [TypeOrmModule.forFeature([AppThread, AppMessage, AppParticipant])],
  controllers: [MessagesApiController],
  providers: [
    { provide: APP_FILTER, useClass: MessagesApiExceptionFilter },
    ApiKeyGuard,
    IdempotencyService,
    ThreadsService,
    MessagesService,
    MessagesApiService,
    AnswerFilesService,
  ],
  exports: [ThreadsService, MessagesService, MessagesApiService],
})
export class MessagesApiModule {}
