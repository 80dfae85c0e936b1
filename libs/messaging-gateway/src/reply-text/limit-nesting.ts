/**
 * htmlparser2 keeps its open-element stack with `unshift`/`indexOf`, so parsing costs grow with
 * the square of the nesting depth: a hostile 1 MB of `<div>` takes seconds. Mail clients nest
 * a few dozen levels; past `MAX_DEPTH` we drop the extra tags (their text stays) in one linear
 * pass before parsing.
 */
const MAX_DEPTH = 256;
const TAG = /<(\/?)([a-zA-Z][\w:-]*)[^<>]*>/g;
const VOID = /^(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)$/i;

export function limitNesting(html: string): string {
  let depth = 0;
  let deepest = 0;
  const kept: string[] = [];
  let last = 0;
  for (const match of html.matchAll(TAG)) {
    const closing = match[1] === '/';
    const selfClosing = match[0].endsWith('/>') || VOID.test(match[2]);
    if (closing) depth = Math.max(0, depth - 1);
    const tooDeep = depth >= MAX_DEPTH;
    if (!closing && !selfClosing) depth++;
    deepest = Math.max(deepest, depth);
    if (tooDeep) {
      kept.push(html.slice(last, match.index));
      last = match.index + match[0].length;
    }
  }
  if (deepest <= MAX_DEPTH) return html;
  kept.push(html.slice(last));
  return kept.join('');
}
