import * as assert from 'assert';
import { buildCiModel, type CiFiles } from '../../src/core/ci/model';
import { splitCommands } from '../../src/core/ci/shell';
import { parseJustfile, parseMakefile } from '../../src/core/ci/taskFiles';
import { EvidenceReader, evaluateUnit, type Evidence } from '../../src/core/evidence/evaluate';
import { checkProbe, type Probe } from '../../src/core/evidence/probe';
import { MemoryFileSystem } from './memoryFileSystem';

const words = (script: string) => splitCommands(script).map((command) => command.words.join(' '));
const judged = (script: string, options = {}) =>
  splitCommands(script, options).map((command) => [command.words.join(' '), command.gating, command.why ?? '']);

function filesOf(tree: Record<string, string>): CiFiles {
  const fs = new MemoryFileSystem(tree);
  return {
    read: (path) =>
      fs.readFile(path).then(
        (bytes) => new TextDecoder().decode(bytes),
        () => undefined,
      ),
    list: (dir) => fs.readDirectory(dir).catch(() => undefined),
  };
}

async function run(tree: Record<string, string>, probe: Probe, unit = '.'): Promise<Evidence> {
  const { results } = await evaluateUnit(new EvidenceReader(new MemoryFileSystem(tree)), unit, [{ id: 'x.y', evidence: probe }]);
  return results.get('x.y')!;
}

const workflow = (steps: string, job = '') =>
  `name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n${job}    steps:\n      - uses: actions/checkout@v4\n${steps}`;

describe('shell command splitter', () => {
  it('splits on &&, ||, ;, |, & and newlines, and drops comments', () => {
    assert.deepStrictEqual(words('a && b || c; d | e & f\ng # h && i\n# j\n'), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('keeps quoted operators, # and spaces inside one word, and removes the quotes', () => {
    assert.deepStrictEqual(words(`echo "a && b" 'c; d' e\\ f x#y "$(g && h)"`), ['echo a && b c; d e f x#y $(g && h)']);
  });

  it('joins line continuations and numbers lines by the first word', () => {
    const commands = splitCommands('first\ncargo test \\\n  --locked \\\n  --all\nlast\n');
    assert.deepStrictEqual(
      commands.map((command) => [command.words.join(' '), command.line]),
      [
        ['first', 0],
        ['cargo test --locked --all', 1],
        ['last', 4],
      ],
    );
  });

  it('skips here-document bodies and redirections', () => {
    assert.deepStrictEqual(
      words("cat <<EOF > out.txt\ngovulncheck ./...\nEOF\ngo test ./... 2>&1 >log\ncat <<-'END'\n\tmypy .\n\tEND\nnext"),
      ['cat', 'go test ./...', 'cat', 'next'],
    );
  });

  it('splits subshells and brace groups inside, and they inherit what follows them', () => {
    assert.deepStrictEqual(judged('(cd sub && cargo audit) || true\n{ mypy .; ruff check; }\n'), [
      ['cd sub', false, '`|| true`'],
      ['cargo audit', false, '`|| true`'],
      ['true', true, ''],
      ['mypy .', true, ''],
      ['ruff check', true, ''],
    ]);
  });

  it('knows what cannot fail: || true, || exit 0, || echo, set +e, &, conditions, negation', () => {
    assert.deepStrictEqual(judged('mypy . || true\ncargo audit || exit 0\nnpm audit || echo "ignored"\nlint || exit 1\nx && y'), [
      ['mypy .', false, '`|| true`'],
      ['true', true, ''],
      ['cargo audit', false, '`|| exit 0`'],
      ['exit 0', true, ''],
      ['npm audit', false, '`|| echo`'],
      ['echo ignored', true, ''],
      ['lint', true, ''],
      ['exit 1', true, ''],
      ['x', true, ''],
      ['y', true, ''],
    ]);
    assert.deepStrictEqual(judged('set +e\ngovulncheck ./...\nset -e\ngo vet ./...'), [
      ['set +e', true, ''],
      ['govulncheck ./...', false, '`set +e`'],
      ['set -e', false, '`set +e`'],
      ['go vet ./...', true, ''],
    ]);
    assert.deepStrictEqual(judged('server &\nif cargo audit; then echo ok; fi\n! grep x'), [
      ['server', false, 'runs in the background (`&`)'],
      ['cargo audit', false, 'an `if` condition'],
      ['echo ok', true, ''],
      ['grep x', false, 'negated with `!`'],
    ]);
  });

  it('under set +e, the last list still decides the script; a && chain in it fails it', () => {
    assert.deepStrictEqual(judged('set +e\nmypy .'), [
      ['set +e', true, ''],
      ['mypy .', true, ''],
    ]);
    assert.deepStrictEqual(judged('eslint . && tsc', { errexit: false }), [
      ['eslint .', true, ''],
      ['tsc', true, ''],
    ]);
    assert.deepStrictEqual(judged('eslint .; tsc', { errexit: false }), [
      ['eslint .', false, 'not the last command, in a shell without `set -e`'],
      ['tsc', true, ''],
    ]);
  });

  it('a pipeline hides failures before its last command unless pipefail', () => {
    assert.deepStrictEqual(judged('cargo audit | tee out'), [
      ['cargo audit', false, 'not the last command of a pipeline, without `pipefail`'],
      ['tee out', true, ''],
    ]);
    assert.deepStrictEqual(judged('cargo audit | tee out', { pipefail: true }), [
      ['cargo audit', true, ''],
      ['tee out', true, ''],
    ]);
    assert.deepStrictEqual(judged('set -o pipefail\ncargo audit | tee out'), [
      ['set -o pipefail', true, ''],
      ['cargo audit', true, ''],
      ['tee out', true, ''],
    ]);
  });

  it('counts assignments before the command', () => {
    const [command] = splitCommands('GOFLAGS=-race CGO_ENABLED=1 go test ./...');
    assert.strictEqual(command.assignments, 2);
  });

  it('stays within bounds on hostile input', () => {
    assert.ok(splitCommands('a;'.repeat(100_000)).length <= 2000);
    assert.ok(splitCommands('('.repeat(10_000) + 'x').length <= 1);
    assert.doesNotThrow(() => splitCommands('"unterminated \'quote $(x'));
  });
});

describe('CI model', () => {
  it('GitHub Actions: run scripts line by line, uses with its inputs, env in front, disabled jobs and steps left out', async () => {
    const text = workflow(
      '      - run: |\n          go vet ./...\n          go test -race ./...\n      - if: ${{ false }}\n        run: govulncheck ./...\n      - uses: golangci/golangci-lint-action@v8\n        with:\n          args: --timeout 5m\n',
      '    env:\n      GOFLAGS: -mod=mod\n',
    );
    const model = await buildCiModel(
      filesOf({
        '.github/workflows/ci.yml': text,
        '.github/workflows/off.yml': 'on: push\njobs:\n  x:\n    if: false\n    steps:\n      - run: cargo audit\n',
      }),
      '.',
    );
    assert.deepStrictEqual(
      model.commands.map((command) => [command.text, command.chain[0].line]),
      [
        ['actions/checkout@v4', 9],
        ['GOFLAGS=-mod=mod go vet ./...', 11],
        ['GOFLAGS=-mod=mod go test -race ./...', 12],
        ['golangci/golangci-lint-action@v8 args=--timeout 5m', 15],
      ],
    );
    assert.strictEqual(model.disabled, 2);
  });

  it('GitHub Actions: continue-on-error on a step or a job', async () => {
    const model = await buildCiModel(
      filesOf({
        '.github/workflows/ci.yml': workflow('      - run: cargo audit\n        continue-on-error: true\n      - run: cargo test\n'),
      }),
      '.',
    );
    assert.deepStrictEqual(
      model.commands.filter((command) => command.kind === 'run').map((command) => [command.text, command.gating, command.why?.text]),
      [
        ['cargo audit', false, '`continue-on-error: true`'],
        ['cargo test', true, undefined],
      ],
    );
    const job = await buildCiModel(
      filesOf({ '.github/workflows/ci.yml': workflow('      - run: cargo test\n', '    continue-on-error: true\n') }),
      '.',
    );
    assert.ok(job.commands.every((command) => !command.gating));
  });

  it('GitHub Actions: matrix values where the steps use them', async () => {
    const model = await buildCiModel(
      filesOf({
        '.github/workflows/ci.yml': workflow(
          '      - run: cargo ${{ matrix.cmd }}\n',
          '    strategy:\n      matrix:\n        cmd: [audit, deny check]\n        os: [a, b]\n',
        ),
      }),
      '.',
    );
    assert.deepStrictEqual(
      model.commands.filter((command) => command.kind === 'run').map((command) => command.text),
      ['cargo audit', 'cargo deny check'],
    );
  });

  it('GitHub Actions: ${{ env.X }} from the job and step env', async () => {
    const model = await buildCiModel(
      filesOf({
        '.github/workflows/ci.yml': workflow('      - run: ${{ env.CARGO }} clippy -- -D warnings\n', '    env:\n      CARGO: cargo\n'),
      }),
      '.',
    );
    assert.ok(model.commands.some((command) => command.text === 'CARGO=cargo cargo clippy -- -D warnings'));
  });

  it('follows a local reusable workflow with its inputs, once, and not as a workflow of its own', async () => {
    const model = await buildCiModel(
      filesOf({
        '.github/workflows/ci.yml': 'on: push\njobs:\n  lint:\n    uses: ./.github/workflows/lint.yml\n    with:\n      tool: mypy\n',
        '.github/workflows/lint.yml':
          'on:\n  workflow_call:\n    inputs:\n      tool: { type: string }\njobs:\n  run:\n    steps:\n      - run: ${{ inputs.tool }} .\n      - uses: ./.github/workflows/lint.yml\n',
      }),
      '.',
    );
    const commands = model.commands.filter((command) => command.kind === 'run');
    assert.deepStrictEqual(
      commands.map((command) => [command.text, command.chain]),
      [
        [
          'mypy .',
          [
            { path: '.github/workflows/ci.yml', line: 4 },
            { path: '.github/workflows/lint.yml', line: 8 },
          ],
        ],
      ],
    );
  });

  it('follows a local composite action, with its inputs and defaults, and stops at a cycle', async () => {
    const model = await buildCiModel(
      filesOf({
        '.github/workflows/ci.yml': workflow('      - uses: ./.github/actions/audit\n        with:\n          extra: --deny warnings\n'),
        '.github/actions/audit/action.yml':
          "name: audit\ninputs:\n  extra: { default: '' }\n  tool: { default: cargo-audit }\nruns:\n  using: composite\n  steps:\n    - run: cargo audit ${{ inputs.extra }}\n      shell: bash\n    - uses: ./.github/actions/audit\n",
      }),
      '.',
    );
    const runs = model.commands.filter((command) => command.kind === 'run');
    assert.deepStrictEqual(
      runs.map((command) => [command.text, command.chain.map((location) => `${location.path}:${location.line}`)]),
      [['cargo audit --deny warnings', ['.github/workflows/ci.yml:8', '.github/actions/audit/action.yml:8']]],
    );
    assert.deepStrictEqual(model.sources.actions, ['.github/actions/audit/action.yml']);
  });

  it('GitLab CI: script, before_script, after_script, allow_failure, extends, default and local include', async () => {
    const model = await buildCiModel(
      filesOf({
        '.gitlab-ci.yml':
          'include:\n  - local: ci/audit.yml\ndefault:\n  before_script:\n    - pip install mypy\n.base:\n  script:\n    - mypy .\ntypes:\n  extends: .base\n  after_script:\n    - upload\n',
        'ci/audit.yml': 'audit:\n  allow_failure: true\n  script: cargo audit\n',
      }),
      '.',
    );
    assert.deepStrictEqual(
      model.commands.map((command) => [
        command.text,
        command.gating,
        command.chain[command.chain.length - 1].path,
        command.chain[command.chain.length - 1].line,
      ]),
      [
        ['pip install mypy', false, '.gitlab-ci.yml', 5],
        ['cargo audit', false, 'ci/audit.yml', 3],
        ['pip install mypy', true, '.gitlab-ci.yml', 5],
        ['mypy .', true, '.gitlab-ci.yml', 8],
        ['upload', false, '.gitlab-ci.yml', 12],
      ],
    );
    assert.deepStrictEqual(model.sources.gitlab, ['.gitlab-ci.yml', 'ci/audit.yml']);
  });

  it('reads the script keys of other CI systems and Jenkins sh steps', async () => {
    const model = await buildCiModel(
      filesOf({
        'azure-pipelines.yml': 'steps:\n  - script: cargo audit\n    continueOnError: true\n  - bash: cargo test\n',
        Jenkinsfile: "pipeline { stages { stage('t') { steps { sh 'go test -race ./...' } } } }\n",
      }),
      '.',
    );
    assert.deepStrictEqual(
      model.commands.map((command) => [command.text, command.gating]),
      [
        ['cargo audit', false],
        ['cargo test', true],
        ['go test -race ./...', true],
      ],
    );
  });
});

describe('task runners', () => {
  const ci = (command: string) => workflow(`      - run: ${command}\n`);

  it('npm run with pre and post scripts, pnpm, yarn and bun by name, with the chain', async () => {
    const pkg =
      '{\n  "scripts": {\n    "prelint": "echo pre",\n    "lint": "eslint . && tsc --noEmit",\n    "check": "npm run lint"\n  }\n}\n';
    const found = await run({ '.github/workflows/ci.yml': ci('npm run check'), 'package.json': pkg }, { run: 'tsc --noEmit' });
    assert.strictEqual(found.status, 'found');
    assert.deepStrictEqual(found.chain, [
      { path: '.github/workflows/ci.yml', line: 8 },
      { path: 'package.json', line: 5 },
      { path: 'package.json', line: 4 },
    ]);
    assert.strictEqual(
      (await run({ '.github/workflows/ci.yml': ci('npm run check'), 'package.json': pkg }, { run: 'echo pre' })).status,
      'found',
      'npm runs pre<name>',
    );
    for (const command of ['pnpm lint', 'pnpm run lint', 'yarn lint', 'bun run lint'])
      assert.strictEqual(
        (await run({ '.github/workflows/ci.yml': ci(command), 'package.json': pkg }, { run: 'eslint .' })).status,
        'found',
        command,
      );
  });

  it('a package.json script counts only when CI runs it', async () => {
    const result = await run(
      { '.github/workflows/ci.yml': ci('npm test'), 'package.json': '{"scripts": {"test": "vitest", "lint": "eslint ."}}' },
      { run: 'eslint .' },
    );
    assert.strictEqual(result.status, 'missing');
    assert.match(result.reason!, /searched 1 workflow, the tasks CI runs in package.json: no `eslint \.` that can fail/);
  });

  it('make: targets, prerequisites, -C, $(MAKE), and - lines that cannot fail', async () => {
    const makefile =
      'all: lint test\n\nlint:\n\t@golangci-lint run\n\t-staticcheck ./...\ntest:\n\t$(MAKE) race\nrace:\n\tgo test -race ./...\n';
    const tree = { '.github/workflows/ci.yml': ci('make'), Makefile: makefile };
    assert.deepStrictEqual(
      (await run(tree, { run: 'go test*-race' })).chain?.map((location) => location.line),
      [8, 7, 9],
    );
    assert.strictEqual((await run(tree, { run: 'golangci-lint run' })).status, 'found');
    const ignored = await run(tree, { run: 'staticcheck' });
    assert.strictEqual(ignored.status, 'not-gating');
    assert.match(ignored.reason!, /Makefile:5: a `-` recipe line/);
    assert.strictEqual(
      (await run({ '.github/workflows/ci.yml': ci('make -C sub lint'), 'sub/Makefile': 'lint:\n\truff check .\n' }, { run: 'ruff check' }))
        .status,
      'found',
    );
    const rules = parseMakefile('a b: c\n\techo x\nc:\n\techo \\\n\t  y\n');
    assert.deepStrictEqual(
      rules.rules.get('c')?.recipe.map((line) => line.text),
      ['echo \n  y'],
    );
    assert.strictEqual(rules.first, 'a');
  });

  it('just recipes with dependencies; Taskfile cmds and deps; deno task; composer scripts with @references', async () => {
    assert.deepStrictEqual(
      parseJustfile(
        'set shell := ["bash", "-c"]\n\nci: lint (test "x")\nlint:\n  cargo clippy -- -D warnings\n[private]\ntest arg:\n  @cargo test {{arg}}\n',
      ).recipes.get('ci')?.dependencies,
      ['lint', 'test'],
    );
    const just = {
      '.github/workflows/ci.yml': ci('just ci'),
      justfile: 'ci: lint\n    cargo test\nlint:\n    cargo clippy -- -D warnings\n',
    };
    assert.strictEqual((await run(just, { run: 'cargo clippy*-D warnings' })).status, 'found');
    const taskfile = {
      '.github/workflows/ci.yml': ci('task ci'),
      'Taskfile.yml':
        "version: '3'\ntasks:\n  ci:\n    deps: [lint]\n    cmds:\n      - cmd: mypy .\n        ignore_error: true\n      - task: test\n  lint:\n    cmds: [ruff check .]\n  test:\n    cmds:\n      - pytest\n",
    };
    assert.strictEqual((await run(taskfile, { run: 'ruff check' })).status, 'found');
    assert.strictEqual((await run(taskfile, { run: 'pytest' })).status, 'found');
    assert.strictEqual((await run(taskfile, { run: 'mypy' })).status, 'not-gating');
    assert.strictEqual(
      (
        await run(
          {
            '.github/workflows/ci.yml': ci('deno task check'),
            'deno.jsonc': '{\n  // tasks\n  "tasks": { "check": "deno check main.ts" }\n}\n',
          },
          { run: 'deno check' },
        )
      ).status,
      'found',
    );
    const composer = {
      '.github/workflows/ci.yml': ci('composer run-script ci'),
      'composer.json': '{"scripts": {"ci": ["@stan", "@php vendor/bin/phpunit"], "stan": "phpstan analyse"}}',
    };
    assert.strictEqual((await run(composer, { run: 'phpstan analyse' })).status, 'found');
    assert.strictEqual((await run(composer, { run: 'php vendor/bin/phpunit' })).status, 'found');
  });

  it('tox environments from pyproject.toml and tox.ini, through uv run', async () => {
    const pyproject =
      '[tool.tox]\nenv_list = ["py", "typing"]\n\n[tool.tox.env_run_base]\ncommands = [["pytest"]]\n\n[tool.tox.env.typing]\ncommands = [\n    ["mypy"],\n    ["pyright"],\n]\n';
    const typing = await run(
      { '.github/workflows/ci.yml': ci('uv run --locked --group dev tox run -e typing'), 'pyproject.toml': pyproject },
      { run: 'pyright' },
    );
    assert.deepStrictEqual(typing.chain, [
      { path: '.github/workflows/ci.yml', line: 8 },
      { path: 'pyproject.toml', line: 7 },
    ]);
    assert.strictEqual(
      (await run({ '.github/workflows/ci.yml': ci('tox run -e py'), 'pyproject.toml': pyproject }, { run: 'mypy' })).status,
      'missing',
    );
    assert.strictEqual(
      (await run({ '.github/workflows/ci.yml': ci('tox'), 'pyproject.toml': pyproject }, { run: 'mypy' })).status,
      'found',
      'bare tox runs the env_list',
    );
    const ini = '[tox]\nenvlist = py312, lint\n\n[testenv:lint]\ncommands =\n    ruff check .\n    - mypy src\n';
    assert.strictEqual(
      (await run({ '.github/workflows/ci.yml': ci('tox -e lint'), 'tox.ini': ini }, { run: 'ruff check' })).status,
      'found',
    );
    assert.strictEqual(
      (await run({ '.github/workflows/ci.yml': ci('tox -e lint'), 'tox.ini': ini }, { run: 'mypy' })).status,
      'not-gating',
    );
  });

  it('an action matches by its name, not by its inputs', async () => {
    assert.strictEqual(
      (
        await run(
          { '.github/workflows/ci.yml': workflow('      - uses: actions/cache@v4\n        with:\n          path: .mypy_cache\n') },
          { run: 'mypy' },
        )
      ).status,
      'missing',
    );
  });

  it('stops at a task that calls itself', async () => {
    const result = await run(
      { '.github/workflows/ci.yml': ci('npm run loop'), 'package.json': '{"scripts": {"loop": "npm run loop && cargo audit"}}' },
      { run: 'cargo audit' },
    );
    assert.strictEqual(result.status, 'found');
  });
});

describe('run probes', () => {
  it('an install-only line, a comment or a disabled job never runs the tool', async () => {
    const steps =
      '      # - run: govulncheck ./...\n      - run: go install golang.org/x/vuln/cmd/govulncheck@latest\n      - run: pip install mypy\n';
    const result = await run({ '.github/workflows/ci.yml': workflow(steps) }, { run: ['govulncheck', 'mypy'] });
    assert.strictEqual(result.status, 'missing');
    assert.strictEqual(
      (await run({ '.github/workflows/ci.yml': workflow('      - run: npm install -g pnpm\n') }, { run: 'npm install -g' })).status,
      'found',
      'an installer matches as itself',
    );
  });

  it('|| true and report-only flags are not-gating, with where and why', async () => {
    const result = await run({ '.github/workflows/ci.yml': workflow('      - run: mypy . || true\n') }, { run: 'mypy' });
    assert.deepStrictEqual(result, {
      status: 'not-gating',
      locations: [{ path: '.github/workflows/ci.yml', line: 8 }],
      reason: 'runs, but does not fail the build (.github/workflows/ci.yml:8: `|| true`)',
    });
    const sarif = await run(
      { '.github/workflows/ci.yml': workflow('      - run: govulncheck -format sarif ./... > out.sarif\n') },
      { run: 'govulncheck', nonGatingFlags: ['-format sarif', '-json'] },
    );
    assert.strictEqual(sarif.reason, 'runs, but does not fail the build (.github/workflows/ci.yml:8: `-format sarif`)');
    assert.strictEqual(
      (await run({ '.github/workflows/ci.yml': workflow('      - run: mypy . || true\n') }, { run: 'mypy', gating: false })).status,
      'found',
      'gating: false asks only that it runs',
    );
  });

  it('a pattern that ends in a space ends the word', async () => {
    const tree = { '.github/workflows/ci.yml': workflow('      - run: cargo auditable build\n') };
    assert.strictEqual((await run(tree, { run: 'cargo audit ' })).status, 'missing');
    assert.strictEqual(
      (await run({ '.github/workflows/ci.yml': workflow('      - run: cargo audit\n') }, { run: 'cargo audit ' })).status,
      'found',
    );
  });

  it('a gating match anywhere wins over a non-gating one', async () => {
    assert.strictEqual(
      (
        await run(
          { '.github/workflows/ci.yml': workflow('      - run: cargo audit || true\n      - run: cargo audit\n') },
          { run: 'cargo audit' },
        )
      ).status,
      'found',
    );
  });

  it('without: a flag that undoes the command', async () => {
    const result = await run(
      { '.github/workflows/ci.yml': workflow('      - run: pnpm install --frozen-lockfile=false\n') },
      { run: 'pnpm install', without: ['--frozen-lockfile=false', '--no-frozen-lockfile'] },
    );
    assert.strictEqual(result.status, 'missing');
    assert.match(result.reason!, /has `--frozen-lockfile=false`/);
  });

  it('says what it searched when nothing runs, and when there is no CI at all', async () => {
    const result = await run(
      {
        '.github/workflows/a.yml': workflow('      - run: make test\n'),
        '.github/workflows/b.yml': workflow('      - run: cargo test\n'),
        Makefile: 'test:\n\tcargo test\n',
      },
      { run: ['cargo audit', 'cargo deny*check'] },
    );
    assert.strictEqual(
      result.reason,
      'searched 2 workflows, the tasks CI runs in Makefile: no `cargo audit` or `cargo deny*check` that can fail',
    );
    assert.match((await run({ Makefile: 'audit:\n\tcargo audit\n' }, { run: 'cargo audit' })).reason!, /^no CI configuration found/);
  });

  it('searches the unit root, then the folder', async () => {
    const result = await run(
      {
        'svc/go.mod': '',
        '.github/workflows/ci.yml': workflow('      - run: GOFLAGS=-race go test ./...\n        working-directory: svc\n'),
      },
      { run: 'GOFLAGS=*-race*go test' },
      'svc',
    );
    assert.strictEqual(result.status, 'found');
  });

  it('records the files it read, so a change re-evaluates the unit', async () => {
    const { reads } = await evaluateUnit(
      new EvidenceReader(
        new MemoryFileSystem({
          '.github/workflows/ci.yml': workflow('      - run: npm test\n'),
          'package.json': '{"scripts":{"test":"vitest"}}',
        }),
      ),
      '.',
      [{ id: 'x.y', evidence: { run: 'vitest' } }],
    );
    assert.ok(reads.has('.github/workflows/ci.yml') && reads.has('package.json') && reads.has('.github/workflows'));
  });

  it('validation: patterns, flags, and what does not belong to a run probe', () => {
    assert.deepStrictEqual(checkProbe({ run: 'cargo audit', nonGatingFlags: ['--exit-zero'], gating: true }), []);
    assert.deepStrictEqual(checkProbe({ run: ['a', 'b'] }), []);
    const messages = (probe: unknown) => checkProbe(probe).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    assert.deepStrictEqual(messages({ run: [] }), ['run: "run" must be a command pattern or a list of 1 to 8']);
    assert.deepStrictEqual(messages({ run: '*' }), ['run: text pattern "*" has no literal text; it would match every line']);
    assert.deepStrictEqual(messages({ run: 'x', in: '@ci', gating: 'yes', without: [] }), [
      'in: "in" does not belong to a run probe: it reads the commands CI runs (the @ci files and the tasks they call)',
      'gating: "gating" must be true or false',
      'without: "without" must be a list of 1 to 16 non-empty flags',
    ]);
    assert.deepStrictEqual(messages({ text: 'x', in: '@ci', gating: true }), ['gating: "gating" belongs to a run probe']);
  });
});
