import type { Provider } from '@nestjs/common';
import { ThreadMappingsRepository } from './thread-mappings.repository';
import { ThreadMatcher } from './thread-matcher.service';
import { TokenThreadCache } from './token-thread-cache.service';

/** Providers of thread matching. */
export const matchingProviders: Provider[] = [ThreadMappingsRepository, TokenThreadCache, ThreadMatcher];
