import { BlockList, isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { relayBodyError } from './relay-raw-body';
import type { RelayRefusal } from './relay-refusal';
import { verifyRelaySignature } from './relay-signature';

/**
 * Who may use the relay, checked cheapest and safest first: the IP allowlist (403), a readable
 * body (413/400), a configured secret (503), then the signature (401). With a timestamp required
 * (RELAY_REQUIRE_TIMESTAMP, the default) a signature without X-TransLife-Timestamp is refused: an
 * HMAC over the body alone never expires, so a captured request could be replayed for ever.
 */
@Injectable()
export class RelayAuthenticator {
  private readonly allowlist: BlockList | null;

  constructor(private readonly config: AppConfig) {
    this.allowlist = buildAllowlist(config.relay.ipAllowlist);
  }

  /** The refusal, or null when the request may be processed. */
  check(req: Request, ip: string | undefined): RelayRefusal | null {
    const { secret, allowUnsigned, requireTimestamp } = this.config.relay;
    if (this.allowlist && !(ip && this.allowlist.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4'))) {
      return { status: 403, error: 'forbidden', reason: 'forbidden' };
    }
    const bodyError = relayBodyError(req);
    if (bodyError?.tooLarge) return { status: 413, error: 'body too large', reason: 'body_too_large' };
    if (bodyError) return { status: 400, error: 'unreadable body', reason: 'unreadable_body' };
    if (!secret) {
      return allowUnsigned ? null : { status: 503, error: 'webhook secret not configured', reason: 'not_configured' };
    }
    const signature = req.header('x-translife-signature');
    if (!signature) return { status: 401, error: 'missing signature', reason: 'missing_signature' };
    const timestamp = req.header('x-translife-timestamp');
    if (requireTimestamp && timestamp === undefined) {
      return { status: 401, error: 'missing timestamp', reason: 'missing_timestamp' };
    }
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyRelaySignature(secret, raw, signature, timestamp)) {
      return { status: 401, error: 'invalid signature', reason: 'invalid_signature' };
    }
    return null;
  }
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
