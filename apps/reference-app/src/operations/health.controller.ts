import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { GatewayQueues } from './gateway-queues';

/** A health probe that does not answer within this time counts as down. */
const PROBE_TIMEOUT_MS = 2000;

/** Liveness: `{"status":"ok"}` when PostgreSQL and Redis answer, else 503 naming what failed. */
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: GatewayQueues,
  ) {}

  @Get()
  async check(@Res() res: Response): Promise<void> {
    const [postgres, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.queues.ping()),
    ]);
    const failing = [...(postgres ? [] : ['postgres']), ...(redis ? [] : ['redis'])];
    if (failing.length === 0) {
      res.status(HttpStatus.OK).json({ status: 'ok' });
    } else {
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json({ status: 'error', failing });
    }
  }
}

async function probe(run: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      run().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
