import type { Element } from 'domhandler';

/**
 * Elements after which everything is quoted history, as mail clients mark it in HTML:
 * Gmail (`gmail_quote`), Yahoo (`yahoo_quoted`), Thunderbird (`moz-cite-prefix`), Outlook on
 * the web and new Outlook (`divRplyFwdMsg`, `appendonsend`, `mail-editor-reference-message-container`),
 * Outlook for Mac (`OLK_SRC_BODY_SECTION`), Windows Live / Hotmail (`hr#stopSpelling`),
 * ProtonMail, Zoho and Outlook mobile. Prefixes such as `x_` and `ecx` come from webmail
 * clients that rewrite ids and classes of the HTML they display.
 */
const CUT_CLASSES =
  /(?:^|\s)(?:x_|ecx)?(?:gmail_quote(?:_container)?|gmail_attr|[\w-]*yahoo_quoted|moz-cite-prefix|moz-forward-container|protonmail_quote|zmail_extra|OutlookMessageHeader|ms-outlook-mobile-reference-message|reply-intro|replyHeader)(?:\s|$)/;
const CUT_IDS =
  /^(?:x_|ecx)?(?:divRplyFwdMsg|appendonsend|OLK_SRC_BODY_SECTION|mail-editor-reference-message-container|stopSpelling|isForwardContent|isReplyContent|reply139content|ydp[0-9a-f]+yahoo_quoted_[0-9]+)$/;

export function isCutMarker(element: Element): boolean {
  const className = element.attribs.class;
  if (className && CUT_CLASSES.test(className)) return true;
  const id = element.attribs.id;
  if (id && CUT_IDS.test(id)) return true;
  // Outlook desktop draws the header block of the quoted mail in a div with a top border.
  const style = element.attribs.style;
  return (
    element.name === 'div' &&
    style !== undefined &&
    /border-top:\s*solid\s+#(?:E1E1E1|B5C4DF)/i.test(style) &&
    /padding:\s*3\.0pt/i.test(style)
  );
}

/** Elements whose content is never text. */
export const SKIPPED_ELEMENTS = new Set(['head', 'script', 'style', 'title', 'template', 'noscript', 'svg', 'object']);

/** Elements that start and end a line of text. */
export const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tr',
  'ul',
]);
