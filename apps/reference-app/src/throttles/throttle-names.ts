/** The named throttlers of @nestjs/throttler (ThrottlesModule); a route picks its own with `ThrottledBy`. */
export const Throttles = {
  /** Login attempts from one client IP (an IPv6 /64 counts as one client). */
  LOGIN_IP: 'login-ip',
  /** Login attempts on one account, keyed by the normalised address the lookup uses. */
  LOGIN_ADDRESS: 'login-address',
  /** Relay requests from one client IP, before any signature check. */
  RELAY_IP: 'relay-ip',
} as const;

export type ThrottleName = (typeof Throttles)[keyof typeof Throttles];
