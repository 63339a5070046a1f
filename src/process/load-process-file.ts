import { existsSync, readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { type ProcessFile, processFileSchema } from './process-schema.js';

/** Where Sitrep looks for the process file when SITREP_CONFIG names none. */
export const DEFAULT_PROCESS_FILE = 'sitrep.yaml';

/** A process file that cannot be used: every problem, each with its path in the file. */
export class ProcessFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProcessFileError';
  }
}

export interface LoadedProcessFile {
  file: string;
  process: ProcessFile;
  /** Paths (`rules[0].do[1].notify.text`) whose value came from `${NAME}`: masked when shown. */
  fromEnvironment: string[];
}

/**
 * The process file SITREP_CONFIG names, else `sitrep.yaml` when present, else undefined (the
 * built-in process). A named file that does not exist is an error: the operator meant one.
 */
export function loadProcessFile(named: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LoadedProcessFile | undefined {
  if (named) return readProcessFile(named, env, cwd);
  const fallback = `${cwd}/${DEFAULT_PROCESS_FILE}`;
  return existsSync(fallback) ? readProcessFile(fallback, env, cwd) : undefined;
}

export function readProcessFile(path: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LoadedProcessFile {
  const file = path.startsWith('/') ? path : `${cwd}/${path}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProcessFileError(path, [`cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  return parseProcessFile(text, path, env);
}

/** Parses and validates the text of a process file; throws ProcessFileError naming every problem. */
export function parseProcessFile(text: string, name: string, env: NodeJS.ProcessEnv = process.env): LoadedProcessFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new ProcessFileError(
      name,
      document.errors.map((e) => {
        const at = lineCounter.linePos(e.pos[0]);
        return `line ${at.line}, column ${at.col}: ${e.message.split('\n')[0]}`;
      }),
    );
  }

  const problems: string[] = [];
  const fromEnvironment: string[] = [];
  const raw = substituteEnvironment(document.toJS() ?? {}, [], env, problems, fromEnvironment);
  const parsed = processFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const line = lineOf(document.contents, path, lineCounter);
      problems.push(`${formatPath(path) || '(file)'}${line ? ` (line ${line})` : ''}: ${describeIssue(issue)}`);
    }
  }
  if (problems.length > 0) throw new ProcessFileError(name, problems);
  return { file: name, process: parsed.data!, fromEnvironment };
}

/** `rules[2].do[0].notify.channel`, as people read a path in a YAML file. */
export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

function describeIssue(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union') return 'must be one of invite, notify, post, bookmark, checklist or page, with its fields';
  return issue.message;
}

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${NAME}` in every string with the environment variable NAME, so secrets stay out of the file. */
function substituteEnvironment(value: unknown, path: (string | number)[], env: NodeJS.ProcessEnv, problems: string[], substituted: string[]): unknown {
  if (typeof value === 'string') {
    if (!PLACEHOLDER.test(value)) return value;
    substituted.push(formatPath(path));
    return value.replace(PLACEHOLDER, (_, name: string) => {
      const found = env[name];
      if (found === undefined) problems.push(`${formatPath(path)}: the environment variable ${name} is not set`);
      return found ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => substituteEnvironment(item, [...path, i], env, problems, substituted));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnvironment(v, [...path, k], env, problems, substituted)]));
  }
  return value;
}

/** The line of the deepest node along `path` that exists in the document. */
function lineOf(root: unknown, path: (string | number)[], lineCounter: LineCounter): number | undefined {
  let node = root as Node | null | undefined;
  let line: number | undefined = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  for (const part of path) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === part);
      next = pair?.value ?? (pair?.key as Node | undefined);
    } else if (isSeq(node) && typeof part === 'number') {
      next = node.items[part];
    }
    if (!next || !(next as Node).range) break;
    node = next as Node;
    line = lineCounter.linePos(node.range![0]).line;
  }
  return line;
}
