import type { ChildNode, Element } from 'domhandler';
import { BLOCK_ELEMENTS, SKIPPED_ELEMENTS } from './html-quote-markers';

/**
 * Plain text of a DOM fragment, as a mail client shows it: blocks on their own lines,
 * `<br>` as a line break, `<blockquote>` as "> " quoting (so the text rules see quotes) and
 * `<hr>` as a rule line. Iterative, so deeply nested hostile HTML cannot overflow the stack.
 */
export function domToText(nodes: readonly ChildNode[]): string {
  const lines: string[] = [];
  let current = '';
  let depth = 0;
  let preDepth = 0;

  const flush = (force = false): void => {
    const text = current.replace(/[ \t\u00a0]+$/g, '');
    if (text || force) lines.push('> '.repeat(depth) + text);
    current = '';
  };
  const breakLine = (): void => {
    if (current.trim()) flush();
    else current = '';
  };

  type Step = { node: ChildNode; leaving: boolean };
  const stack: Step[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) stack.push({ node: nodes[i], leaving: false });

  while (stack.length > 0) {
    const { node, leaving } = stack.pop()!;
    if (node.type === 'text') {
      const data = (node as unknown as { data: string }).data;
      if (preDepth > 0) {
        const parts = data.split('\n');
        parts.forEach((part, index) => {
          if (index > 0) flush(true);
          current += part;
        });
      } else {
        const collapsed = data.replace(/[\s\u00a0]+/g, ' ');
        current += current === '' || current.endsWith(' ') ? collapsed.replace(/^ /, '') : collapsed;
      }
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const element = node as Element;
    const name = element.name.toLowerCase();
    if (SKIPPED_ELEMENTS.has(name)) continue;
    if (leaving) {
      if (BLOCK_ELEMENTS.has(name)) breakLine();
      if (name === 'blockquote') depth--;
      if (name === 'pre') preDepth--;
      // A paragraph ends with a blank line, except Word's MsoNormal paragraphs (margin 0).
      if ((name === 'p' && !/\bMsoNormal\b/.test(element.attribs.class ?? '')) || name === 'table') {
        lines.push('> '.repeat(depth).trimEnd());
      }
      continue;
    }
    if (name === 'br') {
      flush(true);
      continue;
    }
    if (name === 'hr') {
      breakLine();
      lines.push('> '.repeat(depth) + '________________________________');
      continue;
    }
    if (name === 'td' || name === 'th') current += current && !current.endsWith(' ') ? ' ' : '';
    if (BLOCK_ELEMENTS.has(name)) breakLine();
    if (name === 'blockquote') depth++;
    if (name === 'pre') preDepth++;
    stack.push({ node, leaving: true });
    const children = element.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], leaving: false });
  }
  flush();
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
