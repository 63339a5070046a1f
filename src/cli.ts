#!/usr/bin/env node
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { ConfigError, loadConfig, loadStorageConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { migrateToLatest } from './db/migrate.js';
import type { IncidentPolicy } from './incidents/policy.js';
import { loadIncidentProcess } from './process/incident-process.js';
import { createLogger } from './logger.js';
import { CONFIG_USAGE } from './cli/config-command.js';
import { UsageError } from './cli/usage-error.js';
import { ProcessFileError } from './process/load-process-file.js';

const USAGE = `Usage: sitrep <command>

  start                       run the bot (migrates the database first)
  migrate                     bring the database schema up to date
  list [--json]               open incidents
  timeline <incident> [--json]  an incident's timeline (42 or INC-42)
  retro <incident> [--version N]  an incident's retrospective draft (Markdown)
${CONFIG_USAGE}`;

/** Problems an operator fixes: printed as one clear message, exit 1, no stack trace. */
function isOperatorError(error: unknown): error is Error {
  // StartupError by name: main.js (the whole Slack side) is loaded for `start` only, so reports start fast.
  const startupError = error instanceof Error && error.name === 'StartupError';
  return error instanceof ConfigError || startupError || error instanceof DataDirLockedError || error instanceof UsageError || error instanceof ProcessFileError;
}

// After a clean stop, how long a handle left open may keep the process up.
const EXIT_GRACE_MS = 2_000;

async function start(): Promise<void> {
  const config = loadConfig();
  const { startSitrep } = await import('./main.js');
  const sitrep = await startSitrep(config);
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(1);
    sitrep.ctx.logger.info({ signal }, 'shutting down');
    // No process.exit() straight after stop(): it cut off or reordered the last log lines still being
    // written. The process ends by itself once stop() has closed everything, or after a grace period.
    void sitrep.stop().then(() => {
      process.exitCode = 0;
      setTimeout(() => process.exit(0), EXIT_GRACE_MS).unref();
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** Runs a database-only command against the configured database, then closes it. */
async function withStorage<T>(
  work: (db: Awaited<ReturnType<typeof openDatabase>>['db'], timezone: string, policy: IncidentPolicy) => Promise<T>,
): Promise<T> {
  const config = loadStorageConfig();
  const logger = createLogger({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    return await work(database.db, config.timezone, loadIncidentProcess(config).policy);
  } finally {
    await database.close();
  }
}

/** Flags the report commands take; a wrong one is a usage mistake, answered with the usage. */
function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, version: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseOptions(rest);
  switch (command) {
    case 'start':
      return start();
    case 'migrate': {
      const applied = await withStorage(async (db) => (await migrateToLatest(db)).applied);
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database schema is up to date.\n');
      return;
    }
    case 'list':
    case 'timeline':
    case 'retro': {
      const { runReportCommand } = await import('./cli/reports.js');
      const output = await withStorage(async (db, timezone, policy) => {
        await migrateToLatest(db);
        return runReportCommand(db, { command, positionals, json: values.json ?? false, version: values.version, timezone, policy });
      });
      process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
      return;
    }
    case 'config': {
      const { runConfigCommand } = await import('./cli/config-command.js');
      process.stdout.write(`${runConfigCommand(positionals)}\n`);
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return;
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

dotenv.config({ quiet: true });
main(process.argv.slice(2)).catch((error: unknown) => {
  if (isOperatorError(error)) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`sitrep failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
