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
