import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface AppProcess {
  name: string;
  child: ChildProcess;
  baseUrl: string;
  /** Resident memory of the process now (VmRSS) and at its peak (VmHWM), in MB. */
  memory(): { rssMb: number; peakMb: number };
  /** The last lines it wrote, for when it fails. */
  tail(): string;
  stop(): Promise<void>;
}

function statusField(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/**
 * Runs a JavaScript entry point in its own node process (so its memory is its own) and waits for
 * GET /healthz to answer 200. With BENCH_CPU_PROF=<dir>, the process writes a CPU profile to <dir>/<name>.
 */
export async function startAppProcess(name: string, args: string[], env: Record<string, string>, port: number): Promise<AppProcess> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}/${name}`] : [];
  const child = spawn(process.execPath, [...profile, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const baseUrl = `http://127.0.0.1:${port}`;
  const app: AppProcess = {
    name,
    child,
    baseUrl,
    memory: () => ({ rssMb: statusField(child.pid!, 'VmRSS'), peakMb: statusField(child.pid!, 'VmHWM') }),
    tail: () => lines.join('\n'),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${app.tail()}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return app;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await app.stop();
  throw new Error(`${name} did not become healthy within 60 s:\n${app.tail()}`);
}
