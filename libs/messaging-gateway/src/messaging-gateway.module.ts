import { PreparedStatements } from './core/database/prepared-statements';
import {
  type ConfigurableModuleAsyncOptions,
  ConfigurableModuleBuilder,
  type DynamicModule,
  Inject,
  Module,
  type OnModuleInit,
} from '@nestjs/common';
import { MessagingGatewayConfigError } from './core/errors/messaging-gateway-config.error';
import { gatewaySchemaCheckProvider } from './core/database/gateway-schema.check';
import { GatewayCoreModule } from './core/gateway-core.module';
import {
  GATEWAY_DATA_SOURCE,
  GATEWAY_EVENTS,
  GATEWAY_ENCRYPTION_KEYS_READY,
  GATEWAY_SCHEMA_READY,
  hostPrerequisitesProviders,
} from './core/host-prerequisites.providers';
import { MESSAGING_GATEWAY_RAW_OPTIONS, MESSAGING_GATEWAY_REDIS } from './core/gateway.constants';
import type { InboundMode } from './core/options/groups/inbound.options';
import {
  InjectGatewayOptions,
  gatewayOptionsProviders,
  gatewayOptionsTokens,
} from './core/options/gateway-options.providers';
import type { GatewaySettings } from './core/options/gateway-options.schema';
import { gatewayRedisProvider } from './core/redis/gateway-redis.provider';
import { InboundModule } from './inbound/inbound.module';
import { ImapIngressModule } from './ingress/imap/imap-ingress.module';
import { WebhookIngressModule } from './ingress/webhook/webhook-ingress.module';
import type { MessagingGatewayOptions } from './messaging-gateway.options';
import { OutboundModule } from './outbound/outbound.module';
import { StorageModule } from './storage/storage.module';
import { encryptionKeysCheckProvider } from './storage/encryption/encryption-keys.check';
import { ReplyTokenService } from './threading/reply-token/reply-token.service';
import { replyTokenServiceProvider } from './threading/reply-token/reply-token.provider';

/** The inbound mode the feature modules were composed for (checked against the resolved options at boot). */
const COMPOSED_INBOUND_MODE = 'MESSAGING_GATEWAY:COMPOSED_INBOUND_MODE';

/** Extras of `forRoot`/`forRootAsync`, beside the options themselves. */
interface GatewayModuleExtras {
  /** Register the gateway's services globally, so host modules inject them without importing it. @default true */
  isGlobal: boolean;
  /**
   * `forRootAsync` only: which ingress modules to build (`webhook`, `imap` or `both`), since the
   * options factory runs after modules are composed. @default EMAIL_INBOUND_MODE, else 'webhook'
   */
  inboundMode?: InboundMode;
}

/** The mode known when `forRoot`/`forRootAsync` is called: explicit, else the environment, else webhook. */
function composedMode(definition: DynamicModule, extras: GatewayModuleExtras): string {
  if (extras.inboundMode) return extras.inboundMode;
  const given = definition.providers?.find(
    (provider) =>
      typeof provider === 'object' && 'provide' in provider && provider.provide === MESSAGING_GATEWAY_RAW_OPTIONS,
  );
  const options = given && 'useValue' in given ? (given.useValue as MessagingGatewayOptions) : undefined;
  const env = options?.env ?? process.env;
  return options?.inbound?.mode ?? (env.EMAIL_INBOUND_MODE?.trim() || 'webhook');
}

/**
 * Composes the gateway from its feature modules: the global core (options, Redis, reply tokens),
 * inbound processing, outbound, and the ingress modules the mode asks for. A webhook-only host
 * builds no IMAP provider, and an IMAP-only host registers no webhook route.
 */
function composeGateway(definition: DynamicModule, extras: GatewayModuleExtras): DynamicModule {
  const mode = composedMode(definition, extras);
  const webhook = mode !== 'imap';
  const imap = mode !== 'webhook';
  const core: DynamicModule = {
    module: GatewayCoreModule,
    global: true,
    imports: definition.imports ?? [],
    providers: [
      ...(definition.providers ?? []),
      ...hostPrerequisitesProviders,
      gatewaySchemaCheckProvider,
      encryptionKeysCheckProvider,
      ...gatewayOptionsProviders,
      gatewayRedisProvider,
      replyTokenServiceProvider,
      PreparedStatements,
    ],
    exports: [
      ...gatewayOptionsTokens,
      GATEWAY_DATA_SOURCE,
      GATEWAY_EVENTS,
      GATEWAY_SCHEMA_READY,
      GATEWAY_ENCRYPTION_KEYS_READY,
      MESSAGING_GATEWAY_REDIS,
      ReplyTokenService,
      PreparedStatements,
    ],
  };
  return {
    module: definition.module,
    global: extras.isGlobal,
    imports: [
      core,
      InboundModule,
      OutboundModule,
      StorageModule,
      ...(webhook ? [WebhookIngressModule] : []),
      ...(imap ? [ImapIngressModule] : []),
    ],
    providers: [{ provide: COMPOSED_INBOUND_MODE, useValue: mode }],
    exports: [InboundModule, OutboundModule, StorageModule, ...(imap ? [ImapIngressModule] : [])],
  };
}

const { ConfigurableModuleClass } = new ConfigurableModuleBuilder<MessagingGatewayOptions>({
  optionsInjectionToken: MESSAGING_GATEWAY_RAW_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMessagingGatewayOptions')
  .setExtras<GatewayModuleExtras>({ isGlobal: true, inboundMode: undefined }, composeGateway)
  .build();

/** What `forRootAsync` accepts: `useFactory` / `useClass` / `useExisting`, `inject`, `imports`, and the extras. @publicApi */
export type MessagingGatewayAsyncOptions = ConfigurableModuleAsyncOptions<
  MessagingGatewayOptions,
  'createMessagingGatewayOptions'
> &
  Partial<GatewayModuleExtras>;

/**
 * Reply-by-email for NestJS. The host provides TypeORM (`TypeOrmModule.forRoot` with
 * `autoLoadEntities: true`, or `messagingGatewayEntities` listed) and
 * `EventEmitterModule.forRoot()`; everything else is configured by options or environment.
 *
 * ```ts
 * MessagingGatewayModule.forRoot({ emailQueueService: EmailQueueService })
 * ```
 * @publicApi
 */
@Module({})
export class MessagingGatewayModule extends ConfigurableModuleClass implements OnModuleInit {
  /** @internal Nest injects it. */
  constructor(
    @InjectGatewayOptions('inbound') private readonly inbound: GatewaySettings<'inbound'>,
    @Inject(COMPOSED_INBOUND_MODE) private readonly composedMode: string,
  ) {
    super();
  }

  onModuleInit(): void {
    if (this.inbound.mode !== this.composedMode) {
      throw new MessagingGatewayConfigError(
        'EMAIL_INBOUND_MODE (inbound.mode)',
        `the options resolved to "${this.inbound.mode}" but the module was built for "${this.composedMode}" ` +
          '(forRootAsync cannot see what its factory returns)',
        `pass inboundMode: '${this.inbound.mode}' to forRootAsync, or set EMAIL_INBOUND_MODE before the app module loads`,
      );
    }
  }
}
