import type { Provider } from '@nestjs/common';
import { ThreadMappingsRepository } from './thread-mappings.repository';
import { ThreadMatcher } from './thread.matcher';
import { TokenThreadCache } from './token-thread.cache';

/** Providers of thread matching. */
export const matchingProviders: Provider[] = [ThreadMappingsRepository, TokenThreadCache, ThreadMatcher];
