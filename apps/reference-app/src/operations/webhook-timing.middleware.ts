import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Times every `POST /gateway/inbound` from arrival to the last byte of the answer. */
@Injectable()
export class WebhookTimingMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(_req: Request, res: Response, next: NextFunction): void {
    const stop = this.metrics.webhookDuration.startTimer();
    res.once('finish', () => stop({ status: String(res.statusCode) }));
    next();
  }
}
