/*
 * Webhook acceptance: signed generic raw-MIME deliveries over real HTTP against a minimal host
 * (TypeORM on a throwaway database, the gateway with inbound.processInline false), so the figure
 * is verify + durable insert + enqueue + 200, not processing. 1,000 distinct emails with 20 in
 * flight, then 1,000 with 8 (issue 15's measure); p99 is the acknowledgement latency seen by the
 * sender.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { signGenericWebhook } from 'nestjs-messaging-gateway';
import { gatewayHostImports } from '../test/helpers/gateway-imports';
import { createTestDatabase } from '../test/helpers/test-database';
import { testAppEnv } from '../test/helpers/test-env';
import { createTestRedisNamespace } from '../test/helpers/test-redis';
import { ioCounters, perEmail, printIoDetail, resetIoDetail } from './io-counters';

const REQUESTS = 1000;
const CONCURRENCY = 20;
/** A provider delivering a burst with fewer connections: the latency without the queueing of 20. */
const FEW_CLIENTS = 8;
const WARMUP = 50;

@Module({})
class WebhookBenchModule {
  static forRoot(databaseUrl: string, env: NodeJS.ProcessEnv, secret: string): DynamicModule {
    return {
      module: WebhookBenchModule,
      imports: gatewayHostImports(databaseUrl, {
        env,
        // Accept only: no processing here (nor a worker retrying against the unreachable Messages API).
        inbound: { processInline: false, runWorker: false },
        webhook: { secret, rateLimitPerMinute: 10_000_000 },
      }),
    };
  }
}

const email = (): Buffer =>
  Buffer.from(
    `From: Ann <ann@example.com>\r\nTo: support@bench.example\r\nSubject: Bench\r\nMessage-ID: <${randomUUID()}@example.com>\r\n` +
      `Date: Sat, 01 Nov 2025 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${'Hello from the bench. '.repeat(40)}\r\n`,
  );

export async function webhookBench(): Promise<Record<string, number>> {
  const io = ioCounters();
  const database = await createTestDatabase();
  const redis = createTestRedisNamespace();
  const secret = randomBytes(32).toString('hex');
  const env = testAppEnv(database.url, redis.prefix, {
    EMAIL_OUTBOUND_ENABLED: 'false',
    MESSAGES_API_BASE_URL: 'http://127.0.0.1:9/api/v1/messages',
  });
  const app = await NestFactory.create(WebhookBenchModule.forRoot(database.url, env, secret), {
    rawBody: true,
    logger: false,
  });
  try {
    await app.listen(0, '127.0.0.1');
    const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/gateway/inbound/generic`;
    const send = async (): Promise<number> => {
      const body = email();
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'message/rfc822', ...signGenericWebhook(secret, body) },
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`webhook bench: HTTP ${response.status}`);
      return performance.now() - started;
    };
    const run = async (count: number, clients = CONCURRENCY): Promise<number[]> => {
      const latencies: number[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next++ < count) latencies.push(await send());
      };
      await Promise.all(Array.from({ length: clients }, worker));
      return latencies;
    };
    const p99 = (latencies: number[]): number =>
      Math.round(latencies[Math.ceil(latencies.length * 0.99) - 1] * 10) / 10;
    await run(WARMUP);
    resetIoDetail();
    const before = io.snapshot();
    const started = performance.now();
    const latencies = (await run(REQUESTS)).sort((a, b) => a - b);
    const seconds = (performance.now() - started) / 1000;
    // Per request: verify, store and enqueue (no processing in this section).
    const cost = perEmail(before, io.snapshot(), REQUESTS);
    printIoDetail('webhook', REQUESTS);
    const fewStarted = performance.now();
    const fewLatencies = (await run(REQUESTS, FEW_CLIENTS)).sort((a, b) => a - b);
    const fewSeconds = (performance.now() - fewStarted) / 1000;
    return {
      perSec: Math.round(REQUESTS / seconds),
      p99Ms: p99(latencies),
      perSec8Clients: Math.round(REQUESTS / fewSeconds),
      p99Ms8Clients: p99(fewLatencies),
      pgPerRequest: cost.pgPerEmail,
      redisPerRequest: cost.redisPerEmail,
      cpuMsPerRequest: cost.cpuMsPerEmail,
      machineCpuMsPerRequest: cost.machineCpuMsPerEmail,
    };
  } finally {
    await app.close();
    await database.drop();
    await redis.cleanup();
  }
}
