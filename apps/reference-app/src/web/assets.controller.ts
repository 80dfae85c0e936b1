import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header } from '@nestjs/common';

const STYLESHEET = readFileSync(join(__dirname, 'assets', 'app.css'), 'utf8');

/** The one stylesheet of the web pages (no build step, no inline styles: the CSP forbids them). */
@Controller('assets')
export class AssetsController {
  @Get('app.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  stylesheet(): string {
    return STYLESHEET;
  }
}
