import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { registerViewHelpers } from './view-helpers';

const LAYOUT = join(__dirname, 'views', 'layout.hbs');

/**
 * Server-rendered pages with handlebars: a feature renders `<its folder>/views/<page>.hbs` inside
 * the shared layout. `{{ }}` escapes every value; no template uses `{{{ }}}` for user content.
 * Templates are compiled once and cached.
 */
@Injectable()
export class ViewRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor() {
    registerViewHelpers(this.handlebars);
  }

  /** Renders `view` (an absolute .hbs path) in the layout; `res.locals` carries admin and csrfToken. */
  render(res: Response, view: string, data: Record<string, unknown>, status = 200): void {
    const context = { ...res.locals, ...data };
    const body = this.template(view)(context);
    const page = this.template(LAYOUT)({ ...context, body: new Handlebars.SafeString(body) });
    res
      .status(status)
      .type('html')
      .setHeader(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      )
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('Referrer-Policy', 'same-origin')
      .send(page);
  }

  private template(path: string): Handlebars.TemplateDelegate {
    let template = this.compiled.get(path);
    if (!template) {
      template = this.handlebars.compile(readFileSync(path, 'utf8'), { strict: false });
      this.compiled.set(path, template);
    }
    return template;
  }
}
