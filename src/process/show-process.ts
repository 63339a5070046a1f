import { stringify } from 'yaml';
import { formatPath } from './load-process-file.js';
import type { ProcessFile } from './process-schema.js';

const MASK = '********';

/** `15m`, `1h`, `90s`: the largest whole unit, as people write it in the file. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/**
 * The effective process as a YAML file people could have written (`sitrep config show`); every value
 * that came from the environment is masked, since that is where secrets live.
 */
export function showProcess(process: ProcessFile, fromEnvironment: string[] = []): string {
  const written = {
    severities: process.severities.map((s) => ({
      id: s.id,
      label: s.label,
      ...(s.description ? { description: s.description } : {}),
      update_every: formatDuration(s.updateEveryMs),
      major: s.major,
    })),
    default_severity: process.default_severity ?? process.severities.at(-1)!.id,
    roles: process.roles,
    types: process.types.map((t) => ({
      id: t.id,
      title: t.title,
      private: t.private,
      ...(t.defaultSeverity ? { default_severity: t.defaultSeverity } : {}),
      invite: t.invite,
      ...(t.runbook ? { runbook: t.runbook } : {}),
      checklist: t.checklist,
    })),
    rules: process.rules.map((r) => ({ name: r.name, when: r.when, do: r.actions })),
    // These sections read back as they were written (with their defaults filled in).
    alerts: process.alerts,
    paging: process.paging,
    followups: process.followups,
  };
  return stringify(mask(written, [], new Set(fromEnvironment)), { lineWidth: 0 });
}

function mask(value: unknown, path: (string | number)[], masked: Set<string>): unknown {
  if (masked.has(formatPath(path))) return MASK;
  if (Array.isArray(value)) return value.map((item, i) => mask(item, [...path, i], masked));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, mask(v, [...path, k], masked)]),
    );
  }
  return value;
}
