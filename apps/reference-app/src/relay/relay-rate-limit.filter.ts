import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { RELAY_REQUEST_REFUSED, type RelayRefusalReason } from './relay-refusal';

/** A client over RELAY_RATE_LIMIT_PER_MINUTE: 429 in the relay's JSON shape (Retry-After set by the guard), counted. */
@Injectable()
@Catch(ThrottlerException)
export class RelayRateLimitFilter implements ExceptionFilter {
  constructor(private readonly events: EventEmitter2) {}

  catch(_exception: ThrottlerException, host: ArgumentsHost): void {
    const reason: RelayRefusalReason = 'rate_limited';
    this.events.emit(RELAY_REQUEST_REFUSED, { reason });
    host.switchToHttp().getResponse<Response>().status(429).json({ error: 'rate limited' });
  }
}
