// No Docker engine runs where the tests run, so the Dockerfile is linted instead of built:
// dockerfile-utils (the validator behind VS Code's Docker support) must find nothing, and its
// parser, dockerfile-ast, reads the file for the promises the README makes about the image.
import { existsSync, readFileSync } from 'node:fs';
import { Copy, DockerfileParser, Env, From, Healthcheck, type Instruction, JSONInstruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

interface Stage {
  /** The base image, with the global ARG defaults it names filled in. */
  image: string;
  name: string | null;
  instructions: Instruction[];
}

/** Splits the parsed instructions into stages at each FROM. */
function stagesOf(text: string): Stage[] {
  const dockerfile = DockerfileParser.parse(text);
  const globalArgs = new Map(dockerfile.getInitialARGs().map((arg) => [arg.getProperty()?.getName() ?? '', arg.getProperty()?.getValue() ?? '']));
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) {
      const image = (instruction.getImage() ?? '').replace(/\$\{?(\w+)\}?/g, (_m, arg: string) => globalArgs.get(arg) ?? '');
      stages.push({ image, name: instruction.getBuildStage(), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** Exec form (`["a", "b"]`) as an array; shell form is refused where signals matter. */
function execForm(instruction: Instruction): string[] {
  if (!(instruction instanceof JSONInstruction) || instruction.getOpeningBracket() === null) {
    throw new Error(`line ${instruction.getRange().start.line + 1}: ${instruction.getKeyword()} is not in exec form`);
  }
  return instruction.getJSONStrings().map((s) => s.getJSONValue());
}

/** `COPY --from=build src… dest` → its stage and paths. */
function copyParts(copy: Copy): { from: string | undefined; sources: string[]; dest: string } {
  const paths = copy.getArguments().map((a) => a.getValue());
  return { from: copy.getFromFlag()?.getValue() ?? undefined, sources: paths.slice(0, -1), dest: paths.at(-1)! };
}

const text = read('Dockerfile');
const stages = stagesOf(text);
const build = stages.find((s) => s.name === 'build')!;
const runtime = stages.at(-1)!;
const of = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.getKeyword() === keyword);
const argsOf = (instructions: Instruction[]) => instructions.map((i) => i.getArgumentsContent() ?? '');
const copiesOf = (stage: Stage) => of(stage, 'COPY').map((c) => copyParts(c as Copy));
const packageJson = JSON.parse(read('package.json')) as { bin: Record<string, string>; scripts: Record<string, string> };

describe('Dockerfile', () => {
  it('passes the dockerfile-utils linter without a single diagnostic', () => {
    const diagnostics = validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(diagnostics).toEqual([]);
  });

  it('is linted for real: the same linter flags a mistyped instruction, a bad duration and a relative WORKDIR', () => {
    const broken = text.replace('USER node', 'USR node').replace('--timeout=5s', '--timeout=5x').replace('WORKDIR /app', 'WORKDIR app');
    const messages = validate(broken).map((d) => d.message);
    expect(messages).toEqual(expect.arrayContaining(['Unknown instruction: USR', expect.stringContaining('unknown unit x'), expect.stringContaining('WORKDIR')]));
  });

  it('builds in a build stage with every dependency and runs from a separate last stage', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(argsOf(of(build, 'RUN'))).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci\b(?!.*--omit=dev)/), 'npm run build']));
    expect(packageJson.scripts.build).toBeDefined();
  });

  it('starts from a slim image of a Node LTS line, the same in both stages', () => {
    const images = new Set(stages.map((s) => s.image));
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
    const installs = argsOf(of(runtime, 'RUN')).filter((args) => /\bnpm (ci|install)\b/.test(args));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/^npm ci\b/);
    expect(installs[0]).toContain('--omit=dev');
    expect(installs[0]).toContain('--ignore-scripts');
    const copies = copiesOf(runtime);
    expect(copies.filter((c) => c.from === undefined).flatMap((c) => c.sources)).toEqual(['package.json', 'package-lock.json']);
    // From the build stage only the compiled output: its node_modules hold the dev dependencies.
    expect(copies.filter((c) => c.from !== undefined)).toEqual([{ from: 'build', sources: ['/app/dist'], dest: './dist' }]);
  });

  it('copies into the build exactly what the TypeScript build reads, all present and not ignored', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const tsconfigBuild = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
    const copied = copiesOf(build).flatMap((c) => c.sources);
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
    expect(argsOf(of(runtime, 'USER')).at(-1)).toBe('node');
    const env = Object.fromEntries(of(runtime, 'ENV').flatMap((e) => (e as Env).getProperties().map((p) => [p.getName(), p.getValue()])));
    expect(env).toMatchObject({ NODE_ENV: 'production', DATA_DIR: '/data' });
    expect(of(runtime, 'VOLUME').map(execForm)).toEqual([['/data']]);
    expect(argsOf(of(runtime, 'RUN')).some((args) => /chown node:node \/data\b/.test(args))).toBe(true);
    expect(argsOf(of(runtime, 'EXPOSE'))).toEqual(['3000']);
  });

  it('checks its health on /healthz with node itself, on the configured port', () => {
    const checks = of(runtime, 'HEALTHCHECK') as Healthcheck[];
    expect(checks).toHaveLength(1);
    const check = checks[0]!;
    expect(check.getSubcommand()?.getValue()).toBe('CMD');
    expect(check.getFlags().find((f) => f.getName() === 'timeout')?.getValue()).toMatch(/^\d+s$/);
    // HEALTHCHECK's own parser stops at CMD: the command after it is exec-form JSON.
    const [, command = ''] = /\bCMD\s+(.*)$/s.exec(check.getArgumentsContent() ?? '') ?? [];
    const [program, flag, script = ''] = JSON.parse(command) as string[];
    expect([program, flag]).toEqual(['node', '-e']);
    expect(script).toContain("'/healthz'");
    expect(script).toContain('process.env.PORT||3000');
    expect(script).toMatch(/process\.exit\(r\.ok\?0:1\)/);
  });

  it('runs `sitrep start` (migrations first) as PID 1 in exec form, stopped by SIGTERM', () => {
    const cmds = of(runtime, 'CMD');
    expect(cmds).toHaveLength(1);
    expect(of(runtime, 'ENTRYPOINT')).toHaveLength(0);
    // Exec form: node is PID 1 and gets SIGTERM itself (a shell in between would swallow it).
    expect(execForm(cmds[0]!)).toEqual(['node', packageJson.bin.sitrep, 'start']);
    expect(argsOf(of(runtime, 'STOPSIGNAL'))).toEqual(['SIGTERM']);
    // The CLI handles the signal: it stops serving and drains before exiting.
    expect(read('src/cli.ts')).toMatch(/process\.once\('SIGTERM'/);
  });
});
