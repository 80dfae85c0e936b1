import { InboundInlineRunner } from 'nestjs-messaging-gateway/inbound/inbound-inline.runner';
import { InboundQueue } from 'nestjs-messaging-gateway/inbound/inbound.queue';
import { plainEmail } from './helpers/inbound-email-samples';
import { type RunningGateway, startGateway } from './helpers/start-gateway';

/**
 * A burst larger than the inline slots: the surplus waits in memory (no queue job, no read-back)
 * up to `inbound.inlineBacklog`, and only what is past it is enqueued. No worker runs here, so a
 * queue job is visible and never processed: what got one is exactly what inline did not take.
 */
describe('inline processing backlog (real PostgreSQL, Redis and HTTP Messages API)', () => {
  let gw: RunningGateway;
  const burst = async (count: number, tag: string): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const raw = plainEmail({ from: `${tag}${i}@example.org`, subject: `Burst ${tag} ${i}` });
      ids.push((await gw.store.accept({ raw, source: 'webhook', provider: 'generic' })).id);
    }
    return ids;
  };
  const jobOf = (id: string) => gw.app.get(InboundQueue).queue.getJob(id);

  beforeEach(async () => {
    gw = await startGateway({ inbound: { concurrency: 1, inlineBacklog: 2, runWorker: false } });
    // The one slot stays busy while the burst arrives.
    gw.api.setLatency(700);
  });
  afterEach(() => gw.stop());

  it('processes the emails that wait for a slot inline, one by one, and enqueues only those past the backlog', async () => {
    const ids = await burst(5, 'wait');
    const runner = gw.app.get(InboundInlineRunner);
    expect(runner.waiting).toBe(2);
    // Past the backlog: a job each, the row pending for any replica's worker.
    expect(await jobOf(ids[3])).toBeDefined();
    expect(await jobOf(ids[4])).toBeDefined();
    await runner.drain();
    for (const id of ids.slice(0, 3)) {
      expect(await gw.statusOf(id)).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(await jobOf(id)).toBeUndefined();
    }
    for (const id of ids.slice(3)) expect(await gw.statusOf(id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(gw.api.messages.filter((m) => ids.includes(m.metadata.inboundEmailId as string))).toHaveLength(3);
    expect(runner.waiting).toBe(0);
  });

  it('hands the waiting emails to the queue when the process shuts down, and finishes the one in progress', async () => {
    const ids = await burst(3, 'shutdown');
    const runner = gw.app.get(InboundInlineRunner);
    expect(runner.waiting).toBe(2);
    await runner.onModuleDestroy();
    expect(runner.waiting).toBe(0);
    expect(await jobOf(ids[1])).toBeDefined();
    expect(await jobOf(ids[2])).toBeDefined();
    // Accepted while shutting down: straight to the queue.
    const [late] = await burst(1, 'late');
    expect(await jobOf(late)).toBeDefined();
    await runner.drain();
    expect(await gw.statusOf(ids[0])).toMatchObject({ status: 'delivered', attempts: 1 });
    for (const id of [ids[1], ids[2], late]) expect(await gw.statusOf(id)).toMatchObject({ status: 'pending' });
  });
});
