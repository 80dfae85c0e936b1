import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The layout rules of ARCHITECTURE.md, checked on the source: folders follow the email's path
 * and import only from folders before them, and files and classes share one naming rule.
 */
const SRC = __dirname;

/** The email's path, in import order: a folder may import from itself and the folders before it. */
const PATH = [
  'core',
  'storage',
  'reply-text',
  'threading',
  'messages-api',
  'outbound',
  'automatic-mail',
  'inbound',
  'ingress',
];

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const folderOf = (file: string): string | undefined => {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
};

function relativeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((match) => join(file, '..', match[1]));
}

const pascal = (kebab: string): string =>
  kebab
    .split(/[-.]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

describe('source layout', () => {
  const files = sourceFiles();

  it('has the folders of the email path and nothing else at the top level', () => {
    const folders = new Set(files.map(folderOf).filter(Boolean));
    expect([...folders].sort()).toEqual([...PATH].sort());
  });

  it('imports flow one way along the path, and no folder reaches back to the package root', () => {
    const backwards: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      if (!from) continue;
      for (const target of relativeImports(file)) {
        const to = folderOf(target);
        if (to === undefined || PATH.indexOf(to) > PATH.indexOf(from)) {
          backwards.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
        }
      }
    }
    expect(backwards).toEqual([]);
  });

  it('names each class after its file: <concept>.<role>.ts holds <Concept><Role>', () => {
    const mismatched: string[] = [];
    for (const file of files) {
      const name = relative(SRC, file).split(sep).pop()!.replace(/\.ts$/, '');
      // Entities are named after their table's concept alone, as TypeORM's own examples do;
      // a migration's class name ends with its timestamp, which TypeORM orders and records it by.
      if (name.endsWith('.entity') || name.endsWith('.migration')) continue;
      const classes = [...readFileSync(file, 'utf8').matchAll(/^export (?:abstract )?class (\w+)/gm)].map((m) => m[1]);
      for (const cls of classes) if (cls !== pascal(name)) mismatched.push(`${name}.ts: ${cls}`);
    }
    expect(mismatched).toEqual([]);
  });
});
