import type { Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { WebSession } from './web-session';

/** Secure cookies whenever the public URL is https (always in production behind TLS). */
export const webSessionProvider: Provider = {
  provide: WebSession,
  useFactory: (config: AppConfig) => new WebSession(config.sessionSecret, config.publicUrl.startsWith('https:')),
  inject: [AppConfig],
};
