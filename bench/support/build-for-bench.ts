import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BenchBuild {
  /** `node <sitrepCli> start` runs Sitrep as the image does (compiled JavaScript, no tsx). */
  sitrepCli: string;
  ackOnlyApp: string;
  remove(): void;
}

/**
 * Compiles Sitrep and the ack-only app into a temporary directory, as `npm run build` does for the
 * image: memory measured under tsx would include the compiler (about 100 MB more). The working
 * tree's dist/ is left alone.
 */
export function buildForBench(): BenchBuild {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-'));
  const config = {
    extends: join(ROOT, 'tsconfig.build.json'),
    compilerOptions: { rootDir: ROOT, outDir: join(dir, 'dist'), sourceMap: false, typeRoots: [join(ROOT, 'node_modules/@types')] },
    include: [join(ROOT, 'src'), join(ROOT, 'migrations'), join(ROOT, 'bench/support/ack-only-app.ts')],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  const sitrepCli = join(dir, 'dist/src/cli.js');
  const ackOnlyApp = join(dir, 'dist/bench/support/ack-only-app.js');
  if (!existsSync(sitrepCli) || !existsSync(ackOnlyApp)) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`the build for the benchmark failed:\n${tsc.stdout}${tsc.stderr}`);
  }
  // Type errors do not stop tsc from emitting: say so, and measure what was built.
  if (tsc.status !== 0) console.warn(`(the tree has type errors; measuring the JavaScript emitted anyway)\n${tsc.stdout.split('\n').slice(0, 5).join('\n')}`);
  return { sitrepCli, ackOnlyApp, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
