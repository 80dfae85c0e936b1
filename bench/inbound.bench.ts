import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { GatewayEvents, InboundStore } from 'nestjs-messaging-gateway';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { gatewayHostImports } from '../test/helpers/gateway-imports';
import { inboundBenchEnvironment } from './inbound-bench-environment';
import { benchEmails } from './inbound-sample-emails';
import { addSpent, ioCounters, nothingSpent, perEmail, printIoDetail, resetIoDetail } from './io-counters';

const MESSAGES = 300;
const WARM_UP = 30;
/**
 * The measured emails go through in rounds, each followed by bare parsing of the same emails: on
 * a shared machine whose speed drifts (other tenants, CPU frequency), both sides of the ratio then
 * see the same conditions.
 */
const ROUNDS = 3;
/** Webhook requests in flight at once, as a provider delivering a burst would send them. */
const CLIENTS = 8;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/**
 * Inbound emails per second end to end (accept → delivered: Postgres, Redis, parse, classify,
 * extract, match, HTTP Messages API stub in its own process), against bare
 * `mailparser.simpleParser` on the same messages in the same run (ROUNDS, interleaved); p50/p99 of
 * `InboundStore.accept` (what a webhook waits for); PostgreSQL statements, Redis commands and CPU
 * time (this process, the whole machine) per email over the measured rounds.
 */
export async function inboundBench(): Promise<Record<string, number>> {
  const io = ioCounters();
  const emails = benchEmails(MESSAGES + WARM_UP);
  const { database, env, close: closeEnvironment } = await inboundBenchEnvironment();
  @Module({
    imports: gatewayHostImports(database.url, { env }),
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  try {
    const store = app.get(InboundStore);
    const dataSource = app.get(DataSource);
    // Completion is counted from `email.processed` (emitted after each final commit): no polling load.
    let finished = 0;
    let onFinished = (): void => undefined;
    app.get(EventEmitter2).on(GatewayEvents.EMAIL_PROCESSED, () => {
      finished++;
      onFinished();
    });
    const run = async (batch: Buffer[]): Promise<{ seconds: number; latencies: number[] }> => {
      const target = finished + batch.length;
      const done = new Promise<void>((resolve) => {
        onFinished = () => finished >= target && resolve();
      });
      const latencies: number[] = [];
      const started = process.hrtime.bigint();
      let next = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < batch.length) {
            const raw = batch[next++];
            const t0 = process.hrtime.bigint();
            await store.accept({ raw, source: 'webhook', provider: 'generic' });
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          }
        }),
      );
      await done;
      return { seconds: Number(process.hrtime.bigint() - started) / 1e9, latencies };
    };
    await run(emails.slice(0, WARM_UP));
    const measured = emails.slice(WARM_UP);
    resetIoDetail();
    const spent = nothingSpent();
    const latencies: number[] = [];
    let seconds = 0;
    let bareSeconds = 0;
    const perRound = Math.ceil(measured.length / ROUNDS);
    for (let start = 0; start < measured.length; start += perRound) {
      const batch = measured.slice(start, start + perRound);
      const before = io.snapshot();
      const gateway = await run(batch);
      addSpent(spent, before, io.snapshot());
      seconds += gateway.seconds;
      latencies.push(...gateway.latencies);
      const bareStarted = process.hrtime.bigint();
      for (const raw of batch) await simpleParser(raw);
      bareSeconds += Number(process.hrtime.bigint() - bareStarted) / 1e9;
    }
    const cost = perEmail(nothingSpent(), spent, measured.length);
    printIoDetail('inbound', measured.length);
    const [{ delivered }] = await dataSource.query(
      `SELECT count(*)::int AS delivered FROM messaging_gateway_inbound_emails WHERE status = 'delivered'`,
    );
    if (delivered !== emails.length) throw new Error(`only ${delivered} of ${emails.length} emails were delivered`);

    latencies.sort((a, b) => a - b);
    const perSec = measured.length / seconds;
    const barePerSec = measured.length / bareSeconds;
    return {
      perSec: round(perSec, 1),
      barePerSec: round(barePerSec, 1),
      ratio: round(perSec / barePerSec, 3),
      p50Ms: round(percentile(latencies, 0.5)),
      p99Ms: round(percentile(latencies, 0.99)),
      ...cost,
    };
  } finally {
    await app.close();
    await closeEnvironment();
  }
}
