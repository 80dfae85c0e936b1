/** The basic CSS colour keywords mail clients write; others are not judged. */
const NAMED: Record<string, string> = {
  white: '#ffffff',
  black: '#000000',
  red: '#ff0000',
  green: '#008000',
  blue: '#0000ff',
  yellow: '#ffff00',
  gray: '#808080',
  grey: '#808080',
  silver: '#c0c0c0',
  navy: '#000080',
  maroon: '#800000',
  purple: '#800080',
  teal: '#008080',
  olive: '#808000',
  lime: '#00ff00',
  aqua: '#00ffff',
  fuchsia: '#ff00ff',
  whitesmoke: '#f5f5f5',
  snow: '#fffafa',
};

/** `#rrggbb` for a CSS colour (#rgb, #rrggbb, rgb(), an opaque rgba(), a basic keyword); null when unknown or transparent. */
export function normalizeColour(value: string | undefined): string | null {
  const text = (value ?? '')
    .trim()
    .toLowerCase()
    .replace(/\s*!important$/, '');
  if (!text) return null;
  if (NAMED[text]) return NAMED[text];
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text)?.[1];
  if (hex) return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
  const rgb = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(text);
  if (!rgb || (rgb[4] !== undefined && Number(rgb[4]) < 1)) return null;
  return `#${rgb
    .slice(1, 4)
    .map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0'))
    .join('')}`;
}

/** The colour a `background` shorthand starts with, if it names one. */
export function backgroundColour(shorthand: string | undefined): string | null {
  const first = (shorthand ?? '').trim().split(/\s+(?![^(]*\))/)[0];
  return normalizeColour(first);
}
