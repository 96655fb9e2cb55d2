/**
 * The one entry point, with subcommands:
 *   start   everything on one machine (npm start)
 *   api     the API + web service (production)
 *   worker  the Temporal worker service (production; scale horizontally)
 *   migrate run pending database migrations
 *   seed    seed the demo organisation (idempotent)
 *   temporal obtain the Temporal CLI and print its path
 */
// First: tracing (when configured) must be in place before the app's modules load.
import './start-tracing';
import { ConfigError, loadConfig } from '../app/config';
import { createLogger } from '../app/logger';
import { StartupError, startSystem, type Mode } from '../app/system';
import { describeDatabase, migrate, openDatabase } from '../db/data-source';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../db/seed/demo';
import { obtainTemporalCli, ToolchainError } from '../temporal/cli';
import { PortInUseError } from '../temporal/dev-server';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(cmd: string): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' && cmd === 'start' ? 'warn' : config.logLevel);
  switch (cmd) {
    case 'start':
    case 'api':
    case 'worker': {
      const started = Date.now();
      const mode: Mode = cmd === 'start' ? 'all' : cmd;
      const system = await startSystem(config, logger, mode, { say });
      banner(system, mode, config.seedDemo, (Date.now() - started) / 1000);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        say(`\n${signal}: stopping SafeLoop…`);
        await system.stop();
        say('Stopped.');
        process.exit(0);
      };
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, () => void stop(s));
      // A worker that cannot go on takes the process down (exit 1): the supervisor (systemd,
      // Kubernetes, docker restart policy) starts a fresh one, instead of an idle process that
      // looks alive but runs no workflow.
      void system.workerFailure?.then(async (err) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(
          `safeloop: the Temporal worker stopped with an error: ${err.message.split('\n')[0]}. Exiting so that the supervisor starts a fresh worker.\n`,
        );
        setTimeout(() => process.exit(1), 10_000).unref();
        await system.stop();
        process.exit(1);
      });
      return;
    }
    case 'migrate': {
      const ds = await openDatabase(config.database);
      const applied = await migrate(ds);
      say(applied.length ? `Applied ${applied.length} migration(s) to ${describeDatabase(config.database)}: ${applied.join(', ')}` : 'Database is up to date.');
      await ds.destroy();
      return;
    }
    case 'seed': {
      const ds = await openDatabase(config.database);
      await migrate(ds);
      const { created } = await seedDemo(ds, { locale: config.demoLocale });
      say(created ? 'Demo organisation seeded.' : 'Demo organisation already present; nothing changed.');
      await ds.destroy();
      return;
    }
    case 'temporal': {
      say(await obtainTemporalCli(say));
      return;
    }
    default:
      throw new StartupError(`Unknown command "${cmd}". Use one of: start, api, worker, migrate, seed, temporal.`);
  }
}

function banner(s: Awaited<ReturnType<typeof startSystem>>, mode: Mode, demo: boolean, seconds: number): void {
  const lines = ['', `SafeLoop is running (${mode}, ready in ${seconds.toFixed(1)} s)`];
  if (s.appUrl) lines.push(`  App:          ${s.appUrl}`, `  API docs:     ${s.appUrl}/api/docs`, `  Health:       ${s.appUrl}/api/health`);
  lines.push(`  Temporal:     ${s.temporalAddress}`);
  if (s.temporalUiUrl) lines.push(`  Temporal UI:  ${s.temporalUiUrl}`);
  lines.push(`  Database:     ${s.databaseLabel}`);
  const queues = Object.entries(s.workerQueues).map(([kind, queue]) => `${kind} (${queue})`);
  if (queues.length) lines.push(`  Workers:      ${queues.join(', ')}`);
  if (s.mailSinkPort) lines.push(`  Mail sink:    smtp://127.0.0.1:${s.mailSinkPort} (every mail sent is shown in the app under Mail sink)`);
  if (demo && mode !== 'worker') {
    lines.push('', `  Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const l of DEMO_LOGINS) lines.push(`    ${l.username.padEnd(17)} ${l.label}`);
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  say(lines.join('\n'));
}

main(process.argv[2] ?? 'start').catch((err: unknown) => {
  if (err instanceof StartupError || err instanceof ConfigError || err instanceof ToolchainError || err instanceof PortInUseError) {
    process.stderr.write(`safeloop: ${err.message}\n`);
  } else {
    process.stderr.write(`safeloop: unexpected failure: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
