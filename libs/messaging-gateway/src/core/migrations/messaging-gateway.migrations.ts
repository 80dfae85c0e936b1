import { MessagingGatewaySchema1763769600000 } from './1763769600000-messaging-gateway-schema.migration';
import { ThreadMappingThreadIndex1763856000000 } from './1763856000000-thread-mapping-thread-index.migration';
import { NothingLost1764800000000 } from './1764800000000-nothing-lost.migration';
import { InboundSenderAuth1764950000000 } from './1764950000000-inbound-sender-auth.migration';
import { AttachmentStorage1765000000000 } from './1765000000000-attachment-storage.migration';
import { EchoGuardOnInbound1765100000000 } from './1765100000000-echo-guard-on-inbound.migration';
import { RawMimeLz41765200000000 } from './1765200000000-raw-mime-lz4.migration';

/**
 * The gateway's TypeORM migrations, oldest first. A host lists them with its own:
 * `TypeOrmModule.forRoot({ …, migrations: [...messagingGatewayMigrations], migrationsRun: true })`,
 * or runs them with its migration CLI. New migrations are appended; each class's name ends with its
 * timestamp, as TypeORM orders and records them by it.
 * @publicApi
 */
export const messagingGatewayMigrations = [
  MessagingGatewaySchema1763769600000,
  ThreadMappingThreadIndex1763856000000,
  NothingLost1764800000000,
  InboundSenderAuth1764950000000,
  AttachmentStorage1765000000000,
  EchoGuardOnInbound1765100000000,
  RawMimeLz41765200000000,
];
