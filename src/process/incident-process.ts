import type { IncidentPolicy, PolicySettings } from '../incidents/policy.js';
import { builtInProcess, policyFromProcess } from './default-process.js';
import { loadProcessFile } from './load-process-file.js';
import type { ProcessFile } from './process-schema.js';

/** The organisation's process Sitrep runs: the policy every part asks, and the file's other sections. */
export interface IncidentProcess {
  policy: IncidentPolicy;
  process: ProcessFile;
  /** The file it came from; undefined for the built-in process. */
  file: string | undefined;
  /** Paths whose values came from the environment (masked when shown). */
  fromEnvironment: string[];
}

/**
 * Loads the process: the file SITREP_CONFIG names (or ./sitrep.yaml when present), else the built-in
 * one from STALE_AFTER_* and DEFAULT_SEVERITY. A bad file throws ProcessFileError naming every problem.
 */
export function loadIncidentProcess(settings: PolicySettings & { processFile: string | undefined }, env: NodeJS.ProcessEnv = process.env): IncidentProcess {
  const loaded = loadProcessFile(settings.processFile, env);
  if (!loaded) {
    const builtIn = builtInProcess(settings);
    return { policy: policyFromProcess(builtIn), process: builtIn, file: undefined, fromEnvironment: [] };
  }
  return { policy: policyFromProcess(loaded.process), process: loaded.process, file: loaded.file, fromEnvironment: loaded.fromEnvironment };
}
