import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { MetricsService } from './metrics.service';
import { OperationsAccessGuard } from './operations-access.guard';

/** Prometheus scrape endpoint (text exposition format), for admins and OPERATIONS_TOKEN holders. */
@Controller('metrics')
@UseGuards(OperationsAccessGuard)
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  async scrape(@Res() res: Response): Promise<void> {
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
