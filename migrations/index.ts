import { messagingGatewayMigrations } from 'nestjs-messaging-gateway';
import { ReferenceAppSchema1763942400000 } from './1763942400000-reference-app-schema';

/**
 * Every migration of the reference app, in order: the gateway's, as the package ships them, then
 * the app's own. New app migrations are appended here; TypeORM runs the ones not yet recorded in
 * the `migrations` table.
 */
export const migrations = [...messagingGatewayMigrations, ReferenceAppSchema1763942400000];
