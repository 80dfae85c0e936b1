import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatewayOptionsSchema } from './gateway-options.schema';
import type { Schema } from './option';

/** Every declared option, as its path and environment variable. */
function declared(schema: Schema, path = ''): { path: string; env?: string }[] {
  return Object.entries(schema).flatMap(([key, entry]) => {
    const at = path ? `${path}.${key}` : key;
    return entry.kind === 'group' ? declared(entry.schema as Schema, at) : [{ path: at, env: entry.env }];
  });
}

const ROOT = join(__dirname, '../../../../..');
const options = declared(gatewayOptionsSchema);

describe('options documentation', () => {
  it('lists every option and its variable in the options table of INTEGRATION.md', () => {
    const doc = readFileSync(join(ROOT, 'INTEGRATION.md'), 'utf8');
    const table = doc.slice(doc.indexOf('## 4. Options'), doc.indexOf('## 5.'));
    const missing = options.flatMap(({ path, env }) => [
      ...(table.includes(`\`${path}\``) ? [] : [path]),
      ...(env && env !== 'NODE_ENV' && !table.includes(`\`${env}\``) ? [env] : []),
    ]);
    expect(missing).toEqual([]);
  });

  it('gives every environment variable a line in .env.example', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const missing = options
      .map(({ env }) => env)
      .filter((env): env is string => env !== undefined && !new RegExp(`^#? ?${env}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });
});
