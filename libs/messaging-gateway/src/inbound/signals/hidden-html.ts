import type { ChildNode, Element, Text } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { serializeDom } from '../../reply-text/html-serialize';
import { limitNesting } from '../../reply-text/limit-nesting';
import { backgroundColour, normalizeColour } from './css-colour';

/** How text was hidden from a person reading the email in a mail client. */
export type HiddenHow = 'display:none' | 'font-size:0' | 'colour of the background';

export interface HiddenHtml {
  /** The HTML without the hidden elements and text (unsanitised, like the input). */
  html: string;
  /** The text that was hidden, one entry per hidden element or run of text. */
  hidden: string[];
  how: HiddenHow[];
}

/** The page a mail client draws on, unless the email paints its own. */
const PAGE_BACKGROUND = '#ffffff';
const ZERO = /^(?:0+(?:\.0+)?)(?:px|pt|em|rem|%)?$/;
const SKIPPED = new Set(['head', 'style', 'script', 'title', 'template']);

function styleOf(element: Element): Map<string, string> {
  const declarations = new Map<string, string>();
  for (const part of (element.attribs.style ?? '').split(';')) {
    const colon = part.indexOf(':');
    if (colon > 0)
      declarations.set(
        part.slice(0, colon).trim().toLowerCase(),
        part
          .slice(colon + 1)
          .trim()
          .toLowerCase(),
      );
  }
  return declarations;
}

/** Why the element hides everything in it, if it does. */
function hiddenBy(element: Element, style: Map<string, string>): HiddenHow | null {
  const display = style.get('display')?.replace(/\s*!important$/, '');
  if (display === 'none' || element.attribs.hidden !== undefined) return 'display:none';
  if (style.get('visibility')?.startsWith('hidden')) return 'display:none';
  const size = style.get('font-size')?.replace(/\s*!important$/, '');
  if (size !== undefined && ZERO.test(size)) return 'font-size:0';
  return null;
}

/**
 * Finds text a mail client would not show, the way hidden instructions are planted for an AI
 * that reads the email: elements with `display:none` (or `visibility:hidden`, `hidden`), zero
 * font size, and text whose colour is the colour of its background (inline styles, `<font
 * color>` and `bgcolor`; the page is white unless the email paints it). Stylesheets are not
 * evaluated: inline styles are what survive mail clients, and what such tricks use.
 */
export function revealHiddenHtml(source: string): HiddenHtml {
  const document = parseDocument(limitNesting(source));
  const hidden: string[] = [];
  const how = new Set<HiddenHow>();
  const removals: ChildNode[] = [];

  type Frame = { node: ChildNode; colour: string | null; background: string };
  const stack: Frame[] = [...document.children]
    .reverse()
    .map((node) => ({ node, colour: null, background: PAGE_BACKGROUND }));
  while (stack.length > 0) {
    const { node, colour, background } = stack.pop()!;
    if (node.type === 'text') {
      const text = (node as Text).data;
      if (colour !== null && colour === background && text.trim()) {
        hidden.push(text.trim());
        how.add('colour of the background');
        removals.push(node);
      }
      continue;
    }
    if (node.type !== 'tag') continue;
    const element = node as Element;
    if (SKIPPED.has(element.name)) continue;
    const style = styleOf(element);
    const reason = hiddenBy(element, style);
    if (reason) {
      const text = DomUtils.textContent(element).replace(/\s+/g, ' ').trim();
      if (text) {
        hidden.push(text);
        how.add(reason);
      }
      removals.push(element);
      continue;
    }
    const ownColour = normalizeColour(
      style.get('color') ?? (element.name === 'font' ? element.attribs.color : undefined),
    );
    const ownBackground =
      normalizeColour(style.get('background-color')) ??
      backgroundColour(style.get('background')) ??
      normalizeColour(element.attribs.bgcolor);
    const next = { colour: ownColour ?? colour, background: ownBackground ?? background };
    for (let i = element.children.length - 1; i >= 0; i--) stack.push({ node: element.children[i], ...next });
  }
  if (removals.length === 0) return { html: source, hidden, how: [...how] };
  for (const node of removals) DomUtils.removeElement(node);
  return { html: serializeDom(document.children), hidden, how: [...how] };
}
