import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';
import type { GatewayQueues } from './gateway-queues';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** bull-board over the gateway's queues; mounted behind the login by OperationsModule. */
export function createQueueDashboard(queues: GatewayQueues): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  // @bull-board/express 9.10.1 pins its own copy of @bull-board/api 9.10.1; the adapter contract is
  // the same, only TypeScript sees two declarations.
  createBullBoard({
    queues: queues.all.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
  });
  return serverAdapter.getRouter() as Router;
}
