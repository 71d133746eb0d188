/**
 * Issue 32, start-up: the whole CLI process (`node dist/cli.js …`) against a bare `node -e 0`
 * started in the same run, alternating, so both see the same load. The trees are written here:
 * one shaped like microsoft/vscode-extension-samples (about 100 TypeScript extensions, 1,200
 * files) for `detect`, and a five-file Go service for `check`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface StartupRow {
  measure: string;
  value: string;
  against: string;
  result: string;
}

const RUNS = 15;

/** About a hundred sample extensions, each a package.json and tsconfig.json with a few sources beside them. */
export function buildSamplesTree(root: string, samples = 100): number {
  let files = 0;
  const write = (relative: string, content: string) => {
    const full = path.join(root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    files++;
  };
  write('README.md', '# samples\n');
  write('.github/workflows/ci.yml', 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n');
  for (let i = 0; i < samples; i++) {
    const dir = `sample-${String(i).padStart(3, '0')}`;
    const manifest = {
      name: dir,
      engines: { vscode: '^1.100.0' },
      main: './out/extension.js',
      devDependencies: { typescript: '^5.8.0', '@types/vscode': '^1.100.0' },
    };
    write(`${dir}/package.json`, JSON.stringify(manifest, null, 2));
    write(`${dir}/tsconfig.json`, '{ "compilerOptions": { "module": "commonjs", "target": "es2022", "outDir": "out", "strict": true } }\n');
    write(`${dir}/README.md`, `# ${dir}\n`);
    write(`${dir}/.vscode/launch.json`, '{ "version": "0.2.0", "configurations": [] }\n');
    write(`${dir}/.vscode/tasks.json`, '{ "version": "2.0.0", "tasks": [] }\n');
    write(
      `${dir}/src/extension.ts`,
      "import * as vscode from 'vscode';\n\nexport function activate(context: vscode.ExtensionContext) {}\n",
    );
    for (let j = 0; j < 4; j++) write(`${dir}/src/part${j}.ts`, `export const part${j} = ${j};\n`);
    write(`${dir}/media/icon.svg`, '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
    write(`${dir}/.eslintrc.json`, '{}\n');
  }
  return files;
}

/** A Go service in five files: a module, its code and test, a README and a CI workflow. */
export function buildGoService(root: string): number {
  const files: Record<string, string> = {
    'go.mod': 'module example.com/svc\n\ngo 1.22\n',
    'main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n',
    'main_test.go': 'package main\n\nimport "testing"\n\nfunc TestMain(t *testing.T) {}\n',
    'README.md': '# svc\n',
    '.github/workflows/ci.yml':
      'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go test ./...\n',
  };
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  }
  return Object.keys(files).length;
}

/** Wall time of one process, start to exit; `check` ends with 1 when items are open, which is its answer, not a failure. */
function timeProcess(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values: number[]) =>
  `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;

export function startupRows(repoRoot: string): StartupRow[] {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-bench-startup-'));
  try {
    const samples = path.join(work, 'samples');
    const go = path.join(work, 'go');
    const sampleFiles = buildSamplesTree(samples);
    const goFiles = buildGoService(go);
    const cases = {
      node: ['-e', '0'],
      detect: [cli, 'detect', samples],
      check: [cli, 'check', go],
    };
    // One warm-up of each (disk cache, and a compile cache where Node keeps one), then rounds in turn.
    for (const args of Object.values(cases)) timeProcess(args);
    const times: Record<keyof typeof cases, number[]> = { node: [], detect: [], check: [] };
    for (let i = 0; i < RUNS; i++) for (const key of Object.keys(cases) as (keyof typeof cases)[]) times[key].push(timeProcess(cases[key]));
    const node = median(times.node);
    const row = (measure: string, key: 'detect' | 'check', target: number): StartupRow => {
      const ratio = median(times[key]) / node;
      return {
        measure,
        value: spread(times[key]),
        against: `node -e 0: ${spread(times.node)}`,
        result: `${ratio.toFixed(2)}× bare Node, medians of ${RUNS} (target ≤ ${target}×: ${ratio <= target ? 'within' : 'over'})`,
      };
    };
    return [
      row(`CLI start-up: detect, samples-shaped tree (${sampleFiles} files)`, 'detect', 1.5),
      row(`CLI start-up: check, Go service (${goFiles} files)`, 'check', 2),
    ];
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
