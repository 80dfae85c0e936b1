import { Inject, type Provider } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MessagingGatewayConfigError } from './errors/messaging-gateway-config.error';

/** The host's TypeORM DataSource, as the gateway's classes inject it. */
export const GATEWAY_DATA_SOURCE = 'MESSAGING_GATEWAY:DATA_SOURCE';
/** The host's EventEmitter2, as the gateway's classes inject it. */
export const GATEWAY_EVENTS = 'MESSAGING_GATEWAY:EVENTS';
/** Provided once the gateway's migrations are known to have run (`core/database/gateway-schema.check.ts`). */
export const GATEWAY_SCHEMA_READY = 'MESSAGING_GATEWAY:SCHEMA_READY';
/** Provided once the stored data keys open with the configured keys (`storage/encryption/encryption-keys.check.ts`). */
export const GATEWAY_ENCRYPTION_KEYS_READY = 'MESSAGING_GATEWAY:ENCRYPTION_KEYS_READY';

/**
 * What the gateway needs from its host, looked up optionally so that a missing one stops the
 * boot with one line naming the fix, rather than Nest's dependency-resolution trace.
 */
export const hostPrerequisitesProviders: Provider[] = [
  {
    provide: GATEWAY_DATA_SOURCE,
    useFactory: (dataSource?: DataSource): DataSource => {
      if (dataSource) return dataSource;
      throw new MessagingGatewayConfigError(
        'TypeOrmModule',
        'no TypeORM DataSource is registered, so the gateway cannot store email',
        "add TypeOrmModule.forRoot({ type: 'postgres', url, autoLoadEntities: true, migrations: [...messagingGatewayMigrations], migrationsRun: true }) to the imports of your AppModule",
      );
    },
    inject: [{ token: getDataSourceToken(), optional: true }],
  },
  {
    provide: GATEWAY_EVENTS,
    useFactory: (events?: EventEmitter2): EventEmitter2 => {
      if (events) return events;
      throw new MessagingGatewayConfigError(
        'EventEmitterModule',
        'no EventEmitter2 is registered, so gateway events cannot be emitted or consumed',
        'add EventEmitterModule.forRoot() to the imports of your AppModule',
      );
    },
    inject: [{ token: EventEmitter2, optional: true }],
  },
];

/**
 * Added to the `inject` of every provider that opens a connection (Redis, queues): they are then
 * built after the host's prerequisites and the boot checks (schema, encryption keys), so a boot that stops for a missing
 * one leaves no socket open behind it (Nest does not close what it built before a failed start).
 */
export const AFTER_HOST_PREREQUISITES = [
  GATEWAY_DATA_SOURCE,
  GATEWAY_EVENTS,
  GATEWAY_SCHEMA_READY,
  GATEWAY_ENCRYPTION_KEYS_READY,
];

/** Injects the host's TypeORM DataSource. */
export const InjectGatewayDataSource = (): ParameterDecorator => Inject(GATEWAY_DATA_SOURCE);
/** Injects the host's EventEmitter2. */
export const InjectGatewayEvents = (): ParameterDecorator => Inject(GATEWAY_EVENTS);
