import { Controller, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Request, Response } from 'express';
import { MessagingGatewayError } from 'nestjs-messaging-gateway';
import { ThrottledBy } from '../throttles/throttled-by.decorator';
import { Throttles } from '../throttles/throttle-names';
import { RelayAuthenticator } from './relay-authenticator';
import { RelayDeliveryLog } from './relay-delivery-log';
import { RelayRateLimitFilter } from './relay-rate-limit.filter';
import { RELAY_REQUEST_REFUSED } from './relay-refusal';
import { parseRelayRequest } from './relay-request';
import { RelayService } from './relay.service';

export const RELAY_PATH = '/webhook/outbound-email';

/**
 * The transactional relay (MAIL_API contract): another service posts a verification or reset
 * email as signed JSON; it is rendered and queued like any outbound email. The body arrives
 * raw (see bootstrap) so the signature is checked on the exact bytes before JSON parsing.
 * Requests are rate-limited per client IP before anything else; refusals before authentication
 * are counted, not logged, and only authenticated requests reach the delivery log.
 */
@Controller()
export class RelayController {
  constructor(
    private readonly authenticator: RelayAuthenticator,
    private readonly relay: RelayService,
    private readonly log: RelayDeliveryLog,
    private readonly events: EventEmitter2,
  ) {}

  @Post(RELAY_PATH)
  @HttpCode(200)
  @ThrottledBy(Throttles.RELAY_IP)
  @UseFilters(RelayRateLimitFilter)
  async receive(@Req() req: Request, @Res() res: Response): Promise<void> {
    const ip = clientIp(req);
    const refusal = this.authenticator.check(req, ip);
    if (refusal) {
      this.events.emit(RELAY_REQUEST_REFUSED, { reason: refusal.reason });
      // A refused body may be partly unread: do not keep the connection for the next request.
      if (refusal.status === 413) res.setHeader('Connection', 'close');
      res.status(refusal.status).json({ error: refusal.error });
      return;
    }
    const answer = async (status: number, body: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      await this.log.append({
        at: new Date().toISOString(),
        status,
        outcome: (body.error as string) ?? 'queued',
        ip,
        ...extra,
      });
      res.status(status).json(body);
    };
    let json: unknown;
    try {
      json = JSON.parse((req.body as Buffer).toString('utf8'));
    } catch {
      return answer(400, { error: 'invalid json' });
    }
    const request = parseRelayRequest(json);
    if ('error' in request) return answer(400, { error: request.error });
    const described = { type: request.type, to: request.to, subject: request.subject };
    const sender = this.relay.checkSender(request);
    if (!sender.ok) return answer(sender.status, { error: sender.error }, described);
    try {
      const { queuedId, queuedAt } = await this.relay.queue(request, sender.localPart);
      await answer(
        200,
        { ok: true, to: request.to, subject: request.subject, queued_id: queuedId, queued_at: queuedAt },
        { ...described, queuedId },
      );
    } catch (error) {
      if (!(error instanceof MessagingGatewayError)) throw error;
      await answer(error.transient ? 503 : 400, { error: error.message }, described);
    }
  }
}

function clientIp(req: Request): string | undefined {
  return req.socket.remoteAddress?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}
