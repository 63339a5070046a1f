import type { Db } from '../db/database.js';
import { UsageError } from './usage-error.js';

export interface ReportCommand {
  command: 'list' | 'timeline' | 'retro';
  positionals: string[];
  json: boolean;
  version: string | undefined;
  timezone: string;
}

/** The read-only CLI commands: each returns the text to print. */
export async function runReportCommand(_db: Db, report: ReportCommand): Promise<string> {
  throw new UsageError(`sitrep ${report.command} is not available yet.`);
}
