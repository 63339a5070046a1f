// `npm run bench`: every benchmark script in bench/, one after another (they would skew each other's
// figures side by side). Exits 1 if any of them failed; the figures are for reading, not asserting.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = basename(fileURLToPath(import.meta.url));

function run(script: string): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', `bench/${script}`], { cwd: ROOT, stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', resolve));
}

const scripts = readdirSync(BENCH_DIR)
  .filter((name) => name.endsWith('.ts') && name !== SELF)
  .sort();
const failed: string[] = [];
for (const script of scripts) {
  console.log(`\n=== bench/${script}`);
  const started = performance.now();
  const code = await run(script);
  console.log(`=== bench/${script}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (code !== 0) failed.push(script);
}
if (failed.length > 0) {
  console.error(`\n${failed.length} of ${scripts.length} benchmarks failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\nall ${scripts.length} benchmarks ran`);
