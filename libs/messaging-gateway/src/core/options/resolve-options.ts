import { MessagingGatewayConfigError } from '../errors/messaging-gateway-config.error';
import { gatewayOptionsSchema, type GivenGatewayOptions, type ResolvedGatewayOptions } from './gateway-options.schema';
import type { Fail, Group, Option, OptionContext, Schema } from './option';

type Tree = Record<string, unknown>;

/**
 * Layers defaults < environment < explicit options, then validates: once, at boot, by the
 * module's options provider; hosts may call it to fail fast before creating the app. Each
 * failure is a `MessagingGatewayConfigError` naming the variable (and option path) and the fix.
 */
export function resolveMessagingGatewayOptions(options: GivenGatewayOptions = {}): ResolvedGatewayOptions {
  const { env = process.env, ...explicit } = options;
  const given = gather(gatewayOptionsSchema, explicit, env) ?? {};
  const root: Tree = {};
  fill(gatewayOptionsSchema, given, root, root);
  validate(gatewayOptionsSchema, root, given, root, '');
  return root as ResolvedGatewayOptions;
}

type Entry = Option<unknown> | Group<Schema, boolean>;
const isGroup = (entry: Entry): entry is Group<Schema, boolean> => entry.kind === 'group';
const entries = (schema: Schema): [string, Entry][] => Object.entries(schema);

/** Explicit options over environment variables; undefined leaves and empty optional groups are dropped. */
function gather(schema: Schema, explicit: unknown, env: NodeJS.ProcessEnv): Tree | undefined {
  const out: Tree = {};
  const given = (explicit ?? {}) as Tree;
  for (const [key, entry] of entries(schema)) {
    const value = isGroup(entry) ? gather(entry.schema, given[key], env) : (given[key] ?? readEnv(entry, env));
    if (value !== undefined) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function readEnv(option: Option<unknown>, env: NodeJS.ProcessEnv): unknown {
  if (option.fromEnv) return option.fromEnv(env);
  if (!option.env) return undefined;
  const text = env[option.env]?.trim();
  if (text === undefined || text === '') return undefined;
  return option.parse ? option.parse(text, option.env) : text;
}

/** Applies defaults in declaration order, so a default may read the options above it. */
function fill(schema: Schema, given: Tree, into: Tree, root: Tree, parent?: Tree): void {
  for (const [key, entry] of entries(schema)) {
    if (isGroup(entry)) {
      const subGiven = given[key] as Tree | undefined;
      if (entry.optional && subGiven === undefined) continue;
      const sub: Tree = {};
      into[key] = sub;
      fill(entry.schema, subGiven ?? {}, sub, root, into);
      continue;
    }
    let value = given[key];
    if (value === undefined && entry.default !== undefined) {
      const context: OptionContext = { given, resolved: into, root, parent };
      value =
        typeof entry.default === 'function' ? (entry.default as (c: OptionContext) => unknown)(context) : entry.default;
    }
    if (value !== undefined) into[key] = value;
  }
}

function validate(schema: Schema, resolved: Tree, given: Tree, root: Tree, path: string, parent?: Tree): void {
  for (const [key, entry] of entries(schema)) {
    const at = path ? `${path}.${key}` : key;
    if (isGroup(entry)) {
      const sub = resolved[key] as Tree | undefined;
      if (sub === undefined || (entry.validateWhen && !entry.validateWhen(root))) continue;
      validate(entry.schema, sub, (given[key] as Tree) ?? {}, root, at, resolved);
      continue;
    }
    const setting = entry.env ? `${entry.env} (${at})` : at;
    const fail: Fail = (problem, fix, override) => {
      throw new MessagingGatewayConfigError(override ?? setting, problem, fix.replace('{variable}', entry.env ?? at));
    };
    const context: OptionContext = { given, resolved, root, parent };
    const value = resolved[key];
    const required = entry.presence === 'required' || (entry.requiredWhen?.(context) ?? false);
    if (required && (value === undefined || value === '')) {
      const { problem, fix } = entry.missing ?? { problem: 'not set', fix: 'set it' };
      fail(typeof problem === 'function' ? problem(context) : problem, fix);
    }
    if (value !== undefined) entry.check?.(value, fail, context);
  }
}
