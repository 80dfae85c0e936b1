import type { ChildNode, Document, Element, ParentNode } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { serializeDom } from './html-serialize';
import { extractReply, type ReplyExtraction } from './extract-reply';
import { isCutMarker } from './html-quote-markers';
import { domToText } from './html-to-text';
import { limitNesting } from './limit-nesting';

/** Reply extracted from HTML: plain text, plus the HTML with the client-marked history cut. @publicApi */
export interface HtmlReplyExtraction extends ReplyExtraction {
  /** The HTML up to the first quote marker the mail client left (unsanitised: sanitise before display). */
  html: string;
}

/** First element, in document order, that a mail client marks as the start of quoted history. */
function findCutMarker(document: Document): Element | null {
  const stack: ChildNode[] = [...document.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type !== 'tag') continue;
    const element = node as Element;
    if (isCutMarker(element)) return element;
    for (let i = element.children.length - 1; i >= 0; i--) stack.push(element.children[i]);
  }
  return null;
}

/** Detaches `marker` and everything after it in document order; returns what was removed. */
function cutFrom(marker: Element): ChildNode[] {
  const removed: ChildNode[] = [];
  let node: ChildNode | ParentNode | null = marker;
  let first = true;
  while (node && node.parent) {
    const parent: ParentNode = node.parent;
    const index = parent.children.indexOf(node as ChildNode);
    const tail = parent.children.slice(first ? index : index + 1);
    for (const child of tail) DomUtils.removeElement(child);
    removed.push(...tail);
    first = false;
    node = parent;
  }
  return removed;
}

/**
 * Removes quoted history and signatures from an HTML reply. Client markers (Gmail, Outlook,
 * Yahoo, Thunderbird, Apple Mail …) cut the DOM first; the remaining text then goes through
 * the same line rules as plain text, which catch unmarked headers ("From: … Sent: …").
 * @publicApi
 */
export function extractReplyFromHtml(html: string): HtmlReplyExtraction {
  const document = parseDocument(limitNesting(html), { decodeEntities: true, lowerCaseTags: true });
  const marker = findCutMarker(document);
  const removed = marker ? cutFrom(marker) : [];
  const text = domToText(document.children);
  const { reply, elided } = extractReply(text);
  const removedText = removed.length ? domToText(removed) : '';
  const keptHtml = serializeDom(document.children);
  if (!reply.trim() && removedText) {
    // Nothing above the marker: a forward (its body is the message) or history alone (no reply).
    const marked = extractReply(removedText);
    if (marked.reply) return { ...marked, html };
    return { reply: '', elided: [elided, marked.elided].filter(Boolean).join('\n\n'), html: keptHtml };
  }
  return { reply, elided: [elided, removedText].filter(Boolean).join('\n\n'), html: keptHtml };
}
