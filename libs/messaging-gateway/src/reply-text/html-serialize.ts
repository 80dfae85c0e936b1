import type { ChildNode, Element } from 'domhandler';

/** Void elements of HTML: no closing tag. */
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const RAW_TEXT_ELEMENTS = new Set(['script', 'style']);

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * HTML of a DOM fragment. Iterative (the common serializers recurse, and a hostile message
 * nested 50,000 deep would overflow the stack).
 */
export function serializeDom(nodes: readonly ChildNode[]): string {
  const out: string[] = [];
  const stack: Array<ChildNode | string> = [...nodes].reverse();
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    if (item.type === 'text') {
      const parent = item.parent as Element | null;
      out.push(parent && RAW_TEXT_ELEMENTS.has(parent.name) ? item.data : escapeText(item.data));
    } else if (item.type === 'comment') {
      out.push(`<!--${item.data}-->`);
    } else if (item.type === 'directive') {
      out.push(`<${item.data}>`);
    } else if (item.type === 'tag' || item.type === 'script' || item.type === 'style') {
      const attributes = Object.entries(item.attribs)
        .map(([name, value]) => (value === '' ? ` ${name}` : ` ${name}="${escapeAttribute(value)}"`))
        .join('');
      out.push(`<${item.name}${attributes}>`);
      if (VOID_ELEMENTS.has(item.name)) continue;
      stack.push(`</${item.name}>`);
      for (let i = item.children.length - 1; i >= 0; i--) stack.push(item.children[i]);
    } else if ('children' in item) {
      for (let i = item.children.length - 1; i >= 0; i--) stack.push(item.children[i]);
    }
  }
  return out.join('');
}
