import { group, optional, type OptionContext, withDefault } from '../option';
import { rules } from '../option-rules';

/** A host `messagesApiClient` replaces the HTTP client, which then needs no URL or key. */
const httpClientUsed = ({ root }: OptionContext): boolean => !root.messagesApiClient;

/** The HTTP client of the host's Messages API. */
export const messagesApiOptions = group({
  /** Per-request timeout in ms. @default 10000 */
  timeoutMs: withDefault(10_000, { check: rules.positiveInteger() }),
  /** Retries on network errors, 429 and 5xx. @default 3 */
  retries: withDefault(3, {
    check: (value, fail) => {
      if (!Number.isInteger(value) || value < 0 || value > 10) fail(`${value} is out of range`, 'use 0 to 10');
    },
  }),
  /** Base URL, e.g. http://localhost:3000/api/v1/messages (MESSAGES_API_BASE_URL). Required unless `messagesApiClient` is given. */
  baseUrl: optional<string>({
    env: 'MESSAGES_API_BASE_URL',
    requiredWhen: httpClientUsed,
    missing: {
      problem: 'not set',
      fix: 'set it to the Messages API, e.g. http://localhost:3000/api/v1/messages, or give messagesApiClient',
    },
    check: (value, fail, context) => httpClientUsed(context) && rules.httpUrl(value, fail),
  }),
  /** Bearer key (MESSAGES_API_KEY). Required unless `messagesApiClient` is given. */
  apiKey: optional<string>({
    env: 'MESSAGES_API_KEY',
    requiredWhen: httpClientUsed,
    missing: { problem: 'not set', fix: 'set it to the bearer key the Messages API expects' },
  }),
});
