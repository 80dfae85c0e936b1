import { fromText, group, withDefault } from '../option';
import { rules } from '../option-rules';

/** How the gateway talks to the host's PostgreSQL (through its TypeORM DataSource). */
export const databaseOptions = group({
  /**
   * Run the statements every email makes (accept, claim, final write, outbox) as named prepared
   * statements, so PostgreSQL parses and plans each once per connection instead of once per email
   * (EMAIL_DB_PREPARED_STATEMENTS). Set false behind PgBouncer in transaction pooling before 1.21,
   * or without `max_prepared_statements`: such a pooler cannot keep a prepared statement with the
   * connection that made it. @default true
   */
  preparedStatements: withDefault(true, {
    env: 'EMAIL_DB_PREPARED_STATEMENTS',
    parse: fromText.boolean,
    check: rules.boolean,
  }),
});
