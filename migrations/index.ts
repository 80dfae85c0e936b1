import { MessagingGatewaySchema1763769600000 } from './1763769600000-messaging-gateway-schema';
import { ThreadMappingThreadIndex1763856000000 } from './1763856000000-thread-mapping-thread-index';
import { ReferenceAppSchema1763942400000 } from './1763942400000-reference-app-schema';

/**
 * Every migration, in order. New migrations are appended here; TypeORM runs the ones not yet
 * recorded in the `migrations` table.
 */
export const migrations = [
  MessagingGatewaySchema1763769600000,
  ThreadMappingThreadIndex1763856000000,
  ReferenceAppSchema1763942400000,
];
