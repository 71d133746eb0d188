import * as assert from 'assert';
import { spawn, spawnSync, type SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { assertTerminalSafe, assertWellFormedXml, GO_ITEMS, multitoolValidate, VERSION, xmlChildren } from './cliHelper';
import { REPO } from './treeHelper';

/**
 * The one CLI test that starts processes: it packs the CLI package (`node esbuild.js --pack-cli`),
 * installs the tarball offline into empty folders (`npm install`, `npm install -g`), and runs the
 * installed program: its version, detect and check, the pipelines of the README as written, and a
 * reader that closes its end of the pipe.
 */

const ANNOTATION = /^::(error|warning|notice) file=[^,:\n]*,line=\d+,title=[^,:\n]*::[^\n]*$/;

function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, ...options });
  if (result.error) throw result.error;
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** npm, quiet, never asking the registry: the package has no dependency to fetch. */
const NPM_ENV = {
  ...process.env,
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

/** The ```yaml blocks of the README's "Command line" section, parsed. */
function readmePipelines(): { github: any; gitlab: any } {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Command line\n');
  assert.ok(start >= 0, 'README has a "Command line" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => parse(match[1]));
  const github = blocks.find((block) => block && block.jobs);
  const gitlab = blocks.find((block) => block && Object.values(block).some((job: any) => job && Array.isArray(job.script)));
  assert.ok(github, 'a GitHub Actions workflow in the README');
  assert.ok(gitlab, 'a GitLab CI job in the README');
  return { github, gitlab };
}

interface StepResult {
  name: string;
  ran: boolean;
  code?: number | null;
  stdout?: string;
  stderr?: string;
  step: any;
}

/**
 * Runs a workflow's single job as the Actions runner would on ubuntu: each `run:` with `bash -e`,
 * the later steps skipped after a failure unless their `if:` asks for `always()` or `!cancelled()`.
 * `uses:` steps are recorded, not run: the test checks what they would be given.
 */
function runGithubJob(workflow: any, cwd: string, env: NodeJS.ProcessEnv): StepResult[] {
  const jobs = Object.values<any>(workflow.jobs);
  assert.strictEqual(jobs.length, 1);
  let failed = false;
  return jobs[0].steps.map((step: any, index: number): StepResult => {
    const name = step.name ?? step.uses ?? `step ${index + 1}`;
    const condition = String(step.if ?? '');
    if (failed && !/always\(\)|!\s*cancelled\(\)|failure\(\)/.test(condition)) return { name, ran: false, step };
    if (!step.run) return { name, ran: true, step };
    const result = run('bash', ['--noprofile', '--norc', '-e', '-c', step.run], { cwd, env });
    if (result.code !== 0) failed = true;
    return { name, ran: true, ...result, step };
  });
}

/** Runs a GitLab job's script as the runner does: the lines in one shell with errexit, stopping at the first failure. */
function runGitlabJob(job: any, cwd: string, env: NodeJS.ProcessEnv) {
  return run('bash', ['--noprofile', '--norc', '-e', '-c', (job.script as string[]).join('\n')], { cwd, env });
}

describe('the CLI package: npm pack, install, and the README pipelines (spawns processes)', function () {
  this.timeout(300_000);
  let work: string;
  let tarball: string;

  before(function () {
    this.timeout(300_000);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-package-'));
    const packed = run(process.execPath, ['esbuild.js', '--pack-cli', '--pack-destination', work], { cwd: REPO, env: NPM_ENV });
    assert.strictEqual(packed.code, 0, packed.stderr);
    tarball = path.join(work, `stack-guide-${VERSION}.tgz`);
    assert.ok(fs.existsSync(tarball), packed.stdout);
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** A copy of test/fixtures/go-service: a Go service at the root and a TypeScript app in web/. */
  function fixtureRepository(name: string): string {
    const repo = path.join(work, name);
    fs.cpSync(path.join(REPO, 'test', 'fixtures', 'go-service'), repo, { recursive: true });
    return repo;
  }

  it('holds the CLI bundle, the tree-sitter runtime and grammars and the built-in profiles only, and depends on nothing', () => {
    const listing = run('tar', ['-tzf', tarball], { cwd: work });
    assert.strictEqual(listing.code, 0, listing.stderr);
    const profiles = fs.readdirSync(path.join(REPO, 'profiles')).filter((file) => file.endsWith('.yaml'));
    assert.deepStrictEqual(
      listing.stdout.trim().split('\n').sort(),
      [
        'package/LICENSE',
        'package/README.md',
        'package/dist/cli.js',
        'package/dist/grammars/tree-sitter-c-sharp.wasm',
        'package/dist/grammars/tree-sitter-cpp.wasm',
        'package/dist/grammars/tree-sitter-go.wasm',
        'package/dist/grammars/tree-sitter-java.wasm',
        'package/dist/grammars/tree-sitter-javascript.wasm',
        'package/dist/grammars/tree-sitter-php.wasm',
        'package/dist/grammars/tree-sitter-python.wasm',
        'package/dist/grammars/tree-sitter-ruby.wasm',
        'package/dist/grammars/tree-sitter-rust.wasm',
        'package/dist/grammars/tree-sitter-tsx.wasm',
        'package/dist/grammars/tree-sitter-typescript.wasm',
        'package/dist/grammars/tree-sitter.js',
        'package/dist/grammars/tree-sitter.wasm',
        'package/dist/profiles.json',
        'package/package.json',
        ...profiles.map((file) => `package/profiles/${file}`),
      ].sort(),
    );
    const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], { cwd: work }).stdout);
    assert.strictEqual(manifest.name, 'stack-guide');
    assert.strictEqual(manifest.version, VERSION);
    assert.deepStrictEqual(manifest.bin, { 'stack-guide': 'dist/cli.js' });
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies', 'scripts', 'contributes', 'main'])
      assert.ok(!(field in manifest), `no ${field}`);
    const licence = run('tar', ['-xzOf', tarball, 'package/LICENSE'], { cwd: work }).stdout;
    assert.match(licence, /^MIT License/);
    assert.match(licence, /^smol-toml \S+ \(BSD-3-Clause\), bundled in dist\/cli\.js:/m);
    assert.match(licence, /^yaml \S+ \(ISC\), bundled in dist\/cli\.js:/m);
  });

  it('installs offline with npm install into an empty folder, alone, and runs --version, detect and check', () => {
    const project = path.join(work, 'local');
    fs.mkdirSync(project);
    const install = run('npm', ['install', '--offline', tarball], { cwd: project, env: NPM_ENV });
    assert.strictEqual(install.code, 0, install.stderr);
    assert.deepStrictEqual(
      fs.readdirSync(path.join(project, 'node_modules')).filter((name) => !name.startsWith('.')),
      ['stack-guide'],
      'no dependency was installed',
    );
    const bin = path.join(project, 'node_modules', '.bin', 'stack-guide');
    const repo = fixtureRepository('local-repo');

    const version = run(bin, ['--version'], { cwd: repo });
    assert.deepStrictEqual([version.code, version.stdout, version.stderr], [0, `${VERSION}\n`, '']);

    const detect = run(bin, ['detect', '.'], { cwd: repo });
    assert.strictEqual(detect.code, 0, detect.stderr);
    assert.match(detect.stdout, /^COMPONENT\s+ECOSYSTEM\s+CONFIDENCE\s+EVIDENCE\n\.\s+go\s+1\.00\s+go\.mod, main\.go\nweb\s+typescript\s+/);

    const check = run(bin, ['check', '.'], { cwd: repo });
    assert.strictEqual(check.code, 1, check.stderr);
    assert.match(check.stdout, new RegExp(`^Go \\(\\.\\): 0/${GO_ITEMS} closed$`, 'm'));
    assert.match(check.stdout, /^TypeScript \(web\): 0\/\d+ closed(, \d+ not applicable here)?$/m);
    // Code probes ran: the installed package carries the tree-sitter runtime and the Go grammar.
    assert.match(check.stdout, /absent: no http\.ListenAndServe, .* in 2 source files$/m);

    const help = run(bin, ['check', '--help'], { cwd: repo });
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /^Usage: stack-guide check /);
    assert.strictEqual(run(bin, ['check', '.', '--bogus'], { cwd: repo }).code, 2);

    // The installed profiles, not the repository's: the bundle finds its own.
    const validate = run(bin, ['validate'], { cwd: os.tmpdir() });
    assert.strictEqual(validate.code, 0, validate.stderr);
    assert.match(validate.stdout, /^16 profile\(s\) valid, 0 error\(s\)/);
  });

  it('runs with npx from the tarball in a clean folder, offline, with an empty npm cache', () => {
    const clean = fs.mkdtempSync(path.join(work, 'npx-'));
    const env = { ...NPM_ENV, npm_config_cache: path.join(clean, '.npm-cache') };
    const version = run('npx', ['--yes', '--package', tarball, 'stack-guide', '--version'], { cwd: clean, env });
    assert.deepStrictEqual([version.code, version.stdout], [0, `${VERSION}\n`], version.stderr);
    const repo = fixtureRepository('npx-repo');
    const check = run('npx', ['--yes', '--package', tarball, 'stack-guide', 'check', repo, '--format', 'junit'], { cwd: clean, env });
    assert.strictEqual(check.code, 1, check.stderr);
    assertWellFormedXml(check.stdout);
  });

  it("installs with npm install -g; the README's GitHub Actions workflow and GitLab job run as written, through npx", () => {
    const prefix = path.join(work, 'global');
    const install = run('npm', ['install', '-g', '--offline', '--prefix', prefix, tarball], { cwd: work, env: NPM_ENV });
    assert.strictEqual(install.code, 0, install.stderr);
    const { github, gitlab } = readmePipelines();
    const env = (summary: string) => ({
      ...NPM_ENV,
      // npx finds the globally installed program there, and with npm_config_offline it could not
      // reach the registry even if it looked.
      npm_config_prefix: prefix,
      PATH: [path.join(prefix, 'bin'), path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
    });

    // Open high-severity items: the gate fails, the reports are written all the same.
    const repo = fixtureRepository('github-open');
    const summary = path.join(work, 'summary-open.md');
    fs.writeFileSync(summary, '');
    const steps = runGithubJob(github, repo, env(summary));
    const gate = steps.find((step) => step.step.run && / --format github/.test(step.step.run))!;
    assert.ok(gate, 'the workflow has a gate step');
    assert.strictEqual(gate.code, 1, gate.stderr);
    const annotations = gate.stdout!.split('\n').filter((line) => line.startsWith('::'));
    assertTerminalSafe(gate.stdout!, 'gate', ANNOTATION);
    assert.ok(annotations.length > 0 && annotations.every((line) => ANNOTATION.test(line)), gate.stdout);
    assert.ok(
      // The annotation's title is the item's title, then its label.
      annotations.some((line) =>
        line.startsWith(
          '::error file=go.mod,line=1,title=Stack Guide%3A HTTP servers and outbound calls set timeouts (go.delivery.timeouts)::',
        ),
      ),
      gate.stdout,
    );
    assert.ok(
      annotations.some((line) =>
        /^::error file=web\/package\.json,line=1,title=Stack Guide%3A [^:]+ \(web#typescript\.[a-z.-]+\)::/.test(line),
      ),
      gate.stdout,
    );
    const reports = steps.filter((step) => step !== gate && step.step.run);
    assert.ok(reports.length > 0);
    for (const step of reports) assert.deepStrictEqual([step.name, step.ran, step.code], [step.name, true, 0], step.stderr);
    const upload = steps.find((step) => String(step.step.uses).startsWith('github/codeql-action/upload-sarif'))!;
    assert.ok(upload && upload.ran, 'the SARIF upload runs after a failed gate');
    const sarifFile = path.join(repo, upload.step.with.sarif_file);
    const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8'));
    assert.strictEqual(sarif.runs[0].results.length, annotations.length, 'a result per annotation');
    assert.deepStrictEqual(
      [...new Set(sarif.runs[0].results.map((result: any) => result.locations[0].physicalLocation.artifactLocation.uri))].sort(),
      ['go.mod', 'web/package.json'],
    );
    assert.deepStrictEqual(multitoolValidate(fs.readFileSync(sarifFile, 'utf8')), []);
    const markdown = fs.readFileSync(summary, 'utf8');
    assert.match(markdown, /^## Stack Guide review\n\n\*\*\d+ open or stale items at high severity or above:\*\*/);
    assert.match(markdown, new RegExp(`^### Go — \`\\.\` \\(0/${GO_ITEMS}\\)$`, 'm'));

    const gitlabJob = Object.values(gitlab).find((job: any) => job && Array.isArray(job.script)) as any;
    const pipeline = runGitlabJob(gitlabJob, repo, env(summary));
    assert.strictEqual(pipeline.code, 1, 'the job fails while a high-severity item is open');
    assert.strictEqual(gitlabJob.artifacts.when, 'always', 'the report is kept when the job fails');
    const junit = assertWellFormedXml(fs.readFileSync(path.join(repo, gitlabJob.artifacts.reports.junit), 'utf8'));
    const cases = xmlChildren(junit, 'testsuite').flatMap((suite) => xmlChildren(suite, 'testcase'));
    assert.strictEqual(
      cases.filter((testcase) => xmlChildren(testcase, 'failure').length > 0).length,
      annotations.length,
      'a failure per open high item',
    );
    assert.strictEqual(junit.attributes.tests, String(cases.length));

    // Every high-severity item closed (with the installed program's review set): all pass.
    const clean = fixtureRepository('github-closed');
    const bin = path.join(prefix, 'bin', 'stack-guide');
    const blocking = JSON.parse(run(bin, ['check', '.', '--format', 'json'], { cwd: clean }).stdout).blocking as {
      unit: string;
      id: string;
    }[];
    assert.strictEqual(blocking.length, annotations.length);
    for (const item of blocking) {
      const set = run(bin, ['review', 'set', item.id, '.', '--unit', item.unit, '--state', 'done', '--by', 'CI test'], { cwd: clean });
      assert.strictEqual(set.code, 0, set.stderr);
    }
    const cleanSummary = path.join(work, 'summary-closed.md');
    fs.writeFileSync(cleanSummary, '');
    const passed = runGithubJob(github, clean, env(cleanSummary));
    for (const step of passed.filter((candidate) => candidate.step.run))
      assert.deepStrictEqual([step.name, step.code], [step.name, 0], step.stderr);
    assert.ok(!passed.find((step) => step.step.run && / --format github/.test(step.step.run))!.stdout!.includes('::'), 'no annotation');
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(clean, upload.step.with.sarif_file), 'utf8')).runs[0].results.length, 0);
    assert.match(fs.readFileSync(cleanSummary, 'utf8'), /^\*\*No open or stale item at high severity or above\.\*\*$/m);
    assert.strictEqual(runGitlabJob(gitlabJob, clean, env(cleanSummary)).code, 0);
  });

  it("a reader that goes away ends the program quietly: 0 for detect, the gate's code for check", async () => {
    const project = path.join(work, 'local');
    const bin = path.join(project, 'node_modules', '.bin', 'stack-guide');
    const big = path.join(work, 'big');
    // Names long enough that detect prints more than a pipe buffers (64 KiB).
    for (let i = 0; i < 800; i++) {
      const service = `service-with-a-rather-long-descriptive-name-${i}`;
      fs.mkdirSync(path.join(big, service), { recursive: true });
      fs.writeFileSync(path.join(big, service, 'go.mod'), `module example.com/service${i}\n`);
    }
    // The reader closes before the program writes anything.
    const closedEarly = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(bin, args, { cwd: big, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.destroy();
        let stderr = '';
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stderr }));
      });
    assert.deepStrictEqual(await closedEarly(['detect', '.']), { code: 0, stderr: '' });
    assert.deepStrictEqual(await closedEarly(['check', '.']), { code: 1, stderr: '' });
    assert.deepStrictEqual(await closedEarly(['check', '.', '--format', 'sarif']), { code: 1, stderr: '' });
    assert.ok(run(bin, ['detect', '.'], { cwd: big }).stdout.length > 64 * 1024);
    // The README's example: more output than a pipe holds, and head leaves after one line.
    for (const [command, expected] of [
      ['detect .', 0],
      ['check .', 1],
      ['check . --format junit', 1],
    ] as const) {
      const piped = run('bash', ['-c', `"$0" ${command} | head -1; echo "status \${PIPESTATUS[0]}" >&2`, bin], { cwd: big });
      assert.strictEqual(piped.stdout.split('\n').length, 2, piped.stdout.slice(0, 200));
      assert.strictEqual(piped.stderr, `status ${expected}\n`, `${command}: ${piped.stderr.slice(0, 500)}`);
    }
  });
});
