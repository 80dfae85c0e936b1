import type { BounceReason } from './classification-result';

/** Status-code meaning (RFC 3463 subjects and details) when the text says nothing we know. */
export const STATUS_RULES: Array<[RegExp, BounceReason]> = [
  [/^\d\.1\.(?:0|1|3)$/, 'userunknown'],
  [/^\d\.1\.2$/, 'hostunknown'],
  [/^\d\.1\.6$/, 'hasmoved'],
  [/^\d\.1\.10$/, 'notaccept'],
  [/^\d\.1\.[78]$/, 'rejected'],
  [/^\d\.2\.[01]$/, 'filtered'],
  [/^\d\.2\.2$/, 'mailboxfull'],
  [/^\d\.2\.3$/, 'exceedlimit'],
  [/^\d\.3\.1$/, 'systemfull'],
  [/^\d\.3\.4$/, 'mesgtoobig'],
  [/^\d\.3\.\d+$/, 'systemerror'],
  [/^\d\.4\.4$/, 'hostunknown'],
  [/^\d\.4\.7$/, 'expired'],
  [/^\d\.4\.\d+$/, 'networkerror'],
  [/^\d\.5\.\d+$/, 'syntaxerror'],
  [/^\d\.6\.\d+$/, 'contenterror'],
  [/^\d\.7\.(?:23|24|26)$/, 'authfailure'],
  [/^\d\.7\.25$/, 'requireptr'],
  [/^\d\.7\.27$/, 'notaccept'],
  [/^\d\.7\.1$/, 'rejected'],
  [/^\d\.7\.\d+$/, 'securityerror'],
  [/^\d\.2\.\d+$/, 'filtered'],
];

/**
 * Sisimai's own codes for a bounce that quotes no status: `5.0.9xx` (or `4.0.9xx` when
 * temporary), one per reason, so every recipient carries a status a Sisimai user can compare.
 */
const INTERNAL_STATUS: Partial<Record<BounceReason, string>> = {
  undefined: '900',
  onhold: '901',
  norelaying: '909',
  filtered: '910',
  userunknown: '911',
  hostunknown: '912',
  hasmoved: '916',
  rejected: '918',
  suspend: '921',
  mailboxfull: '922',
  exceedlimit: '923',
  systemerror: '930',
  systemfull: '931',
  notaccept: '932',
  mesgtoobig: '934',
  mailererror: '939',
  networkerror: '944',
  toomanyconn: '945',
  expired: '947',
  contenterror: '960',
  securityerror: '970',
  blocked: '971',
  policyviolation: '972',
  requireptr: '973',
  authfailure: '974',
  badreputation: '975',
  spamdetected: '980',
  virusdetected: '981',
  syntaxerror: '902',
};

/** Sisimai's internal status (`5.0.911` …) for a bounce that quotes none. */
export function statusForReason(reason: BounceReason, temporary: boolean): string {
  const code = INTERNAL_STATUS[reason];
  return code ? `${temporary ? 4 : 5}.0.${code}` : '';
}
