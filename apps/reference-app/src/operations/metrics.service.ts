import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { QueueEvents } from 'bullmq';
import { GatewayEvents } from 'nestjs-messaging-gateway';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RELAY_REQUEST_REFUSED, type RelayRefusalReason } from '../relay/relay-refusal';
import { GatewayQueues } from './gateway-queues';

/**
 * Prometheus metrics of the gateway, from its events (one registry per app, so several apps in
 * one process, as in tests, never collide).
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnApplicationShutdown {
  readonly registry = new Registry();
  private readonly processed = new Counter({
    name: 'emails_processed_total',
    help: 'Emails that reached a final status, by direction (inbound, outbound) and status',
    labelNames: ['direction', 'status'],
    registers: [this.registry],
  });
  readonly webhookDuration = new Histogram({
    name: 'webhook_processing_duration_seconds',
    help: 'Time to answer POST /gateway/inbound, by HTTP status',
    labelNames: ['status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly jobs = new Counter({
    name: 'queue_jobs_total',
    help: 'BullMQ job outcomes, by queue and outcome (completed, failed)',
    labelNames: ['queue', 'outcome'],
    registers: [this.registry],
  });
  private readonly relayRefused = new Counter({
    name: 'relay_requests_refused_total',
    help: 'Relay requests refused before authentication (never written to the delivery log), by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly queueEvents: QueueEvents[] = [];

  constructor(private readonly queues: GatewayQueues) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'queue_depth',
      help: 'Jobs in each gateway queue, by state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      collect: async function (this: Gauge) {
        const depths = await queues.depths().catch(() => ({}));
        for (const [queue, counts] of Object.entries(depths)) {
          for (const [state, value] of Object.entries(counts)) this.set({ queue, state }, value);
        }
      },
    });
  }

  onModuleInit(): void {
    for (const queue of this.queues.all) {
      // The queue's own Redis settings: the gateway's, or the host's BullModule.forRoot connection.
      const events = new QueueEvents(queue.name, { connection: queue.opts.connection, prefix: queue.opts.prefix });
      const label = this.queues.labels.get(queue);
      events.on('completed', () => this.jobs.inc({ queue: label, outcome: 'completed' }));
      events.on('failed', () => this.jobs.inc({ queue: label, outcome: 'failed' }));
      events.on('error', () => undefined); // Redis outages are reported by /health
      this.queueEvents.push(events);
    }
  }

  @OnEvent(GatewayEvents.EMAIL_PROCESSED)
  onProcessed(event: { status?: string }): void {
    this.processed.inc({ direction: 'inbound', status: event?.status ?? 'unknown' });
  }

  @OnEvent(GatewayEvents.EMAIL_OUTBOUND_SENT)
  onSent(): void {
    this.processed.inc({ direction: 'outbound', status: 'sent' });
  }

  @OnEvent(GatewayEvents.EMAIL_OUTBOUND_FAILED)
  onFailed(): void {
    this.processed.inc({ direction: 'outbound', status: 'failed' });
  }

  @OnEvent(RELAY_REQUEST_REFUSED)
  onRelayRefused(event: { reason: RelayRefusalReason }): void {
    this.relayRefused.inc({ reason: event.reason });
  }

  @OnEvent(GatewayEvents.EMAIL_BOUNCED)
  onBounced(): void {
    this.processed.inc({ direction: 'outbound', status: 'bounced' });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queueEvents.map((events) => events.close()));
  }
}
