import { BlockList, isIP } from 'node:net';
import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { MessagingGatewayError } from 'nestjs-messaging-gateway';
import { AppConfig } from '../config/app-config';
import { RelayDeliveryLog } from './relay-delivery-log';
import { parseRelayRequest } from './relay-request';
import { verifyRelaySignature } from './relay-signature';
import { RelayService } from './relay.service';

export const RELAY_PATH = '/webhook/outbound-email';

/**
 * The transactional relay (MAIL_API contract): another service posts a verification or reset
 * email as signed JSON; it is rendered and queued like any outbound email. The body arrives
 * raw (see bootstrap) so the signature is checked on the exact bytes before JSON parsing.
 */
@Controller()
export class RelayController {
  private readonly allowlist: BlockList | null;

  constructor(
    private readonly config: AppConfig,
    private readonly relay: RelayService,
    private readonly log: RelayDeliveryLog,
  ) {
    this.allowlist = buildAllowlist(config.relay.ipAllowlist);
  }

  @Post(RELAY_PATH)
  @HttpCode(200)
  async receive(@Req() req: Request, @Res() res: Response): Promise<void> {
    const ip = clientIp(req);
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
    const { secret, allowUnsigned } = this.config.relay;
    if (this.allowlist && !(ip && this.allowlist.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4'))) {
      return answer(403, { error: 'forbidden' });
    }
    if (!secret && !allowUnsigned) return answer(503, { error: 'webhook secret not configured' });
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (secret) {
      const signature = req.header('x-translife-signature');
      if (!signature) return answer(401, { error: 'missing signature' });
      if (!verifyRelaySignature(secret, raw, signature, req.header('x-translife-timestamp'))) {
        return answer(401, { error: 'invalid signature' });
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
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

/** Exact addresses and CIDR ranges (`10.0.0.0/8`, `::1`); empty means everyone. */
function buildAllowlist(entries: string[]): BlockList | null {
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address)) throw new Error(`RELAY_IP_ALLOWLIST: "${entry}" is not an IP address or CIDR range.`);
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}
