import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppRedis } from '../common/app-redis';

/** A login lasts a working day, then the person logs in again. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface SessionData {
  userId: string;
  email: string;
  createdAt: number;
}

const hashId = (id: string): string => createHash('sha256').update(id).digest('hex');

/**
 * Server-side sessions in Redis, so that ending one ends it everywhere it was copied to:
 * `session:<sha256(id)>` holds the session for SESSION_TTL_MS, and `user-sessions:<userId>` the
 * hashes of every session of that admin ("log out everywhere", password change). Only hashes of
 * session ids are stored: a Redis dump or `KEYS` gives nobody a cookie that works.
 */
@Injectable()
export class SessionStore {
  constructor(private readonly redis: AppRedis) {}

  /** A new session with a fresh 256-bit id; returns the id for the cookie. */
  async create(user: { id: string; email: string }): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const data: SessionData = { userId: user.id, email: user.email, createdAt: Date.now() };
    const index = this.userIndex(user.id);
    await this.redis.run((client) =>
      client
        .multi()
        .set(this.sessionKey(hashId(id)), JSON.stringify(data), 'PX', SESSION_TTL_MS)
        .sadd(index, hashId(id))
        // The index lives as long as its newest session.
        .pexpire(index, SESSION_TTL_MS)
        .exec(),
    );
    return id;
  }

  async get(id: string): Promise<SessionData | null> {
    const stored = await this.redis.run((client) => client.get(this.sessionKey(hashId(id))));
    if (!stored) return null;
    try {
      return JSON.parse(stored) as SessionData;
    } catch {
      return null;
    }
  }

  async delete(id: string): Promise<void> {
    const session = await this.get(id);
    await this.redis.run((client) => {
      const multi = client.multi().del(this.sessionKey(hashId(id)));
      if (session) multi.srem(this.userIndex(session.userId), hashId(id));
      return multi.exec();
    });
  }

  /** Ends every session of one admin; returns how many there were. */
  async deleteAllFor(userId: string): Promise<number> {
    const index = this.userIndex(userId);
    const hashes = await this.redis.run((client) => client.smembers(index));
    await this.redis.run((client) => client.del(index, ...hashes.map((hash) => this.sessionKey(hash))));
    return hashes.length;
  }

  private sessionKey(hash: string): string {
    return this.redis.key('session', hash);
  }

  private userIndex(userId: string): string {
    return this.redis.key('user-sessions', userId);
  }
}
