import { loadStorageConfig } from '../config.js';
import { loadIncidentProcess } from '../process/incident-process.js';
import { readProcessFile } from '../process/load-process-file.js';
import { processFileJsonSchema } from '../process/process-schema.js';
import { showProcess } from '../process/show-process.js';
import { UsageError } from './usage-error.js';

export const CONFIG_USAGE = `  config check [file]         validate the process file (default SITREP_CONFIG or ./sitrep.yaml)
  config schema               the process file's JSON Schema, for editors
  config show                 the effective process, secrets masked
`;

/** `sitrep config check|schema|show`: the output to print; a bad file throws ProcessFileError (exit 1). */
export function runConfigCommand(positionals: string[], env: NodeJS.ProcessEnv = process.env): string {
  const [verb, file, ...extra] = positionals;
  if (extra.length > 0 || (verb !== 'check' && file !== undefined)) throw new UsageError(`Too many arguments.\n\nUsage: sitrep\n${CONFIG_USAGE}`);
  switch (verb) {
    case 'check': {
      const loaded = file ? readProcessFile(file, env) : loadIncidentProcess(loadStorageConfig(env), env);
      if (!loaded.file) return 'No process file (SITREP_CONFIG unset and no ./sitrep.yaml): Sitrep follows its built-in process.';
      const p = loaded.process;
      const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
      const roles = p.roles ? count(p.roles.length, 'role', 'roles') : 'the built-in roles';
      return `${loaded.file} is valid: ${count(p.severities.length, 'severity', 'severities')}, ${roles}, ${count(p.types.length, 'type', 'types')}, ${count(p.rules.length, 'rule', 'rules')}.`;
    }
    case 'schema':
      return JSON.stringify(processFileJsonSchema(), null, 2);
    case 'show': {
      const loaded = loadIncidentProcess(loadStorageConfig(env), env);
      const roles = loaded.policy.roles.map((r) => ({ id: r.id, title: r.title, instructions: r.instructions }));
      return `# ${loaded.file ?? 'built-in process (no sitrep.yaml)'}\n${showProcess({ ...loaded.process, roles }, loaded.fromEnvironment)}`;
    }
    default:
      throw new UsageError(`Unknown config command${verb ? ` "${verb}"` : ''}.\n\nUsage: sitrep\n${CONFIG_USAGE}`);
  }
}
