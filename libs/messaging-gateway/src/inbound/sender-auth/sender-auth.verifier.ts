import { Injectable } from '@nestjs/common';
import type { DKIMVerifyResult } from 'mailauth';
import type * as Mailauth from 'mailauth';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import type { AuthResult, SenderAuth } from '../../threading/sender-auth.types';
import type { InboundEnvelope } from '../inbound-accept.types';
import { aligns, domainOf } from './alignment';
import { CachedDnsResolver } from './cached-dns.resolver';
import { authResultOf, bestResult } from './provider-verdicts';
import { receivingHopClient, type SmtpClient } from './received-client';

/** Where the email came from: the generic webhook's client is only what it names; others' Received headers are the receiving MX's. */
export interface AuthenticationInput {
  raw: Buffer;
  envelope: InboundEnvelope;
  provider: string;
}

type DnsResolver = NonNullable<Parameters<typeof Mailauth.dkimVerify>[1]>['resolver'];

/**
 * mailauth is loaded on the first verification, not at boot: about 10 MB of resident memory on
 * top of the rest of the package (measured), which a web-only replica (no processing) or a host
 * with EMAIL_SENDER_AUTH=off never needs.
 */
let mailauth: Promise<typeof Mailauth> | undefined;
const loadMailauth = (): Promise<typeof Mailauth> => (mailauth ??= import('mailauth'));
type Policy = SenderAuth['policy'];
const POLICIES: readonly string[] = ['none', 'quarantine', 'reject'];

/**
 * DKIM, SPF, DMARC and ARC for one inbound email, with mailauth (by the author of nodemailer
 * and imapflow). Each method uses the best evidence the ingress has: verdicts a provider signed
 * with its webhook (SES, SendGrid, Mailgun, Mandrill) for the methods it reports, our own checks
 * for the rest: DKIM and ARC on the raw bytes, SPF on the SMTP client the generic webhook names or
 * the receiving MX recorded (IMAP, other providers), and DMARC on the results, against the From
 * domain's published record. DNS goes through a bounded, cached resolver; a lookup that fails
 * makes its method `temperror`, which never holds an email by itself.
 */
@Injectable()
export class SenderAuthVerifier {
  private readonly dns: CachedDnsResolver;

  constructor(@InjectGatewayOptions('senderAuth') private readonly settings: GatewaySettings<'senderAuth'>) {
    this.dns = new CachedDnsResolver({ timeoutMs: settings.dnsTimeoutMs, resolve: settings.dnsResolver });
  }

  async verify({ raw, envelope, provider }: AuthenticationInput): Promise<SenderAuth> {
    const resolver = this.dns.resolve as DnsResolver;
    const verdicts = envelope.verdicts ?? {};
    const { arc, dkimVerify } = await loadMailauth();
    const signatures = await dkimVerify(raw, { resolver, sender: envelope.mailFrom || undefined });
    const headerLines = (signatures.headers?.parsed ?? []).map(({ key, line }) => ({
      key: String(key),
      line: Buffer.isBuffer(line) ? line.toString('binary') : String(line),
    }));
    const client = this.smtpClientOf(envelope, provider, headerLines);
    const from = signatures.headerFrom;
    const fromDomain = from.length === 1 ? domainOf(from[0]) : undefined;
    const mailFrom = envelope.mailFrom || topReturnPath(headerLines);

    const dkim = this.dkimOf(signatures, verdicts.dkim, verdicts.dkimDomains);
    const spfCheck = await this.spfOf(verdicts.spf, client, mailFrom, resolver);
    const arcCheck = await arc((signatures.arc ?? { chain: [] }) as Parameters<typeof arc>[0], { resolver });
    const arcSealer = this.trustedSealerOf(arcCheck);

    const base = {
      dkim: dkim.result,
      spf: spfCheck.result,
      arc: authResultOf(arcCheck.status.result),
      source: verdicts.dkim || verdicts.spf || verdicts.dmarc ? ('provider' as const) : ('local' as const),
      ...(arcSealer ? { arcSealer } : {}),
    };
    if (verdicts.dmarc) {
      const result = authResultOf(verdicts.dmarc);
      const policy = String(verdicts.dmarcPolicy ?? '').toLowerCase();
      return {
        ...base,
        dmarc: result,
        fromAligned: result === 'pass' ? true : result === 'fail' ? false : null,
        ...(POLICIES.includes(policy) ? { policy: policy as Policy } : {}),
      };
    }
    if (!fromDomain) {
      // RFC 7489 6.6.1: no From, or several authors, has no single domain to check against.
      return { ...base, dmarc: from.length > 1 ? 'permerror' : 'none', fromAligned: null };
    }
    const spfDomains = spfCheck.result === 'pass' && spfCheck.domain ? [spfCheck.domain] : [];
    const { dmarc } = await loadMailauth();
    const verdict = await dmarc({
      headerFrom: from,
      spfDomains,
      dkimDomains: dkim.passing.map((domain) => ({ domain })),
      arcResult: arcCheck,
      resolver,
    });
    const record = verdict && verdict.rr ? verdict : undefined;
    let result = verdict ? authResultOf(verdict.status.result) : 'none';
    // A check that could have aligned but whose DNS failed leaves DMARC undecided, not failed.
    const undecided =
      dkim.unreachable.some((domain) => aligns(fromDomain, domain)) ||
      (spfCheck.result === 'temperror' && !!domainOf(mailFrom) && aligns(fromDomain, domainOf(mailFrom)!));
    if (result === 'fail' && undecided) result = 'temperror';
    const policy = String(record?.policy ?? '').toLowerCase();
    return {
      ...base,
      dmarc: result,
      fromAligned: [...spfDomains, ...dkim.passing].some((domain) => aligns(fromDomain, domain)),
      ...(POLICIES.includes(policy) ? { policy: policy as Policy } : {}),
    };
  }

  /** The generic webhook's client is what it names; other ingresses carry the receiving MX's Received header. */
  private smtpClientOf(
    envelope: InboundEnvelope,
    provider: string,
    headerLines: { key: string; line: string }[],
  ): SmtpClient | null {
    if (typeof envelope.clientIp === 'string' && envelope.clientIp) {
      return { ip: envelope.clientIp, helo: typeof envelope.helo === 'string' ? envelope.helo : undefined };
    }
    return provider === 'generic' ? null : receivingHopClient(headerLines);
  }

  private dkimOf(
    signatures: DKIMVerifyResult,
    providerVerdict: string | undefined,
    providerDomains: string[] | undefined,
  ): { result: AuthResult; passing: string[]; unreachable: string[] } {
    const local = signatures.results.filter((row) => row.signingDomain);
    const unreachable = local.filter((row) => row.status.result === 'temperror').map((row) => row.signingDomain);
    if (providerVerdict) {
      const result = authResultOf(providerVerdict);
      // The provider says a signature verified; which one is only certain when it names the
      // domain or the message carries a single signature (a second, forged one must not borrow it).
      const passing =
        result !== 'pass' ? [] : (providerDomains ?? (local.length === 1 ? [local[0].signingDomain] : []));
      return { result, passing, unreachable: [] };
    }
    const results = local.map((row) => authResultOf(row.status.result));
    const passing = local.filter((row) => row.status.result === 'pass').map((row) => row.signingDomain);
    return { result: bestResult(results), passing, unreachable };
  }

  private async spfOf(
    providerVerdict: string | undefined,
    client: SmtpClient | null,
    mailFrom: string | undefined,
    resolver: DnsResolver,
  ): Promise<{ result: AuthResult; domain?: string }> {
    if (providerVerdict) return { result: authResultOf(providerVerdict), domain: domainOf(mailFrom) };
    // Without the client's address there is nothing to check SPF against.
    if (!client) return { result: 'none' };
    const { spf } = await loadMailauth();
    const checked = await spf({
      ip: client.ip,
      helo: client.helo,
      sender: mailFrom,
      resolver,
      mta: 'messaging-gateway',
    });
    return { result: authResultOf(checked.status.result), domain: checked.domain };
  }

  private trustedSealerOf(check: Awaited<ReturnType<typeof Mailauth.arc>>): string | undefined {
    if (check.status.result !== 'pass' || check.authenticationResults?.dmarc?.result !== 'pass') return undefined;
    const sealer = check.signature ? check.signature.signingDomain?.toLowerCase() : undefined;
    const trusted = this.settings.arcTrustedSealers;
    return sealer && trusted.some((domain) => sealer === domain || sealer.endsWith(`.${domain}`)) ? sealer : undefined;
  }
}

/** The Return-Path the final delivery added (RFC 5321 4.4): the topmost one. */
function topReturnPath(headerLines: { key: string; line: string }[]): string | undefined {
  const line = headerLines.find((header) => header.key === 'return-path')?.line;
  const address = line && /<([^<>\s]*)>/.exec(line)?.[1];
  return address || undefined;
}
