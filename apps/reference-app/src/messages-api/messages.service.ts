import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { HostEvents } from 'nestjs-messaging-gateway';
import type { DataSource, EntityManager } from 'typeorm';
import { AppMessage } from './entities/app-message.entity';
import { AppParticipant } from './entities/app-participant.entity';
import type { AppThread } from './entities/app-thread.entity';
import type { CreateMessageDto } from './messages-api.dto';
import { ThreadsService } from './threads.service';

/**
 * Messages of a thread. Adding one bumps the thread's activity; an agent's answer
 * (`direction: 'outbound'`) is announced as `message.created`, which the gateway emails.
 * Customer messages (inbound) never produce email.
 */
@Injectable()
export class MessagesService {
  private readonly logger = new Logger('MessagesService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly threads: ThreadsService,
    private readonly events: EventEmitter2,
  ) {}

  async create(
    manager: EntityManager,
    threadId: string,
    input: CreateMessageDto,
  ): Promise<{ message: AppMessage; thread: AppThread }> {
    const thread = await this.threads.get(threadId, manager);
    // Serialises concurrent messages of one thread, so counters and activity order stay exact.
    await manager.query(`SELECT 1 FROM app_threads WHERE id = $1 FOR UPDATE`, [thread.id]);
    const saved = await manager.save(
      manager.create(AppMessage, {
        threadId: thread.id,
        direction: input.direction,
        text: input.text,
        html: input.html ?? null,
        authorEmail: input.authorEmail?.toLowerCase() ?? null,
        authorName: input.authorName ?? null,
        senderProfile: input.senderProfile ?? null,
        metadata: input.metadata,
      }),
    );
    await manager.query(
      `UPDATE app_threads SET message_count = message_count + 1, last_message_at = now(), updated_at = now(),
              activity_seq = nextval('app_thread_activity_seq'), unread = $2 WHERE id = $1`,
      [thread.id, input.direction === 'inbound'],
    );
    if (input.authorEmail) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(AppParticipant)
        .values({
          threadId: thread.id,
          email: input.authorEmail.toLowerCase(),
          name: input.authorName ?? null,
          role: input.direction === 'inbound' ? 'customer' : 'agent',
        })
        .orIgnore()
        .execute();
    }
    const message = await manager.findOneByOrFail(AppMessage, { id: saved.id });
    return { message, thread };
  }

  /** Oldest first. */
  async listByThread(threadId: string): Promise<AppMessage[]> {
    await this.threads.get(threadId);
    return this.dataSource.getRepository(AppMessage).find({ where: { threadId }, order: { seq: 'ASC' } });
  }

  /**
   * Hands an agent's answer to the gateway with the plain `message.created` payload. Called after the commit, so
   * the gateway never emails a message that was rolled back; awaited so that its outbox row
   * exists when the API answers. A listener failure is logged, not returned: the message exists.
   */
  async announceOutbound(message: AppMessage, thread: AppThread): Promise<void> {
    if (message.direction !== 'outbound') return;
    const metadata = thread.metadata as Record<string, string | undefined>;
    const displayName = (message.senderProfile?.displayName as string | undefined) ?? message.authorName ?? undefined;
    const payload = {
      threadId: thread.id,
      messageId: message.id,
      messageText: message.text,
      html: message.html ?? undefined,
      direction: message.direction,
      threadMetadata: {
        sourceType: thread.sourceType,
        emailFrom: metadata.emailFrom ?? thread.identityEmail ?? undefined,
        emailSubject: metadata.emailSubject ?? thread.subject,
        lastEmailMessageId: metadata.lastEmailMessageId,
      },
      senderProfile: { ...(message.senderProfile ?? {}), displayName },
      // The files were stored with the message: the gateway reads them by id.
      ...(Array.isArray(message.metadata?.attachments) && message.metadata.attachments.length
        ? { attachments: (message.metadata.attachments as { id: string }[]).map(({ id }) => ({ id })) }
        : {}),
    };
    try {
      await this.events.emitAsync(HostEvents.MESSAGE_CREATED, payload);
    } catch (error) {
      this.logger.error(`message.created listener failed for message ${message.id}: ${(error as Error).message}`);
    }
  }
}
