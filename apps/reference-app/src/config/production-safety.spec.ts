import { adminPasswordWeakness, refuseUnsafeProductionSettings } from './production-safety';

const SAFE = { ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'k3Jd9-qLx2-Pw7v' };

describe('production safety', () => {
  it('accepts a configured admin with a strong password and a signed relay', () => {
    expect(() => refuseUnsafeProductionSettings(SAFE)).not.toThrow();
  });

  it.each([
    [{ ...SAFE, RELAY_ALLOW_UNSIGNED: 'true' }, /^RELAY_ALLOW_UNSIGNED: refused in production.*RELAY_WEBHOOK_SECRET/],
    [{ ADMIN_PASSWORD: SAFE.ADMIN_PASSWORD }, /^ADMIN_EMAIL: required in production/],
    [{ ADMIN_EMAIL: SAFE.ADMIN_EMAIL }, /^ADMIN_PASSWORD: required in production/],
    [{ ...SAFE, ADMIN_PASSWORD: 'admin' }, /^ADMIN_PASSWORD: shorter than 12 characters; set another/],
  ])('refuses %j in one line naming the variable', (env, message) => {
    expect(() => refuseUnsafeProductionSettings(env)).toThrow(message);
  });

  it.each([
    ['Administrator', 'a default password'],
    ['Password123!!', 'a default password'],
    ['changeme-2024', 'a default password'],
    ['ops-team-2024!', 'contains the admin address'],
    ['abababababab', 'fewer than 5 different characters'],
  ])('calls %j weak (%s)', (password, reason) => {
    expect(adminPasswordWeakness(password, 'ops@example.com')).toBe(reason);
  });
});
