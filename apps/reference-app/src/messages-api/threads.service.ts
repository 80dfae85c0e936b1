import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, AppErrorCode } from '../common/app-error';
import { AppParticipant } from './entities/app-participant.entity';
import { AppThread } from './entities/app-thread.entity';
import type { CreateThreadDto, ListThreadsQuery } from './messages-api.dto';
import { decodeThreadCursor, encodeThreadCursor } from './thread-cursor';

export interface ThreadPage {
  threads: AppThread[];
  nextCursor: string | null;
}

/** Threads of the reference app: create, read, patch metadata, list newest first. */
@Injectable()
export class ThreadsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(manager: EntityManager, input: CreateThreadDto): Promise<AppThread> {
    const saved = await manager.save(
      manager.create(AppThread, {
        sourceType: input.sourceType,
        identityEmail: input.identityEmail?.toLowerCase() ?? null,
        mailbox: input.mailbox,
        priority: input.priority,
        subject: input.subject,
        metadata: input.metadata,
      }),
    );
    const id = saved.id;
    if (input.identityEmail) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(AppParticipant)
        .values({ threadId: id, email: input.identityEmail.toLowerCase(), role: 'customer' })
        .orIgnore()
        .execute();
    }
    return manager.findOneByOrFail(AppThread, { id });
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<AppThread> {
    const thread = isUuid(id) ? await manager.findOneBy(AppThread, { id }) : null;
    if (!thread) throw new AppError(AppErrorCode.NOT_FOUND, `thread ${id.slice(0, 64)} does not exist`);
    return thread;
  }

  /** Merges `metadata` into the stored metadata key by key (JSONB `||`), atomically. */
  async updateMetadata(id: string, metadata: Record<string, unknown>): Promise<AppThread> {
    await this.get(id);
    await this.dataSource.query(
      `UPDATE app_threads SET metadata = metadata || $2::jsonb, updated_at = now() WHERE id = $1`,
      [id, JSON.stringify(metadata)],
    );
    return this.get(id);
  }

  /** `GET threads`: newest first by creation, keyset-paginated on the insertion sequence. */
  async list(query: ListThreadsQuery): Promise<ThreadPage> {
    return this.page(query, 'seq');
  }

  /** The inbox: latest activity first, same filters and cursor shape. */
  async listByActivity(query: ListThreadsQuery): Promise<ThreadPage> {
    return this.page(query, 'activitySeq');
  }

  async markRead(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE app_threads SET unread = false WHERE id = $1 AND unread`, [id]);
  }

  private async page(query: ListThreadsQuery, order: 'seq' | 'activitySeq'): Promise<ThreadPage> {
    const builder = this.dataSource.getRepository(AppThread).createQueryBuilder('t');
    if (query.mailbox) builder.andWhere('t.mailbox = :mailbox', { mailbox: query.mailbox });
    if (query.priority) builder.andWhere('t.priority = :priority', { priority: query.priority });
    if (query.cursor) builder.andWhere(`t.${order} < :after`, { after: decodeThreadCursor(query.cursor) });
    const rows = await builder
      .orderBy(`t.${order}`, 'DESC')
      .limit(query.limit + 1)
      .getMany();
    const threads = rows.slice(0, query.limit);
    const more = rows.length > query.limit;
    return { threads, nextCursor: more ? encodeThreadCursor(threads[threads.length - 1][order]) : null };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else is simply not found (and never reaches PostgreSQL's uuid cast). */
export const isUuid = (value: string): boolean => UUID.test(value);
