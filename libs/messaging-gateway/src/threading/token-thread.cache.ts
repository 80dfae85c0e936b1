import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { type TokenMapping, ThreadMappingsRepository } from './thread-mappings.repository';

/** A token's mapping never changes once written; a few minutes keep a busy thread's replies off the database. */
const TOKEN_TTL_MS = 5 * 60_000;

/** Token → thread lookups through @nestjs/cache-manager (in memory). Misses are not cached: the row may be written later. */
@Injectable()
export class TokenThreadCache {
  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    private readonly mappings: ThreadMappingsRepository,
  ) {}

  async find(normalizedToken: string): Promise<TokenMapping | null> {
    const key = `mgw:token:${normalizedToken}`;
    const cached = await this.cache.get<TokenMapping>(key);
    if (cached) return cached;
    const found = await this.mappings.findByToken(normalizedToken);
    if (found) await this.cache.set(key, found, TOKEN_TTL_MS);
    return found;
  }
}
