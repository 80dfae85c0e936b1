import { generateKeyPairSync } from 'node:crypto';
import { dkimSign, sealMessage } from 'mailauth';
import type { DnsResolve } from '../../core/options/groups/sender-auth.options';
import type { SenderAuth } from '../../threading/sender-auth.types';

/**
 * A DNS table for tests (no network): TXT records by name, names that never answer, and every
 * query asked. Unknown names are ENOTFOUND, as a real resolver says.
 */
export interface DnsTable {
  resolve: DnsResolve;
  txt(name: string, value: string): DnsTable;
  /** Queries for this name never answer: the resolver's timeout must end them. */
  hang(name: string): DnsTable;
  queries: string[];
}

export function dnsTable(): DnsTable {
  const records = new Map<string, string[]>();
  const hanging = new Set<string>();
  const table: DnsTable = {
    queries: [],
    resolve: async (name, type) => {
      const key = name.toLowerCase();
      table.queries.push(`${type} ${key}`);
      if (hanging.has(key)) return new Promise<never>(() => undefined);
      const values = type === 'TXT' ? records.get(key) : undefined;
      if (!values) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      // TXT answers come as chunks of at most 255 characters (RFC 1035 3.3.14).
      return values.map((value) => value.match(/.{1,255}/g) ?? ['']);
    },
    txt: (name, value) => {
      records.set(name.toLowerCase(), [...(records.get(name.toLowerCase()) ?? []), value]);
      return table;
    },
    hang: (name) => {
      hanging.add(name.toLowerCase());
      return table;
    },
  };
  return table;
}

/** The verdicts on a genuine email of a domain that signs, allows its client by SPF and publishes p=reject. */
export const VERIFIED_SENDER: SenderAuth = {
  dkim: 'pass',
  spf: 'pass',
  dmarc: 'pass',
  arc: 'none',
  fromAligned: true,
  source: 'local',
  policy: 'reject',
};

/** A signing identity: the PEM private key and the TXT record publishing its public half. */
export interface DkimIdentity {
  domain: string;
  selector: string;
  privateKey: string;
  record: string;
}

/** A fresh RSA key (1024 bits: mailauth's floor, and fast to generate in a test). */
export function dkimIdentity(domain: string, selector = 'sel1', bits = 1024): DkimIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    domain,
    selector,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${spki}`,
  };
}

/** Publishes the identity's key in the table. */
export function publishKey(table: DnsTable, identity: DkimIdentity): DnsTable {
  return table.txt(`${identity.selector}._domainkey.${identity.domain}`, identity.record);
}

/** The message with a DKIM-Signature by `identity` on top. */
export async function dkimSigned(raw: string | Buffer, identity: DkimIdentity): Promise<Buffer> {
  const message = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
  // mailauth reads the keys from `signatureData` (its typings name the fields one level up).
  const signatureData = [
    { signingDomain: identity.domain, selector: identity.selector, privateKey: identity.privateKey },
  ];
  const { signatures, errors } = await dkimSign(message, { signatureData } as never);
  if (errors.length) throw errors[0];
  return Buffer.concat([Buffer.from(signatures), message]);
}

/**
 * What a forwarder that modifies mail (a list adding a footer) does: it records what it verified
 * (`authResults`, e.g. `dmarc=pass`) in an ARC set over the message as it now is.
 */
export async function arcSealed(raw: Buffer, sealer: DkimIdentity, authResults: string): Promise<Buffer> {
  const headers = await sealMessage(raw, {
    signingDomain: sealer.domain,
    selector: sealer.selector,
    privateKey: sealer.privateKey,
    ...({ i: 1, cv: 'none', authResults: `${sealer.domain}; ${authResults}` } as object),
  });
  return Buffer.concat([headers, raw]);
}

/** A plain email as a client writes it (CRLF line ends, as on the wire). */
export function plainEmail(
  from: string,
  extra: { to?: string; subject?: string; body?: string; headers?: string[] } = {},
): string {
  const lines = [
    `From: ${from}`,
    `To: ${extra.to ?? 'support@test.example'}`,
    `Subject: ${extra.subject ?? 'Re: Order 1'}`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@mail.test>`,
    'Date: Mon, 01 Dec 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    ...(extra.headers ?? []),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${extra.body ?? 'Thanks, that works.'}\r\n`;
}
