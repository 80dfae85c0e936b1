import { ReplyTokenService } from './reply-token.service';
import type { ReplyTokenServiceOptions } from './reply-token.types';

/** Fixtures shared by the reply-token specs. */
export const SECRET_A = 'a3f1c9e07b5d2468ace13579bdf02468';
export const SECRET_B = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
export const DOMAIN = 'reply.example.com';
export const THREAD = '3f2b8c1e-9d4a-4e6b-8f00-2a7c5e9b1d34';
export const RECIPIENT = 'Customer.One@Example.org';
export const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

export function service(
  overrides: Partial<ReplyTokenServiceOptions> = {},
  clock: () => number = () => NOW,
): ReplyTokenService {
  return new ReplyTokenService({ domain: DOMAIN, secrets: [{ kid: '1', secret: SECRET_A }], ...overrides }, clock);
}
