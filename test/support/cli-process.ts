import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Room for a test that starts CLI processes: each starts through tsx (seconds of CPU), and on a loaded
 * machine several start at once. These tests are about behaviour, not speed (bench/ measures that).
 */
export const CLI_TEST_TIMEOUT = 120_000;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real `sitrep` CLI as a child process (through tsx, so no build is needed). */
export function spawnSitrep(args: string[], env: Record<string, string>): ChildProcess & { output: () => CliResult } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    // A clean environment: only what the test gives, plus what node needs to run.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return Object.assign(child, { output: () => ({ code: child.exitCode, stdout, stderr }) });
}

/** Runs the CLI to completion. */
export async function runSitrep(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  const child = spawnSitrep(args, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await new Promise((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return child.output();
}

export type SitrepProcess = ReturnType<typeof spawnSitrep>;

/** The JSON log lines a `sitrep start` child has written so far. */
export function logLines(child: SitrepProcess): { level: number; msg: string; [field: string]: unknown }[] {
  const lines = child.output().stdout.split('\n').slice(0, -1);
  return lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
}

/** Waits for a `sitrep start` child (run with PORT=0) to log that it started; resolves with its port. */
export async function startedPort(child: SitrepProcess, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sitrep exited ${child.exitCode}: ${child.output().stderr}`);
    const started = logLines(child).find((line) => line.msg === 'sitrep started');
    if (started) return started.port as number;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sitrep did not start within ${timeoutMs} ms:\n${child.output().stderr}`);
}
