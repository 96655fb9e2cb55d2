import type { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../app/logger';
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
}
