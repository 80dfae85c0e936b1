/** `true/1/yes/on` or `false/0/no/off`; anything else stops the app naming the variable. */
export function readBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  const lowered = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lowered)) return true;
  if (['false', '0', 'no', 'off'].includes(lowered)) return false;
  throw new Error(`${name}: "${value}" is not a boolean; set it to true or false.`);
}

/** A comma-separated list, trimmed, empty entries dropped. */
export function readList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A whole number of at least 1; anything else stops the app naming the variable. */
export function readPositiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new Error(`${name}: "${value}" is not a whole number of at least 1.`);
  }
  return number;
}
