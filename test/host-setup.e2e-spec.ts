import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { ConsoleLogger, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import {
  INBOUND_QUEUE,
  InboundStore,
  MessagingGatewayModule,
  type MessagingGatewayOptions,
} from 'nestjs-messaging-gateway';
import { migrations } from '../migrations';
import { plainEmail } from './helpers/inbound-email-samples';
import { type MessagesApiStub, startMessagesApiStub } from './helpers/messages-api-stub';
import { freePort } from './helpers/smtp-peer';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';
import { testAppEnv } from './helpers/test-env';
import { createTestRedisNamespace, type TestRedisNamespace } from './helpers/test-redis';
import { waitFor } from './helpers/wait-for';

/** Keeps every line Nest logs, so a test can count them. */
class RecordingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  override log(message: unknown): void {
    this.lines.push(String(message));
  }
  override warn(message: unknown): void {
    this.lines.push(String(message));
  }
  override error(message: unknown): void {
    this.lines.push(String(message));
  }
}

/**
 * How the gateway meets the hosts that wire it wrong, and the one that already has BullMQ: each bad
 * setup stops the boot with one line naming the fix, and a host's `BullModule.forRoot` connection
 * carries the gateway's queues.
 */
describe('host setups', () => {
  let database: TestDatabase;
  let redis: TestRedisNamespace;
  let api: MessagesApiStub;
  let options: MessagingGatewayOptions;
  const apps: INestApplicationContext[] = [];

  beforeAll(async () => {
    [database, api] = await Promise.all([createTestDatabase(), startMessagesApiStub()]);
    redis = createTestRedisNamespace();
    const env = testAppEnv(database.url, redis.prefix, { EMAIL_OUTBOUND_ENABLED: 'false' });
    options = { env, messagesApi: { baseUrl: api.baseUrl, apiKey: api.apiKey } };
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await Promise.all([api?.close(), redis?.cleanup()]);
    await database?.drop();
  });

  const typeorm = (url = database.url, withMigrations = true): DynamicModule =>
    TypeOrmModule.forRoot({
      type: 'postgres',
      url,
      autoLoadEntities: true,
      ...(withMigrations ? { migrations, migrationsRun: true } : {}),
    });

  /** The error a boot ends with, checked to be one line naming the fix. */
  async function bootError(imports: DynamicModule[]): Promise<string> {
    const boot = async () => {
      const moduleRef = await Test.createTestingModule({ imports }).compile();
      apps.push(moduleRef);
      await moduleRef.init();
    };
    const error: Error = await boot().then(
      () => {
        throw new Error('the app booted');
      },
      (failure: Error) => failure,
    );
    expect(error.message).not.toContain('\n');
    expect((error as { code?: string }).code).toBe('EGW_CONFIG');
    return error.message;
  }

  it('stops a host without EventEmitterModule with one line', async () => {
    const message = await bootError([typeorm(), MessagingGatewayModule.forRoot(options)]);
    expect(message).toMatch(
      /^EventEmitterModule: .*add EventEmitterModule\.forRoot\(\) to the imports of your AppModule/,
    );
  });

  it('stops a host without TypeORM with one line', async () => {
    const message = await bootError([EventEmitterModule.forRoot(), MessagingGatewayModule.forRoot(options)]);
    expect(message).toMatch(/^TypeOrmModule: no TypeORM DataSource .*add TypeOrmModule\.forRoot\(/);
  });

  it("stops a host whose database lacks the gateway's tables with one line naming the migrations", async () => {
    const empty = await createTestDatabase();
    try {
      const message = await bootError([
        EventEmitterModule.forRoot(),
        typeorm(empty.url, false),
        MessagingGatewayModule.forRoot(options),
      ]);
      expect(message).toMatch(
        /^database: the gateway's tables are missing or behind: migrations MessagingGatewaySchema\d+, /,
      );
      expect(message).toMatch(/messagingGatewayMigrations\], migrationsRun: true/);
    } finally {
      for (const app of apps.splice(0)) await app.close().catch(() => undefined);
      await empty.drop();
    }
  });

  it('boots with Redis down, says so once, and still stores and delivers what it accepts', async () => {
    const logger = new RecordingLogger();
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    const moduleRef = await Test.createTestingModule({
      imports: [
        EventEmitterModule.forRoot(),
        typeorm(),
        MessagingGatewayModule.forRoot({
          ...options,
          env: { ...options.env, REDIS_URL: deadRedis, EMAIL_INBOUND_WORKER: 'false' },
        }),
      ],
    }).compile();
    moduleRef.useLogger(logger);
    const app = await moduleRef.init();
    apps.push(app);
    const started = Date.now();
    const { id, duplicate } = await app.get(InboundStore).accept({
      raw: plainEmail({ from: 'redis-down@example.org' }),
      source: 'webhook',
      provider: 'generic',
    });
    expect(duplicate).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
    // Stored before the answer, and processed in this process: Redis is only the safety net.
    await waitFor(async () => {
      const [row] = await app
        .get(DataSource)
        .query('SELECT status FROM messaging_gateway_inbound_emails WHERE id = $1', [id]);
      return row.status === 'delivered';
    }, 20_000);
    const said = logger.lines.filter((line) => /Redis at 127\.0\.0\.1:\d+ does not answer/.test(line));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/emails are accepted and stored, and queued once it is back \(check REDIS_URL\)/);
  });

  it("puts the gateway's queues on the host's BullModule.forRoot connection, under the gateway's prefix", async () => {
    const [host, port] = ['127.0.0.1', 6379];
    const moduleRef = await Test.createTestingModule({
      imports: [
        EventEmitterModule.forRoot(),
        typeorm(),
        BullModule.forRoot({ connection: { host, port, connectionName: 'host-bull' }, prefix: 'host-prefix' }),
        MessagingGatewayModule.forRoot({ ...options, inbound: { processInline: false } }),
      ],
    }).compile();
    const app = await moduleRef.init();
    apps.push(app);
    // What a host's bull-board or metrics do: find the queue by its token.
    const queue = app.get<Queue>(getQueueToken(INBOUND_QUEUE), { strict: false });
    expect(queue.opts.connection).toMatchObject({ host, port, connectionName: 'host-bull' });
    expect(queue.opts.prefix).toBe(redis.prefix);

    const { id } = await app
      .get(InboundStore)
      .accept({ raw: plainEmail({ from: 'shared@example.org' }), source: 'webhook', provider: 'generic' });
    await waitFor(async () => {
      const [row] = await app
        .get(DataSource)
        .query('SELECT status FROM messaging_gateway_inbound_emails WHERE id = $1', [id]);
      return row.status === 'delivered';
    }, 20_000);
    expect(await queue.getJobCounts('completed')).toMatchObject({ completed: 1 });
  });
});
