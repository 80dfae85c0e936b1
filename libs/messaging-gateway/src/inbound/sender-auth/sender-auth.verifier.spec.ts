import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { senderAuthFails } from '../../threading/sender-auth.types';
import { SenderAuthVerifier } from './sender-auth.verifier';
import {
  arcSealed,
  dkimIdentity,
  VERIFIED_SENDER,
  dkimSigned,
  dnsTable,
  type DnsTable,
  plainEmail,
  publishKey,
} from './sender-auth.test-support';

/** sender.example signs with DKIM, allows 203.0.113.0/24 by SPF and publishes p=reject. */
const sender = dkimIdentity('sender.example');
const list = dkimIdentity('lists.example', 'arc1');
const stranger = dkimIdentity('attacker.example');

function world(): DnsTable {
  const table = dnsTable()
    .txt('sender.example', 'v=spf1 ip4:203.0.113.0/24 -all')
    .txt('_dmarc.sender.example', 'v=DMARC1; p=reject')
    .txt('attacker.example', 'v=spf1 ip4:198.51.100.0/24 -all');
  publishKey(table, sender);
  publishKey(table, list);
  return publishKey(table, stranger);
}

function verifier(table: DnsTable, settings: Partial<GatewaySettings<'senderAuth'>> = {}): SenderAuthVerifier {
  return new SenderAuthVerifier({
    policy: 'record',
    dnsTimeoutMs: 200,
    arcTrustedSealers: [],
    dnsResolver: table.resolve,
    ...settings,
  });
}

const envelope = (clientIp: string, mailFrom = 'bounce@sender.example') => ({ clientIp, helo: 'mail.test', mailFrom });

describe('SenderAuthVerifier (mailauth against a DNS table)', () => {
  it('passes a DKIM-signed email from an SPF-allowed client: DKIM, SPF and DMARC pass, aligned', async () => {
    const raw = await dkimSigned(plainEmail('Ann <ann@sender.example>'), sender);
    const auth = await verifier(world()).verify({ raw, envelope: envelope('203.0.113.5'), provider: 'generic' });
    expect(auth).toEqual(VERIFIED_SENDER);
    expect(senderAuthFails(auth)).toBe(false);
  });

  // A body hash that does not match is `neutral` (body hash did not verify), as mailauth and
  // Gmail report it: the signature proves nothing, and DMARC gets nothing from it.
  it('does not pass DKIM when the body changed after signing; DMARC still passes through aligned SPF', async () => {
    const signed = (await dkimSigned(plainEmail('ann@sender.example'), sender)).toString();
    const raw = Buffer.from(signed.replace('Thanks, that works.', 'Thanks, wire the money.'));
    const auth = await verifier(world()).verify({ raw, envelope: envelope('203.0.113.5'), provider: 'generic' });
    expect(auth).toMatchObject({ dkim: 'neutral', spf: 'pass', dmarc: 'pass', fromAligned: true });
  });

  it('passes DMARC through DKIM when SPF fails (a forwarder sent it from its own address)', async () => {
    const raw = await dkimSigned(plainEmail('ann@sender.example'), sender);
    const auth = await verifier(world()).verify({ raw, envelope: envelope('192.0.2.9'), provider: 'generic' });
    expect(auth).toMatchObject({ dkim: 'pass', spf: 'fail', dmarc: 'pass', fromAligned: true });
    expect(senderAuthFails(auth)).toBe(false);
  });

  it('fails DMARC for a forged From of a p=reject domain: the verdict the enforce policy holds on', async () => {
    const raw = await dkimSigned(plainEmail('ann@sender.example'), stranger);
    const auth = await verifier(world()).verify({
      raw,
      envelope: envelope('198.51.100.7', 'x@attacker.example'),
      provider: 'generic',
    });
    expect(auth).toMatchObject({ dkim: 'pass', spf: 'pass', dmarc: 'fail', fromAligned: false, policy: 'reject' });
    expect(senderAuthFails(auth)).toBe(true);
  });

  it('records dmarc none when the From domain publishes no DMARC record, and does not fail it', async () => {
    const raw = Buffer.from(plainEmail('bob@nodmarc.example'));
    const table = world().txt('nodmarc.example', 'v=spf1 -all');
    const auth = await verifier(table).verify({
      raw,
      envelope: envelope('203.0.113.5', 'bob@nodmarc.example'),
      provider: 'generic',
    });
    expect(auth).toMatchObject({ dkim: 'none', spf: 'fail', dmarc: 'none', fromAligned: false });
    expect(auth.policy).toBeUndefined();
    expect(senderAuthFails(auth)).toBe(false);
  });

  it('makes a DNS timeout temperror, never a failure: the aligned key could not be fetched', async () => {
    const raw = await dkimSigned(plainEmail('ann@sender.example'), sender);
    const table = world().hang('sel1._domainkey.sender.example').hang('sender.example');
    const started = Date.now();
    const auth = await verifier(table).verify({ raw, envelope: envelope('192.0.2.9'), provider: 'generic' });
    expect(auth).toMatchObject({ dkim: 'temperror', spf: 'temperror', dmarc: 'temperror', policy: 'reject' });
    expect(senderAuthFails(auth)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('makes the DMARC record lookup timing out temperror', async () => {
    const raw = await dkimSigned(plainEmail('ann@sender.example'), stranger);
    const auth = await verifier(world().hang('_dmarc.sender.example')).verify({
      raw,
      envelope: {},
      provider: 'generic',
    });
    expect(auth).toMatchObject({ dmarc: 'temperror' });
    expect(senderAuthFails(auth)).toBe(false);
  });

  it('trusts an ARC seal that saw DMARC pass before a list changed the message, only from a listed sealer', async () => {
    const original = (await dkimSigned(plainEmail('ann@sender.example'), sender)).toString();
    const withFooter = Buffer.from(original.replace('Thanks, that works.', 'Thanks, that works.\r\n-- \r\nThe list'));
    const forwarded = await arcSealed(
      withFooter,
      list,
      'dkim=pass header.d=sender.example; spf=pass smtp.mailfrom=sender.example; dmarc=pass header.from=sender.example',
    );
    const input = { raw: forwarded, envelope: envelope('192.0.2.50', 'bounces@lists.example'), provider: 'generic' };

    const untrusted = await verifier(world()).verify(input);
    expect(untrusted).toMatchObject({ dkim: 'neutral', arc: 'pass', dmarc: 'fail' });
    expect(untrusted.arcSealer).toBeUndefined();
    expect(senderAuthFails(untrusted)).toBe(true);

    const trusted = await verifier(world(), { arcTrustedSealers: ['lists.example'] }).verify(input);
    expect(trusted).toMatchObject({ dkim: 'neutral', arc: 'pass', dmarc: 'fail', arcSealer: 'lists.example' });
    expect(senderAuthFails(trusted)).toBe(false);
  });

  it('has no single domain to check for a From with two addresses (permerror)', async () => {
    const raw = await dkimSigned(plainEmail('ann@sender.example, eve@attacker.example'), sender);
    const auth = await verifier(world()).verify({ raw, envelope: envelope('203.0.113.5'), provider: 'generic' });
    expect(auth).toMatchObject({ dmarc: 'permerror', fromAligned: null });
  });

  it('checks SPF over IMAP against the client the receiving MX recorded, skipping internal hops', async () => {
    const headers = [
      'Return-Path: <bounce@sender.example>',
      'Received: from mx.gateway.example ([10.0.0.2]) by imap.gateway.example with LMTP id abc',
      'Received: from mail.sender.example (mail.sender.example [203.0.113.5]) by mx.gateway.example with ESMTPS id def',
      // Written by the sender, below the receiving hop: never read.
      'Received: from trusted.example ([198.51.100.1]) by forged.example',
    ].join('\r\n');
    const raw = Buffer.from(`${headers}\r\n${plainEmail('ann@sender.example')}`);
    const auth = await verifier(world()).verify({ raw, envelope: {}, provider: 'imap' });
    expect(auth).toMatchObject({ spf: 'pass', dkim: 'none', dmarc: 'pass', fromAligned: true, source: 'local' });
  });

  it('does not read Received headers for the generic webhook: its client is what it names', async () => {
    const raw = Buffer.from(
      `Received: from mail.sender.example ([203.0.113.5]) by mx\r\n${plainEmail('ann@sender.example')}`,
    );
    const auth = await verifier(world()).verify({ raw, envelope: {}, provider: 'generic' });
    expect(auth).toMatchObject({ spf: 'none', dmarc: 'fail' });
  });

  it('takes the verdicts a provider signed (SES) and says so', async () => {
    const raw = Buffer.from(plainEmail('ann@sender.example'));
    const auth = await verifier(world()).verify({
      raw,
      envelope: { verdicts: { spf: 'PASS', dkim: 'GRAY', dmarc: 'FAIL', dmarcPolicy: 'REJECT' } },
      provider: 'ses',
    });
    expect(auth).toEqual({
      dkim: 'none',
      spf: 'pass',
      dmarc: 'fail',
      arc: 'none',
      fromAligned: false,
      source: 'provider',
      policy: 'reject',
    });
  });

  it('evaluates DMARC itself on a provider SPF/DKIM verdict that names the signing domain (SendGrid)', async () => {
    const raw = Buffer.from(plainEmail('ann@sender.example'));
    const ok = await verifier(world()).verify({
      raw,
      envelope: {
        mailFrom: 'x@attacker.example',
        verdicts: { spf: 'pass', dkim: 'pass', dkimDomains: ['sender.example'] },
      },
      provider: 'sendgrid',
    });
    expect(ok).toMatchObject({ dkim: 'pass', spf: 'pass', dmarc: 'pass', fromAligned: true, source: 'provider' });
    const forged = await verifier(world()).verify({
      raw,
      envelope: { mailFrom: 'x@attacker.example', verdicts: { spf: 'pass', dkim: 'none' } },
      provider: 'sendgrid',
    });
    expect(forged).toMatchObject({ dmarc: 'fail', fromAligned: false });
  });

  it('answers repeated lookups from its cache', async () => {
    const table = world();
    const check = verifier(table);
    const raw = await dkimSigned(plainEmail('ann@sender.example'), sender);
    await check.verify({ raw, envelope: envelope('203.0.113.5'), provider: 'generic' });
    const first = table.queries.length;
    await check.verify({ raw, envelope: envelope('203.0.113.5'), provider: 'generic' });
    expect(table.queries.length).toBe(first);
  });
});
