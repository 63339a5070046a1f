// No Docker engine runs where the tests run, so the Dockerfile is read instead of built:
// a small parser (continuations, comments, stages, ARG defaults in FROM) and the promises
// the README makes about the image.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Instructions in order: comments dropped, `\` continuations joined, keywords upper-cased. */
function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (line.startsWith('#')) return; // comments inside a continued instruction
    if (pending === '') startLine = index + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      return;
    }
    const whole = (pending + line).trim();
    pending = '';
    if (whole === '') return;
    const [keyword = '', ...rest] = whole.split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: whole.slice(keyword.length).trim(), line: startLine });
  });
  if (pending !== '') throw new Error('Dockerfile ends inside a continued instruction');
  return instructions;
}

/** Splits the instructions into stages; `${ARG}` in FROM takes the global ARG's default. */
function parseDockerfile(text: string): { globalArgs: Map<string, string>; stages: Stage[] } {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const [imageRef = '', as, name] = instruction.args.split(/\s+/);
      const image = imageRef.replace(/\$\{?(\w+)\}?/g, (_m, arg: string) => globalArgs.get(arg) ?? '');
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new Error(`line ${instruction.line}: only ARG may come before the first FROM`);
      const [argName = '', value = ''] = instruction.args.split('=');
      globalArgs.set(argName, value);
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

const KNOWN = new Set(['FROM', 'ARG', 'ENV', 'WORKDIR', 'COPY', 'ADD', 'RUN', 'USER', 'VOLUME', 'EXPOSE', 'HEALTHCHECK', 'STOPSIGNAL', 'CMD', 'ENTRYPOINT', 'LABEL', 'SHELL', 'ONBUILD']);

/** Exec form (`["a", "b"]`) as an array; shell form is refused where signals matter. */
function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) throw new Error(`not an exec-form array: ${args}`);
  return parsed;
}

/** `--chown=x --from=build src dest` → options and paths. */
function copyParts(args: string): { from: string | undefined; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
}

/** `ENV A=1 B=2` (or the legacy `ENV A 1`) → entries. */
function envEntries(args: string): [string, string][] {
  if (!args.includes('=')) {
    const [name = '', ...value] = args.split(/\s+/);
    return [[name, value.join(' ')]];
  }
  return args.split(/\s+/).map((pair) => pair.split('=') as [string, string]);
}

const dockerfile = parseDockerfile(read('Dockerfile'));
const build = dockerfile.stages.find((s) => s.name === 'build')!;
const runtime = dockerfile.stages.at(-1)!;
const of = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
const packageJson = JSON.parse(read('package.json')) as { bin: Record<string, string>; scripts: Record<string, string> };

describe('Dockerfile', () => {
  it('uses only instructions Docker knows, each with arguments', () => {
    for (const stage of dockerfile.stages) {
      for (const instruction of stage.instructions) {
        expect(KNOWN.has(instruction.keyword), `line ${instruction.line}: ${instruction.keyword}`).toBe(true);
        expect(instruction.args, `line ${instruction.line}: ${instruction.keyword} has no arguments`).not.toBe('');
      }
    }
  });

  it('builds in a build stage with every dependency and runs from a separate last stage', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(of(build, 'RUN').map((r) => r.args)).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci\b(?!.*--omit=dev)/), 'npm run build']));
    expect(packageJson.scripts.build).toBeDefined();
  });

  it('starts from a slim image of a Node LTS line, the same in both stages', () => {
    const images = new Set(dockerfile.stages.map((s) => s.image));
    expect(images.size).toBe(1);
    const [image] = [...images];
    const match = /^node:(\d+)(?:\.\d+)*-[a-z]+-slim(?:@sha256:[0-9a-f]{64})?$/.exec(image!);
    expect(match, `${image} is not node:<major>-<debian>-slim`).not.toBeNull();
    const major = Number(match![1]);
    // Even-numbered lines become LTS; 22 is the oldest still supported in late 2026.
    expect(major % 2).toBe(0);
    expect(major).toBeGreaterThanOrEqual(22);
  });

  it('installs only production dependencies in the runtime stage, from the lockfile, without package scripts', () => {
    const installs = of(runtime, 'RUN').filter((r) => /\bnpm (ci|install)\b/.test(r.args));
    expect(installs).toHaveLength(1);
    expect(installs[0]!.args).toMatch(/^npm ci\b/);
    expect(installs[0]!.args).toContain('--omit=dev');
    expect(installs[0]!.args).toContain('--ignore-scripts');
    const copies = of(runtime, 'COPY').map((c) => copyParts(c.args));
    expect(copies.filter((c) => c.from === undefined).flatMap((c) => c.sources)).toEqual(['package.json', 'package-lock.json']);
    // From the build stage only the compiled output: its node_modules hold the dev dependencies.
    expect(copies.filter((c) => c.from !== undefined)).toEqual([{ from: 'build', sources: ['/app/dist'], dest: './dist' }]);
  });

  it('copies into the build exactly what the TypeScript build reads, all present and not ignored', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const tsconfigBuild = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
    const copied = of(build, 'COPY').flatMap((c) => copyParts(c.args).sources);
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', ...tsconfigBuild.include]));
    for (const path of copied) {
      expect(existsSync(new URL(path, ROOT)), `${path} is copied but does not exist`).toBe(true);
      expect(ignored, `${path} is copied but .dockerignore leaves it out`).not.toContain(path);
    }
  });

  it('keeps local state, secrets and build output out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'node_modules', 'dist', 'data', '.env']));
  });

  it('runs as the unprivileged node user, with production settings and the embedded database in a /data volume', () => {
    const users = of(runtime, 'USER').map((u) => u.args);
    expect(users.at(-1)).toBe('node');
    const env = Object.fromEntries(of(runtime, 'ENV').flatMap((e) => envEntries(e.args)));
    expect(env).toMatchObject({ NODE_ENV: 'production', DATA_DIR: '/data' });
    expect(of(runtime, 'VOLUME').map((v) => v.args)).toEqual(['["/data"]']);
    expect(of(runtime, 'RUN').some((r) => /chown node:node \/data\b/.test(r.args))).toBe(true);
    expect(of(runtime, 'EXPOSE').map((e) => e.args)).toEqual(['3000']);
  });

  it('checks its health on /healthz with node itself, on the configured port', () => {
    const checks = of(runtime, 'HEALTHCHECK');
    expect(checks).toHaveLength(1);
    const [, command = ''] = /\bCMD\s+(.*)$/.exec(checks[0]!.args) ?? [];
    const [program, flag, script = ''] = execForm(command);
    expect([program, flag]).toEqual(['node', '-e']);
    expect(script).toContain("'/healthz'");
    expect(script).toContain('process.env.PORT||3000');
    expect(script).toMatch(/process\.exit\(r\.ok\?0:1\)/);
    expect(checks[0]!.args).toMatch(/--timeout=\d+s/);
  });

  it('runs `sitrep start` (migrations first) as PID 1 in exec form, stopped by SIGTERM', () => {
    const cmds = of(runtime, 'CMD');
    expect(cmds).toHaveLength(1);
    expect(of(runtime, 'ENTRYPOINT')).toHaveLength(0);
    // Exec form: node is PID 1 and gets SIGTERM itself (a shell in between would swallow it).
    expect(execForm(cmds[0]!.args)).toEqual(['node', packageJson.bin.sitrep, 'start']);
    expect(of(runtime, 'STOPSIGNAL').map((s) => s.args)).toEqual(['SIGTERM']);
    // The CLI handles the signal: it stops serving and drains before exiting.
    expect(read('src/cli.ts')).toMatch(/process\.once\('SIGTERM'/);
  });
});
