import type { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../app/logger';
import type { OpsState } from '../../app/ops';
import type { TokenService } from '../auth/tokens';

/** What the HTTP layer needs; built by the composition root (app/system.ts) or a test. */
export interface ApiDeps {
  dataSource: DataSource;
  databaseLabel: string;
  temporal: { client: Client; connection: Connection; namespace: string; taskQueue: string; address: string; uiUrl: string | null };
  tokens: TokenService;
  evidenceDir: string;
  /** Failed logins allowed per username and address in 15 minutes. */
  loginRateLimit: number;
  logger: Logger;
  /** Built web UI to serve at `/`, when present. */
  webDir: string | null;
  /** The probes' view of the process (draining, the worker's state); default: not draining, no worker. */
  ops?: OpsState;
  /** METRICS_TOKEN: `/metrics` then needs it as a bearer token. */
  metricsToken?: string | null;
  /** HAZARD_OPEN (app/config.ts); default `transaction`. */
  hazardOpen?: 'transaction' | 'update';
}
