import { MessagingGatewayConfigError } from '../errors/messaging-gateway-config.error';

/**
 * How an option is present after resolution: `default` and `required` options always have a
 * value (the resolved type says so); `optional` ones may stay unset.
 */
export type Presence = 'default' | 'required' | 'optional';

/** Stops the boot with one line: `<setting>: <problem>; <fix>.` */
export type Fail = (problem: string, fix: string, setting?: string) => never;

/** What a default or a rule may read besides the option's own value. */
export interface OptionContext {
  /** The option's group as given (explicit options over environment), before defaults. */
  given: Record<string, unknown>;
  /** The group's options resolved so far (those declared above this one). */
  resolved: Record<string, unknown>;
  /** The whole resolved options tree (complete when rules run, partial while defaults run). */
  root: Record<string, unknown>;
  /** The group that holds this one (for nested groups such as `outbound.smtp.backup`). */
  parent?: Record<string, unknown>;
}

/**
 * One option: where it comes from, its default, and its rule. Declared once, in the group that
 * holds it (`core/options/groups`); its TypeScript type, environment mapping, default and
 * validation are all derived from this declaration.
 */
export interface Option<T, P extends Presence = Presence> {
  readonly kind: 'option';
  readonly presence: P;
  /** The environment variable read when the option is not given (named in every error). */
  readonly env?: string;
  /** Reads the value from the environment when one variable and `parse` are not enough. */
  readonly fromEnv?: (env: NodeJS.ProcessEnv) => T | undefined;
  /** Turns the variable's text into the value; a bad text stops the boot naming the variable. */
  readonly parse?: (text: string, variable: string) => T;
  /** Used when neither the options nor the environment give a value. */
  readonly default?: T | ((context: OptionContext) => T);
  /** A required option that is missing: why, and how to fix it. */
  readonly missing?: { problem: string | ((context: OptionContext) => string); fix: string };
  /** An optional option that is required in some setups (IMAP host in IMAP mode …). */
  readonly requiredWhen?: (context: OptionContext) => boolean;
  /** The rule a value must satisfy; runs on defaults too (they are values like any other). */
  readonly check?: (value: T, fail: Fail, context: OptionContext) => void;
}

/** A group of options (`inbound`, `outbound.smtp` …), nested groups included. */
export interface Group<S extends Schema, Optional extends boolean = false> {
  readonly kind: 'group';
  readonly schema: S;
  /** An optional group exists only when something in it was given (e.g. `outbound.smtp.backup`). */
  readonly optional: Optional;
  /** Validate the group only when this holds (IMAP options only in `imap`/`both` mode …). */
  readonly validateWhen?: (root: Record<string, unknown>) => boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a schema holds options of every value type
export type Schema = Record<string, Option<any> | Group<any, boolean>>;

type ValueOf<E> = E extends Group<infer S, boolean> ? GivenOptions<S> : E extends Option<infer T> ? T : never;
type ResolvedOf<E> =
  E extends Group<infer S, infer Optional>
    ? Optional extends true
      ? ResolvedOptions<S> | undefined
      : ResolvedOptions<S>
    : E extends Option<infer T>
      ? T
      : never;
type AlwaysPresent<S extends Schema> = {
  [K in keyof S]: S[K] extends { kind: 'group'; optional: false }
    ? K
    : S[K] extends { kind: 'option'; presence: 'default' | 'required' }
      ? K
      : never;
}[keyof S];

/** What `forRoot()` accepts for a schema: every field optional (the environment and defaults fill in). */
export type GivenOptions<S extends Schema> = { [K in keyof S]?: ValueOf<S[K]> };

/** The options after resolution: defaulted and required fields are present, the others optional. */
export type ResolvedOptions<S extends Schema> = Required<Pick<{ [K in keyof S]: ResolvedOf<S[K]> }, AlwaysPresent<S>>> &
  Partial<Pick<{ [K in keyof S]: ResolvedOf<S[K]> }, Exclude<keyof S, AlwaysPresent<S>>>>;

type Declaration<T> = Omit<Option<T>, 'kind' | 'presence' | 'default' | 'missing' | 'requiredWhen'>;

type DefaultOf<T> = T | ((context: OptionContext) => T);

/**
 * An option with a default: always present once resolved. Numbers, strings and booleans are typed
 * as such (not as the literal default); give the type for anything narrower (`withDefault<Mode>`).
 */
export function withDefault(
  defaultValue: DefaultOf<number>,
  declaration: Declaration<number>,
): Option<number, 'default'>;
export function withDefault(
  defaultValue: DefaultOf<boolean>,
  declaration: Declaration<boolean>,
): Option<boolean, 'default'>;
export function withDefault(
  defaultValue: DefaultOf<string>,
  declaration: Declaration<string>,
): Option<string, 'default'>;
export function withDefault<T>(defaultValue: DefaultOf<T>, declaration: Declaration<T>): Option<T, 'default'>;
export function withDefault<T>(defaultValue: DefaultOf<T>, declaration: Declaration<T>): Option<T, 'default'> {
  return { kind: 'option', presence: 'default', default: defaultValue, ...declaration };
}

/** An option the app cannot start without. */
export function required<T>(
  missing: NonNullable<Option<T>['missing']>,
  declaration: Declaration<T>,
): Option<T, 'required'> {
  return { kind: 'option', presence: 'required', missing, ...declaration };
}

/** An option that may stay unset (its rule, if any, runs only when it is set). */
export function optional<T>(
  declaration: Declaration<T> & Pick<Option<T>, 'missing' | 'requiredWhen'> = {},
): Option<T, 'optional'> {
  return { kind: 'option', presence: 'optional', ...declaration };
}

export function group<S extends Schema>(
  schema: S,
  settings: { validateWhen?: (root: Record<string, unknown>) => boolean } = {},
): Group<S, false> {
  return { kind: 'group', schema, optional: false, ...settings };
}

export function optionalGroup<S extends Schema>(schema: S): Group<S, true> {
  return { kind: 'group', schema, optional: true };
}

/** Parsers of environment text, each failing with the variable's name. */
export const fromText = {
  text: (text: string): string => text,
  integer(text: string, variable: string): number {
    if (!/^-?\d+$/.test(text)) {
      throw new MessagingGatewayConfigError(
        variable,
        `"${text}" is not a whole number`,
        `set ${variable} to digits only`,
      );
    }
    return Number(text);
  },
  boolean(text: string, variable: string): boolean {
    const lowered = text.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(lowered)) return true;
    if (['false', '0', 'no', 'off'].includes(lowered)) return false;
    throw new MessagingGatewayConfigError(variable, `"${text}" is not a boolean`, `set ${variable} to true or false`);
  },
  list: (text: string): string[] =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
};
