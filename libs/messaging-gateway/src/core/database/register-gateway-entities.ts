import { TypeOrmModule } from '@nestjs/typeorm';

/**
 * Lists entities for the host's `autoLoadEntities`, which is what calling
 * `TypeOrmModule.forFeature` does. Its repository providers are deliberately not imported: the
 * gateway queries through the DataSource (`GATEWAY_DATA_SOURCE`), so a host without TypeORM gets
 * that provider's one-line error rather than Nest's dependency-resolution trace.
 */
export function registerGatewayEntities(entities: (new () => object)[]): void {
  TypeOrmModule.forFeature(entities);
}
