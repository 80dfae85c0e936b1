import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import sanitizeHtml from 'sanitize-html';

/** File names of the two templates; a host's `outbound.templatesDir` may override either. */
const TEMPLATE_FILES = { html: 'email.html.hbs', text: 'email.text.hbs' } as const;
/** The default layout, copied into dist by scripts/copy-lib-assets.js. */
const SHIPPED_TEMPLATES_DIR = join(__dirname, 'templates');

/** What a template sees. User data only ever reaches it through `{{ }}` (escaped in HTML). */
export interface EmailTemplateData {
  subject: string;
  text: string;
  /** Sanitized HTML of the answer, when the host sent HTML. */
  html?: string;
  senderName?: string;
  productName: string;
}

export interface RenderedBody {
  text: string;
  html: string;
}

/**
 * The outbound layout: Handlebars templates read and compiled once, at boot, from our own files
 * or the host's folder (trusted files only: user input is data, never a template, CVE-2021-23369).
 * The HTML template runs with escaping (`{{ }}`); the text template without, since text is not
 * HTML. The only raw HTML a template receives is the host's answer after sanitize-html.
 * @publicApi
 */
export class EmailTemplates {
  private readonly html: Handlebars.TemplateDelegate;
  private readonly text: Handlebars.TemplateDelegate;

  constructor(options: { templatesDir?: string } = {}) {
    const handlebars = Handlebars.create();
    const read = (name: string): string => {
      const custom = options.templatesDir ? join(options.templatesDir, name) : undefined;
      return readFileSync(custom && existsSync(custom) ? custom : join(SHIPPED_TEMPLATES_DIR, name), 'utf8');
    };
    // knownHelpersOnly: a template can use if/each/unless/with only, nothing registered at runtime.
    this.html = handlebars.compile(read(TEMPLATE_FILES.html), { knownHelpersOnly: true, strict: false });
    this.text = handlebars.compile(read(TEMPLATE_FILES.text), { knownHelpersOnly: true, noEscape: true });
    // Compile now, not at first use, so a broken host template stops the boot.
    this.render({ subject: '', text: '', productName: '' });
  }

  render(data: EmailTemplateData): RenderedBody {
    const paragraphs = data.text
      .replace(/\r\n?/g, '\n')
      .split(/\n[ \t]*\n/)
      .filter((paragraph) => paragraph.trim() !== '')
      .map((paragraph) => paragraph.split('\n'));
    const html = data.html === undefined ? undefined : new Handlebars.SafeString(sanitizeAnswerHtml(data.html));
    return {
      html: this.html({ ...data, html, paragraphs }),
      text: this.text(data).replace(/\n{3,}/g, '\n\n'),
    };
  }
}

/** An agent's HTML, reduced to formatting and links (no script, style, event handlers, forms, frames). */
export function sanitizeAnswerHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img'],
    allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], '*': ['style'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['https', 'cid'] },
    allowedStyles: {
      '*': {
        color: [/^#[0-9a-f]{3,6}$/i, /^rgb\(\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\)$/],
        'font-weight': [/^(bold|normal|\d{3})$/],
        'font-style': [/^(italic|normal)$/],
        'text-decoration': [/^(underline|line-through|none)$/],
      },
    },
  });
}
