/** One method's result, in RFC 8601's vocabulary (`none`: not signed, no record, or nothing to check). @publicApi */
export type AuthResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror' | 'policy';

/**
 * Who vouches for an email's sender, recorded per email (inbound row `sender_auth`, message
 * metadata `auth`). `source` says whether the gateway verified the message itself (`local`) or
 * took the verdicts the provider signed with the webhook (`provider`, for the methods it reports).
 * @publicApi
 */
export interface SenderAuth {
  dkim: AuthResult;
  spf: AuthResult;
  dmarc: AuthResult;
  arc: AuthResult;
  /** A passing DKIM signature or SPF domain aligned with the From domain; null when unknown. */
  fromAligned: boolean | null;
  source: 'local' | 'provider';
  /** The From domain's published DMARC policy, when it publishes one. */
  policy?: 'none' | 'quarantine' | 'reject';
  /** A trusted ARC sealer (EMAIL_ARC_TRUSTED_SEALERS) that recorded DMARC pass before forwarding. */
  arcSealer?: string;
}

/**
 * Whether an email's From fails authentication badly enough to hold a reply under `enforce`:
 * DMARC fails, or nothing aligns with a domain that publishes quarantine or reject. A DNS
 * failure is never a reason by itself (the verifier turns a DMARC fail into `temperror` when a
 * check that could have aligned hit one), and a trusted ARC sealer that saw DMARC pass before a
 * forwarder changed the message vouches for it.
 */
export function senderAuthFails(auth: SenderAuth): boolean {
  if (auth.arcSealer) return false;
  if (auth.dmarc === 'temperror') return false;
  if (auth.dmarc === 'fail') return true;
  return auth.fromAligned === false && (auth.policy === 'quarantine' || auth.policy === 'reject');
}
