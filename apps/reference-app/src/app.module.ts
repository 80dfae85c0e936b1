import { type DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingGatewayModule } from 'nestjs-messaging-gateway';
import { migrations } from '../../../migrations';
import type { AppConfig } from './config/app-config';
import { HealthController } from './health/health.controller';

/**
 * The copy-paste example of a host: TypeORM with auto-loaded entities, the event emitter, and
 * the gateway configured from the environment (DESIGN.md section 5).
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EventEmitterModule.forRoot(),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.databaseUrl,
          autoLoadEntities: true,
          migrations,
          migrationsRun: config.migrationsRun,
          migrationsTransactionMode: 'each',
        }),
        MessagingGatewayModule.forRoot({ env: config.env }),
      ],
      controllers: [HealthController],
    };
  }
}
