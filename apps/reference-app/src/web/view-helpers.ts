import type Handlebars from 'handlebars';

/** Formatting helpers; every one returns plain strings, which handlebars then escapes. */
export function registerViewHelpers(handlebars: typeof Handlebars): void {
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('time', (value: Date | string | null | undefined) => formatTime(value));
  handlebars.registerHelper('bytes', (value: number) => formatBytes(value));
  handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value, null, 2));
}

export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  return date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

export function formatBytes(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (value < 1024) return `${value} B`;
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KB`;
  return `${(value / 1024 / 1024).toFixed(1)} MB`;
}
