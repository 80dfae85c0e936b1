import type { Provider } from '@nestjs/common';
import { AutomaticMailService } from './automatic-mail.service';

/** Providers of automatic-mail handling (bounces, complaints, auto-replies, loop guard). */
export const automaticMailProviders: Provider[] = [AutomaticMailService];
