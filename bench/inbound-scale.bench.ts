import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { InboundStore } from 'nestjs-messaging-gateway';
import { DataSource } from 'typeorm';
import { gatewayHostImports } from '../test/helpers/gateway-imports';
import { inboundBenchEnvironment } from './inbound-bench-environment';
import { benchEmails } from './inbound-sample-emails';
import { forkUntilReady, stopChild } from './bench-child';

/** Emails per phase (`BENCH_INBOUND_MESSAGES`). */
const MESSAGES = Number(process.env.BENCH_INBOUND_MESSAGES ?? 300);
const WORKER = join(__dirname, 'inbound-scale.worker.js');
const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/**
 * The inbound pipeline with 1, then 2 worker processes on the same PostgreSQL, Redis and Messages
 * API stub: this process only accepts (store + enqueue, no processing), the children process.
 * Each phase starts its workers, accepts its own emails and times until all are delivered. On 2
 * cores the speedup says whether the pipeline is CPU-bound (about 1) or waits on I/O (towards 2),
 * and that a second process adds throughput rather than contention.
 */
export async function inboundScaleBench(): Promise<Record<string, number>> {
  const { database, env, close: closeEnvironment } = await inboundBenchEnvironment();
  @Module({
    imports: gatewayHostImports(database.url, { env, inbound: { processInline: false, runWorker: false } }),
  })
  class ScaleProducerModule {}
  const app = await NestFactory.createApplicationContext(ScaleProducerModule, { logger: false });
  const children: ChildProcess[] = [];
  try {
    const store = app.get(InboundStore);
    const dataSource = app.get(DataSource);
    const emails = benchEmails(MESSAGES * 2, 'scale');
    const delivered = async (): Promise<number> =>
      (
        await dataSource.query(
          `SELECT count(*)::int AS n FROM messaging_gateway_inbound_emails WHERE status = 'delivered'`,
        )
      )[0].n;

    const phase = async (processes: number, batch: Buffer[]): Promise<number> => {
      const started = await Promise.all(
        Array.from({ length: processes }, async () => (await forkUntilReady(WORKER, { ...process.env, ...env })).child),
      );
      children.push(...started);
      const target = (await delivered()) + batch.length;
      const began = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < batch.length)
            await store.accept({ raw: batch[next++], source: 'webhook', provider: 'generic' });
        }),
      );
      const deadline = Date.now() + 300_000;
      while ((await delivered()) < target) {
        if (Date.now() > deadline) throw new Error(`inbound scale: not all ${batch.length} emails delivered in time`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const perSec = batch.length / ((performance.now() - began) / 1000);
      await Promise.all(started.map(stopChild));
      return perSec;
    };

    const oneProcessPerSec = await phase(1, emails.slice(0, MESSAGES));
    const twoProcessesPerSec = await phase(2, emails.slice(MESSAGES));
    return {
      oneProcessPerSec: round(oneProcessPerSec),
      twoProcessesPerSec: round(twoProcessesPerSec),
      speedup: round(twoProcessesPerSec / oneProcessPerSec, 2),
    };
  } finally {
    await Promise.all(children.map(stopChild));
    await app.close();
    await closeEnvironment();
  }
}
