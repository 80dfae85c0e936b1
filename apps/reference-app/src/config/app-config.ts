/** Settings of the reference app itself (the gateway reads its own from the same environment). */
export interface AppConfig {
  port: number;
  production: boolean;
  databaseUrl: string;
  redisUrl: string;
  /** Apply pending migrations at start (DATABASE_MIGRATIONS_RUN). @default true */
  migrationsRun: boolean;
  /** The environment the gateway reads, after development defaults were filled in. */
  env: NodeJS.ProcessEnv;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/messaging_gateway';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export function loadAppConfig(env: NodeJS.ProcessEnv): AppConfig {
  const port = Number(env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT: "${env.PORT}" is not a port; use a number between 1 and 65535.`);
  }
  return {
    port,
    production: env.NODE_ENV === 'production',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    redisUrl: env.REDIS_URL || DEFAULT_REDIS_URL,
    migrationsRun: (env.DATABASE_MIGRATIONS_RUN ?? 'true').toLowerCase() !== 'false',
    env,
  };
}
