import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every name the package entry exports is a promise under semver: few, and each documented. */
describe('public surface', () => {
  const entry = readFileSync(join(__dirname, 'index.ts'), 'utf8');
  const names = [...entry.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((match) =>
    match[1]
      .split(',')
      .map((name) => name.trim().replace(/^type\s+/, ''))
      .filter(Boolean),
  );

  it('exports at most 53 names, only through explicit lists', () => {
    expect(entry).not.toMatch(/export \*/);
    expect(names.length).toBeLessThanOrEqual(53);
  });

  it('documents every exported name in INTEGRATION.md', () => {
    const doc = readFileSync(join(__dirname, '../../../INTEGRATION.md'), 'utf8');
    expect(names.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });

  it('exports what the compiled entry exports at run time', async () => {
    const runtime = Object.keys(await import('./index'));
    expect(runtime.every((name) => names.includes(name))).toBe(true);
  });
});
