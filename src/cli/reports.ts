import type { Db } from '../db/database.js';
import type { IncidentPolicy } from '../incidents/policy.js';
import { listReport } from './list-report.js';
import { retroReport } from './retro-report.js';
import { timelineReport } from './timeline-report.js';

export interface ReportCommand {
  command: 'list' | 'timeline' | 'retro';
  positionals: string[];
  json: boolean;
  version: string | undefined;
  timezone: string;
  /** Severity labels and order, the commander role. */
  policy: IncidentPolicy;
}

/** The read-only CLI commands: each returns the text to print. */
export async function runReportCommand(db: Db, report: ReportCommand): Promise<string> {
  switch (report.command) {
    case 'timeline':
      return timelineReport(db, report);
    case 'list':
      return listReport(db, report);
    case 'retro':
      return retroReport(db, report);
  }
}
