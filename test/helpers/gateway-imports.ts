import type { DynamicModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingGatewayModule, type MessagingGatewayOptions } from 'nestjs-messaging-gateway';
import { migrations } from '../../migrations';

/** The imports of a minimal host: events, TypeORM on `databaseUrl` (migrated), and the gateway. */
export function gatewayHostImports(databaseUrl: string, options: MessagingGatewayOptions): DynamicModule[] {
  return [
    EventEmitterModule.forRoot(),
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: databaseUrl,
      autoLoadEntities: true,
      migrations,
      migrationsRun: true,
    }),
    MessagingGatewayModule.forRoot(options),
  ];
}
