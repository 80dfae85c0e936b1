import { HttpStatus, Injectable } from '@nestjs/common';
import { IdempotencyService, type IdempotentResult } from './idempotency.service';
import type { AppMessage } from './entities/app-message.entity';
import type { AppThread } from './entities/app-thread.entity';
import type { CreateMessageDto, CreateThreadDto } from './messages-api.dto';
import { serializeMessage, serializeThread } from './messages-api.serializer';
import { MessagesService } from './messages.service';
import { ThreadsService } from './threads.service';
import { AnswerFilesService } from './answer-files.service';

/**
 * The create side of the Messages API, idempotent per `Idempotency-Key`. Also what the web
 * inbox's reply box calls, so an answer typed in the UI takes exactly the API's path.
 */
@Injectable()
export class MessagesApiService {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
    private readonly answerFiles: AnswerFilesService,
  ) {}

  createThread(input: CreateThreadDto, idempotencyKey?: string): Promise<IdempotentResult<AppThread>> {
    return this.idempotency.run('POST threads', idempotencyKey, input, async (manager) => {
      const thread = await this.threads.create(manager, input);
      return {
        value: thread,
        response: { status: HttpStatus.CREATED, body: { success: true, data: serializeThread(thread) } },
      };
    });
  }

  async createMessage(
    threadId: string,
    input: CreateMessageDto,
    idempotencyKey?: string,
  ): Promise<IdempotentResult<AppMessage>> {
    const scope = `POST threads/${threadId}/messages`;
    let thread: AppThread | undefined;
    const result = await this.idempotency.run(scope, idempotencyKey, input, async (manager) => {
      const created = await this.messages.create(manager, threadId, await this.answerFiles.keep(threadId, input));
      thread = created.thread;
      return {
        value: created.message,
        response: { status: HttpStatus.CREATED, body: { success: true, data: serializeMessage(created.message) } },
      };
    });
    // Only the call that created the message announces it: a replay never emails twice.
    if (result.created && result.value && thread) await this.messages.announceOutbound(result.value, thread);
    return result;
  }
}
