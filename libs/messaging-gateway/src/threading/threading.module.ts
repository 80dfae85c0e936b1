import { CacheModule } from '@nestjs/cache-manager';
import { Module } from '@nestjs/common';
import { EmailThreadMapping } from './email-thread-mapping.entity';
import { ThreadMappingsRepository } from './thread-mappings.repository';
import { ThreadMatcher } from './thread.matcher';
import { TokenThreadCache } from './token-thread.cache';
import { registerGatewayEntities } from '../core/database/register-gateway-entities';

registerGatewayEntities([EmailThreadMapping]);

/**
 * Thread matching and the `email_thread_mappings` table. Internal: the inbound pipeline matches
 * with it and the outbox records its mappings through it. (`ReplyTokenService` is in the core
 * module, which hosts may inject from.)
 */
@Module({
  // The in-memory cache keeps reply-token → thread lookups off the database.
  imports: [CacheModule.register()],
  providers: [ThreadMappingsRepository, TokenThreadCache, ThreadMatcher],
  exports: [ThreadMappingsRepository, ThreadMatcher],
})
export class ThreadingModule {}
