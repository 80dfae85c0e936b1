import type { ProviderVerdicts } from '../../inbound/inbound-accept.types';

/**
 * A provider's SPF/DKIM/DMARC verdicts as one Authentication-Results-style string
 * (RFC 8601 `method=result` pairs), e.g. `spf=pass; dkim=pass; dmarc=fail`. Unknown or empty
 * verdicts are left out; undefined when there is none.
 */
export function formatVerdicts(verdicts: Record<string, unknown>): string | undefined {
  const pairs = Object.entries(verdicts)
    .filter(([, value]) => typeof value === 'string' && /^[\w.@{}: -]{1,200}$/.test(value.trim()))
    .map(([method, value]) => `${method}=${(value as string).trim().toLowerCase()}`);
  return pairs.length ? pairs.join('; ') : undefined;
}

/** The verdicts a provider reports, as strings only: what the sender check reads (`envelope.verdicts`). */
export function providerVerdicts(verdicts: Record<string, unknown>): ProviderVerdicts | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(verdicts)) {
    if (typeof value === 'string' && /^[\w.-]{1,40}$/.test(value.trim())) out[key] = value.trim();
    if (Array.isArray(value) && value.length && value.every((v) => typeof v === 'string')) out[key] = value;
  }
  return Object.keys(out).length ? (out as ProviderVerdicts) : undefined;
}

/**
 * SendGrid's `dkim` field, e.g. `{@example.com : pass, @other.example : fail}`: the overall
 * result (pass when any signature passed) and the domains that passed.
 */
export function sendgridDkim(field: string | undefined): { dkim?: string; dkimDomains?: string[] } {
  const pairs = [...(field ?? '').matchAll(/@([a-z0-9.-]+)\s*:\s*([a-z]+)/gi)].map((m) => ({
    domain: m[1].toLowerCase(),
    result: m[2].toLowerCase(),
  }));
  if (pairs.length === 0) return field?.trim() ? { dkim: 'none' } : {};
  const passing = pairs.filter((pair) => pair.result === 'pass').map((pair) => pair.domain);
  return passing.length ? { dkim: 'pass', dkimDomains: passing } : { dkim: pairs[0].result };
}
