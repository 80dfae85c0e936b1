import { type DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingGatewayModule } from 'nestjs-messaging-gateway';
import { migrations } from '../../../migrations';
import { AuthModule } from './auth/auth.module';
import { AppRedisModule } from './common/app-redis';
import type { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { DevMailModule } from './dev-mail/dev-mail.module';
import type { RunningCapture } from './dev-mail/dev-mail-capture.server';
import type { DevMailbox } from './dev-mail/dev-mailbox';
import { InboxModule } from './inbox/inbox.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { MessagesApiModule } from './messages-api/messages-api.module';
import { OperationsModule } from './operations/operations.module';
import { RelayModule } from './relay/relay.module';
import { ThrottlesModule } from './throttles/throttles.module';
import { WebModule } from './web/web.module';

/**
 * The copy-paste example of a host: TypeORM with auto-loaded entities, the event emitter, the
 * gateway configured from the environment (.env.example lists every variable), and the app's own features,
 * one folder each.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, devMailbox: DevMailbox, capture?: RunningCapture): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
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
        AppRedisModule,
        ThrottlesModule,
        MessagesApiModule,
        WebModule,
        AuthModule,
        InboxModule,
        AttachmentsModule,
        DevMailModule.forRoot(devMailbox, capture),
        OperationsModule,
        RelayModule,
      ],
    };
  }
}
