import { DataSource } from 'typeorm';
import { PreparedStatements } from 'nestjs-messaging-gateway/core/database/prepared-statements';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

/**
 * The per-email statements as named prepared statements (real PostgreSQL): the same answers as
 * `DataSource.query()`, each text prepared once per connection, and none at all when turned off
 * (PgBouncer in transaction pooling).
 */
describe('PreparedStatements (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  // One connection, so the statements and the pg_prepared_statements lookup share a session.
  const prepared = async (): Promise<string[]> =>
    (await dataSource.query(`SELECT name FROM pg_prepared_statements ORDER BY name`)).map(
      (row: { name: string }) => row.name,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 1 } }).initialize();
    await dataSource.query(`CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL, n int NOT NULL DEFAULT 0)`);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });
  beforeEach(() => dataSource.query(`DEALLOCATE ALL`));

  const insert = `INSERT INTO items (name) VALUES ($1) RETURNING id, name`;
  const update = `UPDATE items SET n = n + 1 WHERE name = $1 RETURNING n`;
  const select = `WITH found AS (SELECT id, n FROM items WHERE name = $1) SELECT n FROM found`;

  it('answers exactly as DataSource.query does: rows, or [rows, count] for an UPDATE', async () => {
    const statements = new PreparedStatements(dataSource, { preparedStatements: true });
    const viaTypeorm = {
      insert: await dataSource.query(insert, ['a']),
      update: await dataSource.query(update, ['a']),
      select: await dataSource.query(select, ['a']),
      none: await dataSource.query(update, ['missing']),
    };
    const viaPrepared = {
      insert: await statements.query(insert, ['b']),
      update: await statements.query(update, ['b']),
      select: await statements.query(select, ['b']),
      none: await statements.query(update, ['missing']),
    };
    expect(viaTypeorm.insert).toEqual([{ id: 1, name: 'a' }]);
    expect(viaPrepared.insert).toEqual([{ id: 2, name: 'b' }]);
    expect(viaPrepared.update).toEqual(viaTypeorm.update);
    expect(viaPrepared.update).toEqual([[{ n: 1 }], 1]);
    expect(viaPrepared.select).toEqual(viaTypeorm.select);
    expect(viaPrepared.none).toEqual([[], 0]);
    expect(viaPrepared.none).toEqual(viaTypeorm.none);
  });

  it('prepares each text once per connection and reuses it, under a name derived from the text', async () => {
    const statements = new PreparedStatements(dataSource, { preparedStatements: true });
    for (let i = 0; i < 3; i++) await statements.query(update, ['a']);
    await statements.query(select, ['a']);
    const names = await prepared();
    expect(names).toHaveLength(2);
    for (const name of names) expect(name).toMatch(/^mgw_[0-9a-f]{24}$/);
    // Another instance (another process, a restart) names the same text the same way.
    await new PreparedStatements(dataSource, { preparedStatements: true }).query(update, ['a']);
    expect(await prepared()).toEqual(names);
  });

  it('prepares a statement again when the server lost it (DEALLOCATE, DISCARD ALL, a pooler)', async () => {
    const statements = new PreparedStatements(dataSource, { preparedStatements: true });
    await statements.query(update, ['a']);
    const [name] = await prepared();
    await dataSource.query(`DEALLOCATE ALL`);
    expect(await prepared()).toEqual([]);
    // pg still counts it parsed on this connection: the Bind fails (26000), and it is parsed again.
    expect(await statements.query(update, ['a'])).toEqual([[{ n: expect.any(Number) }], 1]);
    expect(await prepared()).toEqual([name]);
  });

  it('prepares nothing when turned off, and still answers the same', async () => {
    const statements = new PreparedStatements(dataSource, { preparedStatements: false });
    expect(await statements.query(update, ['a'])).toEqual([[{ n: expect.any(Number) }], 1]);
    expect(await statements.query(select, ['a'])).toEqual([{ n: expect.any(Number) }]);
    expect(await prepared()).toEqual([]);
  });

  it('reports a failing statement with PostgreSQL’s code, like any query', async () => {
    const statements = new PreparedStatements(dataSource, { preparedStatements: true });
    await expect(statements.query(`INSERT INTO items (id, name) VALUES ($1, $2)`, [1, 'again'])).rejects.toMatchObject({
      code: '23505',
    });
  });
});
