import { SenderAuthVerifier } from '../libs/messaging-gateway/src/inbound/sender-auth/sender-auth.verifier';
import {
  dkimIdentity,
  dkimSigned,
  dnsTable,
  plainEmail,
  publishKey,
} from '../libs/messaging-gateway/src/inbound/sender-auth/sender-auth.test-support';

const EMAILS = 300;
const WARM_UP = 20;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/**
 * What sender authentication costs per email once its DNS cache is warm (a support inbox hears
 * from the same domains all day): DKIM (2048-bit RSA, the common key size) on the raw bytes, SPF
 * on the client the webhook names, DMARC and ARC, as `SenderAuthVerifier` runs them. DNS answers
 * come from an in-memory table, so the figure is the CPU the check adds, not network latency;
 * a cold lookup adds the resolver's round trips (bounded by EMAIL_DNS_TIMEOUT_MS).
 */
export async function senderAuthBench(): Promise<Record<string, number>> {
  const sender = dkimIdentity('sender.example', 'sel1', 2048);
  const table = publishKey(
    dnsTable()
      .txt('sender.example', 'v=spf1 ip4:203.0.113.0/24 include:_spf.sender.example -all')
      .txt('_spf.sender.example', 'v=spf1 ip4:198.51.100.0/24 -all')
      .txt('_dmarc.sender.example', 'v=DMARC1; p=reject'),
    sender,
  );
  const verifier = new SenderAuthVerifier({
    policy: 'record',
    dnsTimeoutMs: 3000,
    arcTrustedSealers: [],
    dnsResolver: table.resolve,
  });
  const body = 'Thanks, that works. '.repeat(100);
  const emails = await Promise.all(
    Array.from({ length: EMAILS + WARM_UP }, (_, i) =>
      dkimSigned(plainEmail('Ann <ann@sender.example>', { subject: `Re: Order ${i}`, body }), sender),
    ),
  );
  const envelope = { clientIp: '198.51.100.20', helo: 'mail.sender.example', mailFrom: 'bounce@sender.example' };
  const timings: number[] = [];
  for (const [i, raw] of emails.entries()) {
    const t0 = process.hrtime.bigint();
    const auth = await verifier.verify({ raw, envelope, provider: 'generic' });
    if (auth.dmarc !== 'pass') throw new Error(`the bench email did not verify: ${JSON.stringify(auth)}`);
    if (i >= WARM_UP) timings.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const sorted = [...timings].sort((a, b) => a - b);
  return {
    emails: EMAILS,
    msPerEmailWarmCache: round(timings.reduce((sum, ms) => sum + ms, 0) / timings.length),
    p50Ms: round(percentile(sorted, 0.5)),
    p99Ms: round(percentile(sorted, 0.99)),
    dnsQueriesInAll: table.queries.length,
  };
}
