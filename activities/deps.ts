import type { DataSource } from 'typeorm';
import type { Logger } from '../app/logger';

/** What activities may use; the worker builds it and injects it into every factory. */
export interface ActivityDeps {
  dataSource: DataSource;
  logger: Logger;
  /** Injected so tests can pin time. */
  now: () => Date;
}
