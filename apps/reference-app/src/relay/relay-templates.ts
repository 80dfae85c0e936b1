import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { RELAY_EMAIL_TYPES, type RelayEmailType, type RelayRequest } from './relay-request';

type Rendered = { text: string; html: string };

const handlebars = Handlebars.create();
const compile = (type: RelayEmailType, part: 'text' | 'html') =>
  handlebars.compile(readFileSync(join(__dirname, 'templates', `${type}.${part}.hbs`), 'utf8'), {
    // The text part is plain text: nothing to escape. The HTML part escapes every value.
    noEscape: part === 'text',
    strict: false,
  });

const TEMPLATES = Object.fromEntries(
  RELAY_EMAIL_TYPES.map((type) => [type, { text: compile(type, 'text'), html: compile(type, 'html') }]),
) as Record<RelayEmailType, { text: Handlebars.TemplateDelegate; html: Handlebars.TemplateDelegate }>;

/** The body of a relay email, one handlebars template pair per type. */
export function renderRelayEmail(request: RelayRequest): Rendered {
  const data = { token: request.token, link: request.link, expiresAt: request.expiresAt.replace('.000Z', 'Z') };
  const templates = TEMPLATES[request.type];
  return { text: templates.text(data), html: templates.html(data) };
}
