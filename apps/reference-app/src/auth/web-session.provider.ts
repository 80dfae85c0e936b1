import type { Provider } from '@nestjs/common';
import type { CookieOptions } from 'express';
import { AppConfig } from '../config/app-config';
import { CsrfTokens } from './csrf-tokens';
import { SessionStore } from './session-store';
import { WebSession } from './web-session';

/** Secure cookies whenever the public URL is https (always in production behind TLS). */
function cookieOptions(config: AppConfig): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: config.publicUrl.startsWith('https:'), path: '/' };
}

export const webSessionProviders: Provider[] = [
  {
    provide: WebSession,
    useFactory: (config: AppConfig, store: SessionStore) =>
      new WebSession(config.sessionSecret, cookieOptions(config), store),
    inject: [AppConfig, SessionStore],
  },
  {
    provide: CsrfTokens,
    useFactory: (config: AppConfig) => new CsrfTokens(config.sessionSecret, cookieOptions(config)),
    inject: [AppConfig],
  },
];
