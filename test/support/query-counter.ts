import type { DataSource, EntitySubscriberInterface } from 'typeorm';

/**
 * Counts the SQL statements a DataSource sends, through TypeORM's own query events (every
 * statement of every query runner passes there), to assert that batching holds.
 */
export function countQueries(dataSource: DataSource): {
  count(): number;
  statements(): string[];
  reset(): void;
} {
  let statements: string[] = [];
  const subscriber: EntitySubscriberInterface = {
    beforeQuery: (event) => {
      statements.push(event.query);
    },
  };
  dataSource.subscribers.push(subscriber);
  return {
    count: () => statements.length,
    statements: () => [...statements],
    reset: () => {
      statements = [];
    },
  };
}
