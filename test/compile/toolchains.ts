// How each language's programs are built (in one batch where the compiler allows) and run. Every
// toolchain comes from Debian packages or npm (see COMPILE_CHECK_PACKAGES in scripts/lib/setup.mjs).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface Program {
  id: string;
  source: string;
}

export interface RunResult {
  status: number | null;
  output: string;
}

/** A built program: how to run it, or why it did not build. */
export type Built = { run: (env: NodeJS.ProcessEnv) => RunResult } | { error: string } | { parsed: true };

export interface Toolchain {
  languageId: string;
  /** Commands that must exist; a missing one skips the language with a printed reason. */
  commands: string[];
  /** Parse-only languages are checked for syntax errors but not run. */
  parseOnly?: boolean;
  build(dir: string, programs: readonly Program[]): Built[] | Promise<Built[]>;
}

/** Parse-only check with a tree-sitter grammar shipped as prebuilt WebAssembly in npm packages (no compiler here). */
function treeSitter(languageId: string, grammar: string): Toolchain {
  return {
    languageId,
    commands: [],
    parseOnly: true,
    async build(_dir, programs) {
      // web-tree-sitter and tree-sitter-wasms are devDependencies: prebuilt WebAssembly, nothing downloaded at run time.
      const { Parser, Language } = await import('web-tree-sitter');
      await Parser.init();
      const parser = new Parser();
      parser.setLanguage(await Language.load(require.resolve(`tree-sitter-wasms/out/tree-sitter-${grammar}.wasm`)));
      return programs.map((p) => {
        const tree = parser.parse(p.source);
        return tree === null || tree.rootNode.hasError ? { error: `tree-sitter-${grammar} finds a syntax error` } : { parsed: true as const };
      });
    },
  };
}

const repoRoot = path.resolve(__dirname, '..', '..');

export function exec(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): RunResult {
  const result = spawnSync(command, args, { cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', timeout: options.timeout ?? 120_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

const runner = (command: string, args: string[], cwd: string) => (env: NodeJS.ProcessEnv): RunResult => exec(command, args, { cwd, env, timeout: 60_000 });

/** Writes each program to `file(id)`, builds them together, and on a failed batch finds each file's own error. */
function batch(
  dir: string,
  programs: readonly Program[],
  file: (p: Program) => string,
  content: (p: Program) => string,
  compile: (files: string[]) => RunResult,
  run: (p: Program) => (env: NodeJS.ProcessEnv) => RunResult,
): Built[] {
  const files = programs.map((p) => {
    const target = path.join(dir, file(p));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content(p));
    return file(p);
  });
  let result = compile(files);
  if (result.status === 0) return programs.map((p) => ({ run: run(p) }));
  // Some file broke the batch: compile the others again without the ones the errors name.
  const failing = new Map<string, string>();
  for (const f of files) if (result.output.includes(f)) failing.set(f, result.output.split('\n').filter((l) => l.includes(f)).slice(0, 5).join('\n'));
  const rest = files.filter((f) => !failing.has(f));
  result = rest.length > 0 ? compile(rest) : result;
  return programs.map((p, i) => {
    const f = files[i];
    if (failing.has(f)) return { error: failing.get(f) as string };
    if (result.status !== 0) return { error: result.output.slice(0, 2000) };
    return { run: run(p) };
  });
}

function simpleInterpreter(languageId: string, command: string, ext: string, check?: string[]): Toolchain {
  return {
    languageId,
    commands: [command],
    build: (dir, programs) =>
      programs.map((p) => {
        const file = path.join(dir, `${p.id}.${ext}`);
        fs.writeFileSync(file, p.source);
        if (check) {
          const checked = exec(command, [...check, file]);
          if (checked.status !== 0) return { error: checked.output };
        }
        return { run: runner(command, [file], dir) };
      }),
  };
}

export const TOOLCHAINS: readonly Toolchain[] = [
  {
    languageId: 'typescript',
    commands: ['node'],
    build(dir, programs) {
      const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      const flags = ['--strict', '--target', 'ES2020', '--module', 'commonjs', '--outDir', 'out', '--skipLibCheck', '--typeRoots', path.join(repoRoot, 'node_modules', '@types'), '--types', 'node'];
      // `export {}` makes each program a module, so their top-level names do not clash.
      return batch(dir, programs, (p) => `${p.id}.ts`, (p) => `${p.source}export {};\n`, (files) => exec('node', [tsc, ...flags, ...files], { cwd: dir }), (p) => runner('node', [path.join('out', `${p.id}.js`)], dir));
    },
  },
  simpleInterpreter('javascript', 'node', 'js', ['--check']),
  simpleInterpreter('python', 'python3', 'py', ['-m', 'py_compile']),
  {
    languageId: 'java',
    commands: ['javac', 'java'],
    build: (dir, programs) =>
      batch(dir, programs, (p) => `${p.id}/Main.java`, (p) => `package ${p.id};\n${p.source}`, (files) => exec('javac', ['-nowarn', '-d', 'out', ...files], { cwd: dir }), (p) => runner('java', ['-cp', 'out', `${p.id}.Main`], dir)),
  },
  {
    languageId: 'kotlin',
    commands: ['kotlinc', 'kotlin'],
    build: (dir, programs) =>
      batch(dir, programs, (p) => `${p.id}/main.kt`, (p) => `package ${p.id}\n${p.source}`, (files) => exec('kotlinc', ['-nowarn', '-d', 'out', ...files], { cwd: dir, timeout: 600_000 }), (p) => runner('kotlin', ['-cp', 'out', `${p.id}.MainKt`], dir)),
  },
  {
    languageId: 'go',
    commands: ['go', 'gcc'],
    build(dir, programs) {
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module check\n\ngo 1.19\n');
      const env = { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on', CGO_ENABLED: '1', GOCACHE: path.join(dir, '.gocache'), GOPATH: path.join(dir, '.gopath') };
      return batch(dir, programs, (p) => `${p.id}/main.go`, (p) => p.source, (files) => exec('go', ['build', '-o', 'bin/', ...files.map((f) => './' + path.dirname(f))], { cwd: dir, env, timeout: 600_000 }), (p) => runner(path.join(dir, 'bin', p.id), [], dir));
    },
  },
  {
    languageId: 'rust',
    commands: ['rustc'],
    build: (dir, programs) =>
      programs.map((p) => {
        fs.writeFileSync(path.join(dir, `${p.id}.rs`), p.source);
        const built = exec('rustc', ['--edition', '2021', '-A', 'warnings', '-o', p.id, `${p.id}.rs`], { cwd: dir });
        return built.status === 0 ? { run: runner(path.join(dir, p.id), [], dir) } : { error: built.output };
      }),
  },
  {
    languageId: 'csharp',
    commands: ['mcs', 'mono'],
    build: (dir, programs) =>
      programs.map((p) => {
        fs.writeFileSync(path.join(dir, `${p.id}.cs`), p.source);
        const built = exec('mcs', ['-nowarn:414,649,169', `-out:${p.id}.exe`, `${p.id}.cs`], { cwd: dir });
        return built.status === 0 ? { run: runner('mono', [`${p.id}.exe`], dir) } : { error: built.output };
      }),
  },
  simpleInterpreter('ruby', 'ruby', 'rb', ['-c']),
  simpleInterpreter('php', 'php', 'php', ['-l']),
  simpleInterpreter('elixir', 'elixir', 'exs'),
  simpleInterpreter('shellscript', 'bash', 'sh', ['-n']),
  treeSitter('swift', 'swift'),
  treeSitter('dart', 'dart'),
];
