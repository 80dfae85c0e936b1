/** PostgreSQL text columns refuse U+0000 (error 22021), and JSON carries it as \u0000: drop it. */
export function stripNul(value: string): string {
  return value.includes('\u0000') ? value.replace(/\u0000/g, '') : value;
}
