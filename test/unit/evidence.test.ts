import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EvidenceState } from '../../src/core/evidence/checklistEvidence';
import { EvidenceReader, evaluateUnit, locationText, DEFAULT_EVIDENCE_LIMITS, type Evidence } from '../../src/core/evidence/evaluate';
import { expandBraces } from '../../src/core/evidence/globSegments';
import { compileLinePattern, matchesLine, matchingLines } from '../../src/core/evidence/linePattern';
import { checkProbe, type Probe } from '../../src/core/evidence/probe';
import { CancelledError, type DirEntry, type FileSystem } from '../../src/core/fileSystem';
import { NodeFileSystem } from '../../src/node/nodeFileSystem';
import { loadProfiles } from '../../src/core/profiles/loader';
import { checklistItems } from '../../src/core/profiles/model';
import { MemoryFileSystem } from './memoryFileSystem';
import { makeTree, PROFILES_DIR, REPO } from './treeHelper';
import { checkEvidenceFixtures, fixturePath } from './evidenceFixtures';

async function evidenceOf(files: Record<string, string>, probe: Probe, unit = '.', limits = DEFAULT_EVIDENCE_LIMITS): Promise<Evidence> {
  const { results } = await evaluateUnit(new EvidenceReader(new MemoryFileSystem(files), limits), unit, [{ id: 'x.y', evidence: probe }]);
  return results.get('x.y')!;
}

const WORKFLOW =
  'name: ci\non: push\njobs:\n  test:\n    steps:\n      # - run: go test -race ./...\n      - run: go test ./...\n      - run: go test -count=1 -race ./...\n';

describe('evidence probes', () => {
  describe('file', () => {
    it('is found when a regular file matches the glob, and names it', async () => {
      assert.deepStrictEqual(await evidenceOf({ 'Cargo.lock': 'x', 'src/main.rs': '' }, { file: 'Cargo.lock' }), {
        status: 'found',
        locations: [{ path: 'Cargo.lock' }],
      });
      assert.deepStrictEqual(await evidenceOf({ '.github/dependabot.yaml': 'x' }, { file: '.github/dependabot.{yml,yaml}' }), {
        status: 'found',
        locations: [{ path: '.github/dependabot.yaml' }],
      });
    });

    it('is missing when nothing matches, and a folder of that name is not a file', async () => {
      assert.strictEqual((await evidenceOf({ 'Cargo.toml': '' }, { file: 'Cargo.lock' })).status, 'missing');
      assert.strictEqual((await evidenceOf({ 'Cargo.lock/inner': '' }, { file: 'Cargo.lock' })).status, 'missing');
    });

    it('starts at the unit root, the folder root, or both, and reports paths from the folder', async () => {
      const files = { 'go.work': '', 'svc/go.mod': '', 'svc/go.sum': '', '.github/dependabot.yml': '' };
      assert.deepStrictEqual((await evidenceOf(files, { file: 'go.sum' }, 'svc')).locations, [{ path: 'svc/go.sum' }]);
      assert.strictEqual((await evidenceOf(files, { file: 'go.sum', root: 'folder' }, 'svc')).status, 'missing');
      assert.strictEqual(
        (await evidenceOf(files, { file: '.github/dependabot.yml' }, 'svc')).status,
        'missing',
        'a unit below the root does not see repository files by default',
      );
      assert.deepStrictEqual((await evidenceOf(files, { file: '.github/dependabot.yml', root: 'both' }, 'svc')).locations, [
        { path: '.github/dependabot.yml' },
      ]);
    });

    it('naming "@ci" looks for a file of that name: its search is never shared with probes that read in the @ci set', async () => {
      const files = { '.github/workflows/ci.yml': WORKFLOW };
      const fileProbe = { id: 'x.file', evidence: { file: '@ci' } };
      const textProbe = { id: 'x.text', evidence: { text: 'go test*-race', in: '@ci' } };
      // One after the other through one reader, which keeps each search for the next evaluation.
      for (const order of [
        [fileProbe, textProbe],
        [textProbe, fileProbe],
      ]) {
        const reader = new EvidenceReader(new MemoryFileSystem(files));
        const status = new Map<string, string | undefined>();
        for (const item of order) status.set(item.id, (await evaluateUnit(reader, '.', [item])).results.get(item.id)?.status);
        assert.deepStrictEqual(Object.fromEntries(status), { 'x.file': 'missing', 'x.text': 'found' }, `${order[0].id} first`);
      }
    });

    it('walks ** below the root but never into dependency folders', async () => {
      const files = { 'node_modules/x/.nvmrc': '', 'packages/a/.nvmrc': '20' };
      assert.deepStrictEqual((await evidenceOf(files, { file: '**/.nvmrc' })).locations, [{ path: 'packages/a/.nvmrc' }]);
      assert.strictEqual((await evidenceOf({ 'node_modules/x/.nvmrc': '' }, { file: '**/.nvmrc' })).status, 'missing');
    });

    it('lets a * enter no dependency folder or .git either, while a folder named in the glob is entered', async () => {
      const files = {
        'node_modules/gradle.lockfile': '',
        'vendor/gradle.lockfile': '',
        '.git/gradle.lockfile': '',
        'app/gradle.lockfile': '',
      };
      assert.deepStrictEqual((await evidenceOf(files, { file: '*/gradle.lockfile' })).locations, [{ path: 'app/gradle.lockfile' }]);
      assert.deepStrictEqual((await evidenceOf(files, { file: 'vendor/gradle.lockfile' })).locations, [{ path: 'vendor/gradle.lockfile' }]);
    });
  });

  describe('text', () => {
    it('finds a line pattern in CI files from both roots, with its line, skipping commented-out lines', async () => {
      const result = await evidenceOf(
        { '.github/workflows/ci.yml': WORKFLOW, 'svc/go.mod': '' },
        { text: 'go test*-race', in: '@ci' },
        'svc',
      );
      assert.deepStrictEqual(result, { status: 'found', locations: [{ path: '.github/workflows/ci.yml', line: 8 }] });
      assert.strictEqual(locationText(result.locations[0]), '.github/workflows/ci.yml:8');
    });

    it('is missing for a near miss: the command without the flag', async () => {
      const result = await evidenceOf(
        { '.github/workflows/ci.yml': 'jobs:\n  t:\n    steps:\n      - run: go test ./...\n' },
        { text: 'go test*-race', in: '@ci' },
      );
      assert.strictEqual(result.status, 'missing');
    });

    it('reads every named CI system', async () => {
      for (const file of [
        '.gitlab-ci.yml',
        'azure-pipelines.yml',
        '.circleci/config.yml',
        'Jenkinsfile',
        'Makefile',
        'justfile',
        'Taskfile.yml',
        '.pre-commit-config.yaml',
        'bitbucket-pipelines.yml',
        '.buildkite/pipeline.yml',
        'package.json',
      ]) {
        assert.strictEqual(
          (await evidenceOf({ [file]: 'run: govulncheck ./...' }, { text: 'govulncheck', in: '@ci' })).status,
          'found',
          file,
        );
      }
    });

    it('matches stars within one line only, and a backslash-star literally', () => {
      const pattern = compileLinePattern('go test*-race');
      assert.ok(matchesLine(pattern, 'go test -v -race ./...'));
      assert.ok(!matchesLine(pattern, '-race go test'));
      assert.deepStrictEqual(matchingLines(pattern, 'go test\n-race\n', 5), []);
      assert.ok(matchesLine(compileLinePattern('a\\*b'), 'x a*b y'));
      assert.ok(!matchesLine(compileLinePattern('a\\*b'), 'x ab y'));
    });

    it('skips comments as the file writes them: ; in INI files, <!-- in XML, and # is code in Rust and C', async () => {
      const ini = await evidenceOf({ 'php.ini': ';post_max_size = 8M\n' }, { text: 'post_max_size', in: '*.ini' });
      assert.strictEqual(ini.status, 'missing');
      const npmrc = await evidenceOf(
        { '.npmrc': '; ignore-scripts=true\nignore-scripts = true\n' },
        { text: 'ignore-scripts*=*true', in: '.npmrc' },
      );
      assert.deepStrictEqual(npmrc.locations, [{ path: '.npmrc', line: 2 }]);
      const props = await evidenceOf(
        { 'Directory.Build.props': '<Project>\n  <!-- <Nullable>enable</Nullable> -->\n</Project>\n' },
        { text: '<Nullable>enable</Nullable>', in: 'Directory.Build.props' },
      );
      assert.strictEqual(props.status, 'missing');
      const rust = await evidenceOf(
        { 'src/lib.rs': '// #![forbid(unsafe_code)] was here\n#![forbid(unsafe_code)]\n' },
        { text: '#![forbid(unsafe_code)]', in: 'src/lib.rs' },
      );
      assert.deepStrictEqual(rust.locations, [{ path: 'src/lib.rs', line: 2 }]);
      // Elsewhere # and // stay comments, as before.
      assert.strictEqual(
        (await evidenceOf({ 'ci.yml': '# - run: go test -race\n' }, { text: 'go test*-race', in: 'ci.yml' })).status,
        'missing',
      );
    });

    it('rejects a pattern with no literal text or too many pieces', () => {
      assert.throws(() => compileLinePattern('***'), /no literal text/);
      assert.throws(() => compileLinePattern('a*b*c*d*e*f*g*h*i*j'), /at most 8/);
    });

    it('stays linear on a pattern built to make a backtracking matcher explode', async function () {
      // (a*)*b-style input: many near matches and no final piece. A regular-expression engine that
      // backtracks takes exponential time on the equivalent /a.*a.*a.*a.*a.*a.*a.*b/; this matcher
      // does one indexOf per piece.
      const line = 'a'.repeat(200_000);
      const started = process.hrtime.bigint();
      const result = await evidenceOf({ Makefile: `${line}\n`.repeat(5) }, { text: 'a*a*a*a*a*a*a*b', in: '@ci' });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.strictEqual(result.status, 'missing');
      // Generous: the point is "not minutes". The benchmark measures real speed.
      assert.ok(ms < 5000, `took ${ms} ms`);
    });
  });

  describe('key', () => {
    it("reads JSON with comments (tsconfig), TOML and YAML, and gives the key's line", async () => {
      const tsconfig = '{\n  // strict mode\n  "compilerOptions": {\n    "target": "es2022",\n    "strict": true,\n  },\n}\n';
      assert.deepStrictEqual(
        await evidenceOf({ 'tsconfig.json': tsconfig }, { key: 'compilerOptions.strict', in: 'tsconfig.json', equals: true }),
        { status: 'found', locations: [{ path: 'tsconfig.json', line: 5 }] },
      );
      const cargo = '[package]\nname = "a"\nversion = "0.1.0"\nrust-version = "1.80"\n';
      assert.deepStrictEqual(await evidenceOf({ 'Cargo.toml': cargo }, { key: 'package.rust-version', in: 'Cargo.toml' }), {
        status: 'found',
        locations: [{ path: 'Cargo.toml', line: 4 }],
      });
      const pubspec = 'name: app\nenvironment:\n  sdk: ^3.5.0\n';
      assert.deepStrictEqual(await evidenceOf({ 'pubspec.yaml': pubspec }, { key: 'environment.sdk', in: 'pubspec.yaml' }), {
        status: 'found',
        locations: [{ path: 'pubspec.yaml', line: 3 }],
      });
    });

    it('is missing when the key is absent, false, empty, or not the expected value', async () => {
      assert.strictEqual(
        (
          await evidenceOf(
            { 'tsconfig.json': '{"compilerOptions":{"strict":false}}' },
            { key: 'compilerOptions.strict', in: 'tsconfig.json', equals: true },
          )
        ).status,
        'missing',
      );
      assert.strictEqual(
        (
          await evidenceOf(
            { 'tsconfig.json': '{"compilerOptions":{"strict":false}}' },
            { key: 'compilerOptions.strict', in: 'tsconfig.json' },
          )
        ).status,
        'missing',
      );
      assert.strictEqual(
        (await evidenceOf({ 'package.json': '{"engines":{}}' }, { key: 'engines.node', in: 'package.json' })).status,
        'missing',
      );
      assert.strictEqual(
        (await evidenceOf({ 'package.json': '{"engines":{"node":""}}' }, { key: 'engines.node', in: 'package.json' })).status,
        'missing',
      );
    });

    it('says what it searched when missing: the files read, and the values they held instead', async () => {
      assert.deepStrictEqual(
        await evidenceOf(
          { 'tsconfig.json': '{\n  "compilerOptions": {\n    "strict": false\n  }\n}\n' },
          { key: 'compilerOptions.strict', in: 'tsconfig.json', equals: true },
        ),
        { status: 'missing', locations: [], reason: 'no `compilerOptions.strict` = true in tsconfig.json (false at tsconfig.json:3)' },
      );
      assert.deepStrictEqual(await evidenceOf({ 'Cargo.toml': '' }, { file: 'Cargo.lock' }), {
        status: 'missing',
        locations: [],
        reason: 'no file matching `Cargo.lock` under the folder root',
      });
      assert.deepStrictEqual(
        await evidenceOf(
          { 'a/ci.yml': 'cargo test', 'b/ci.yml': 'cargo build', 'c/ci.yml': '', 'd/ci.yml': '' },
          { any: [{ text: 'cargo deny', in: '*/ci.yml' }, { file: 'deny.toml' }] },
        ),
        {
          status: 'missing',
          locations: [],
          reason:
            'no line with `cargo deny` in 4 files: a/ci.yml, b/ci.yml, c/ci.yml and 1 more; no file matching `deny.toml` under the folder root',
        },
      );
      assert.strictEqual(
        (await evidenceOf({ 'svc/go.mod': 'module x' }, { file: 'go.sum', root: 'both' }, 'svc')).reason,
        'no file matching `go.sum` under svc and the folder root',
      );
    });

    describe('root: upward (the nearest Directory.Build.props)', () => {
      const nullable: Probe = {
        text: '<Nullable>enable</Nullable>',
        in: 'Directory.Build.props',
        root: 'upward',
        upwardWhen: 'GetPathOfFileAbove(*Directory.Build.props',
      };
      const importAbove =
        "<Project>\n  <Import Project=\"$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))\" />\n</Project>\n";

      it('finds the setting in the nearest folder above the unit that holds the file', async () => {
        const files = {
          'src/Directory.Build.props': '<Project>\n  <Nullable>enable</Nullable>\n</Project>\n',
          'src/Api/Api.csproj': '<Project/>',
        };
        assert.deepStrictEqual(await evidenceOf(files, nullable, 'src/Api'), {
          status: 'found',
          locations: [{ path: 'src/Directory.Build.props', line: 2 }],
        });
        // root: both looks at the unit's root and the folder's only, and misses src/.
        assert.strictEqual((await evidenceOf(files, { ...nullable, root: 'both', upwardWhen: undefined }, 'src/Api')).status, 'missing');
      });

      it('stops at the nearest file unless it imports the one above', async () => {
        const root = '<Project>\n  <Nullable>enable</Nullable>\n</Project>\n';
        const hidden = await evidenceOf(
          { 'Directory.Build.props': root, 'src/Directory.Build.props': '<Project/>\n' },
          nullable,
          'src/Api',
        );
        assert.deepStrictEqual(hidden, {
          status: 'missing',
          locations: [],
          reason: 'no line with `<Nullable>enable</Nullable>` in src/Directory.Build.props',
        });
        const imported = await evidenceOf({ 'Directory.Build.props': root, 'src/Directory.Build.props': importAbove }, nullable, 'src/Api');
        assert.deepStrictEqual(imported, { status: 'found', locations: [{ path: 'Directory.Build.props', line: 2 }] });
      });

      it('says where it looked when no folder holds the file, and upwardWhen needs root: upward', async () => {
        assert.strictEqual(
          (await evidenceOf({ 'src/Api/Api.csproj': '<Project/>' }, nullable, 'src/Api')).reason,
          'no file matching `Directory.Build.props` under src/Api or a folder above it',
        );
        assert.deepStrictEqual(
          checkProbe({ text: 'x', in: 'a.props', upwardWhen: 'Import' }).map((issue) => issue.message),
          ['"upwardWhen" belongs to a probe with root: upward'],
        );
        assert.deepStrictEqual(checkProbe(nullable), []);
      });
    });

    describe('inherits (tsconfig extends)', () => {
      const strict: Probe = { key: 'compilerOptions.strict', in: 'tsconfig.json', equals: true, inherits: 'extends' };

      it('reads a key the file does not set from the base it extends, and shows the way there', async () => {
        const files = {
          'tsconfig.json': '{\n  "extends": "./config/base",\n  "include": ["src"]\n}\n',
          'config/base.json': '{\n  "compilerOptions": {\n    "strict": true\n  }\n}\n',
        };
        assert.deepStrictEqual(await evidenceOf(files, strict), {
          status: 'found',
          locations: [{ path: 'config/base.json', line: 3 }],
          chain: [
            { path: 'tsconfig.json', line: 2 },
            { path: 'config/base.json', line: 3 },
          ],
        });
        // Without inherits the probe reads the file alone, as before.
        assert.strictEqual(
          (await evidenceOf(files, { key: 'compilerOptions.strict', in: 'tsconfig.json', equals: true })).status,
          'missing',
        );
      });

      it('lets the nearest file that sets the key decide, and the last of several bases win', async () => {
        const overridden = {
          'tsconfig.json': '{ "extends": "./base.json", "compilerOptions": { "strict": false } }',
          'base.json': '{ "compilerOptions": { "strict": true } }',
        };
        assert.strictEqual((await evidenceOf(overridden, strict)).status, 'missing');
        const several = {
          'tsconfig.json': '{ "extends": ["./loose.json", "./strict.json"] }',
          'loose.json': '{ "compilerOptions": { "strict": false } }',
          'strict.json': '{ "compilerOptions": { "strict": true } }',
        };
        assert.strictEqual((await evidenceOf(several, strict)).status, 'found');
        const reversed = { ...several, 'tsconfig.json': '{ "extends": ["./strict.json", "./loose.json"] }' };
        assert.strictEqual((await evidenceOf(reversed, strict)).status, 'missing');
      });

      it('is not checked, never missing, when a base is a package, unreadable, too deep or circular', async () => {
        const fromPackage = await evidenceOf({ 'tsconfig.json': '{\n  "extends": "@tsconfig/strictest/tsconfig.json"\n}' }, strict);
        assert.deepStrictEqual(fromPackage, {
          status: 'not-checked',
          locations: [],
          reason: 'tsconfig.json:2 extends `@tsconfig/strictest/tsconfig.json` from outside the repository, which is not read',
        });
        const gone = await evidenceOf({ 'tsconfig.json': '{ "extends": "./missing.json" }' }, strict);
        assert.strictEqual(gone.status, 'not-checked');
        assert.match(gone.reason!, /extends missing\.json, which cannot be read/);
        const circle = await evidenceOf(
          { 'tsconfig.json': '{ "extends": "./a.json" }', 'a.json': '{ "extends": "./tsconfig.json" }' },
          strict,
        );
        assert.strictEqual(circle.status, 'not-checked');
        assert.match(circle.reason!, /in a circle/);
        const outside = await evidenceOf({ 'svc/tsconfig.json': '{ "extends": "../../base.json" }' }, strict, 'svc');
        assert.strictEqual(outside.status, 'not-checked');
      });

      it('is refused by the loader anywhere but on a key probe', () => {
        assert.deepStrictEqual(
          checkProbe({ text: 'x', in: 'a.json', inherits: 'extends' }).map((issue) => issue.message),
          ['"inherits" belongs to a key probe'],
        );
        assert.deepStrictEqual(checkProbe(strict), []);
      });
    });

    it('matches any key with a * segment, and treats a broken manifest as no evidence', async () => {
      const pyproject = '[tool.uv]\n[tool.ruff]\nline-length = 100\n';
      assert.strictEqual(
        (await evidenceOf({ 'pyproject.toml': pyproject }, { key: 'tool.*.line-length', in: 'pyproject.toml' })).status,
        'found',
      );
      assert.strictEqual(
        (await evidenceOf({ 'package.json': '{"engines": ' }, { key: 'engines.node', in: 'package.json' })).status,
        'missing',
      );
    });

    it('never expands a YAML alias, so an alias bomb costs one node', async () => {
      const bomb =
        'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
      assert.strictEqual((await evidenceOf({ 'x.yml': bomb }, { key: 'd', in: 'x.yml' })).status, 'found');
    });
  });

  describe('any and all', () => {
    const probe: Probe = {
      any: [
        { key: 'package.rust-version', in: 'Cargo.toml' },
        { key: 'workspace.package.rust-version', in: 'Cargo.toml' },
      ],
    };
    it('any is found when one is, with the locations of those found', async () => {
      assert.deepStrictEqual(await evidenceOf({ 'Cargo.toml': '[workspace.package]\nrust-version = "1.80"\n' }, probe), {
        status: 'found',
        locations: [{ path: 'Cargo.toml', line: 2 }],
      });
      assert.strictEqual((await evidenceOf({ 'Cargo.toml': '[workspace]\n' }, probe)).status, 'missing');
    });
    it('all needs every one', async () => {
      const both: Probe = { all: [{ file: 'go.sum' }, { text: 'go mod verify', in: '@ci' }] };
      assert.strictEqual((await evidenceOf({ 'go.sum': '' }, both)).status, 'missing');
      const found = await evidenceOf({ 'go.sum': '', Makefile: 'verify:\n\tgo mod verify\n' }, both);
      assert.deepStrictEqual(found, { status: 'found', locations: [{ path: 'go.sum' }, { path: 'Makefile', line: 2 }] });
    });
  });

  describe('bounds', () => {
    it('does not read a file over the size cap', async () => {
      const limits = { ...DEFAULT_EVIDENCE_LIMITS, maxFileBytes: 1024 };
      assert.strictEqual(
        (await evidenceOf({ Makefile: `${'x'.repeat(2000)}\ngovulncheck\n` }, { text: 'govulncheck', in: '@ci' }, '.', limits)).status,
        'missing',
      );
      assert.strictEqual(
        (await evidenceOf({ Makefile: 'govulncheck\n' }, { text: 'govulncheck', in: '@ci' }, '.', limits)).status,
        'found',
      );
    });

    it('stops a ** walk at the folder cap and says the item was not checked rather than missing', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 50; i++) files[`d${i}/x.txt`] = '';
      const limits = { ...DEFAULT_EVIDENCE_LIMITS, maxDirectoriesPerProbe: 10 };
      const result = await evidenceOf(files, { file: '**/.nvmrc' }, '.', limits);
      assert.strictEqual(result.status, 'not-checked');
      assert.match(result.reason!, /stopped at/);
    });

    it('reads at most the file cap per probe', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 30; i++) files[`.github/workflows/w${String(i).padStart(2, '0')}.yml`] = 'run: make\n';
      files['.github/workflows/zz.yml'] = 'run: govulncheck\n';
      const reads: string[] = [];
      const memory = new MemoryFileSystem(files);
      const counting: FileSystem = {
        readDirectory: (p) => memory.readDirectory(p),
        readFile: (p, options) => (reads.push(p), memory.readFile(p, options)),
      };
      const { results } = await evaluateUnit(new EvidenceReader(counting, { ...DEFAULT_EVIDENCE_LIMITS, maxFilesPerProbe: 10 }), '.', [
        { id: 'x.y', evidence: { text: 'govulncheck', in: '@ci' } },
      ]);
      assert.ok(reads.length <= 10, `read ${reads.length}`);
      assert.strictEqual(results.get('x.y')!.status, 'not-checked');
    });

    it('gives up on a unit after its time budget and marks the rest not checked', async () => {
      // Each file read takes two seconds of a three-second budget: two reads start in time, the
      // budget is spent before a third, and every item still waiting is not checked.
      let clock = 0;
      const names = [1, 2, 3, 4].map((n) => `tool${n}.mk`);
      const slow: FileSystem = {
        readDirectory: async () => names.map((name): DirEntry => ({ name, kind: 'file', symlink: false })),
        readFile: async () => ((clock += 2000), new TextEncoder().encode('nothing')),
      };
      const items = [1, 2, 3, 4].map((n) => ({ id: `x.${n}`, evidence: { text: `tool${n}`, in: `tool${n}.mk` } }));
      const { results } = await evaluateUnit(new EvidenceReader(slow), '.', items, { now: () => clock });
      const statuses = [...results.values()].map((r) => r.status);
      assert.strictEqual(results.get('x.1')!.status, 'missing', 'the first item was read in time');
      assert.deepStrictEqual([...statuses].sort(), ['missing', 'missing', 'not-checked', 'not-checked']);
      for (const result of results.values()) if (result.status === 'not-checked') assert.match(result.reason!, /time budget of 3000 ms/);
    });

    it('stops when cancelled', async () => {
      await assert.rejects(
        evaluateUnit(new EvidenceReader(new MemoryFileSystem({ 'go.sum': '' })), '.', [{ id: 'x.y', evidence: { file: 'go.sum' } }], {
          cancellation: { isCancellationRequested: true },
        }),
        CancelledError,
      );
    });

    it('never follows a symbolic link, to a file or a folder outside the workspace', async function () {
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-outside-'));
      fs.writeFileSync(path.join(outside, 'ci.yml'), 'run: govulncheck\n');
      fs.mkdirSync(path.join(outside, 'workflows'));
      fs.writeFileSync(path.join(outside, 'workflows', 'ci.yml'), 'run: govulncheck\n');
      const root = makeTree({ 'go.mod': 'module x\n' });
      fs.mkdirSync(path.join(root, '.github'));
      try {
        fs.symlinkSync(path.join(outside, 'workflows'), path.join(root, '.github', 'workflows'));
        fs.symlinkSync(path.join(outside, 'ci.yml'), path.join(root, 'Makefile'));
      } catch {
        this.skip(); // no symbolic links on this file system: nothing to test
      }
      const { results } = await evaluateUnit(new EvidenceReader(new NodeFileSystem(root)), '.', [
        { id: 'x.y', evidence: { text: 'govulncheck', in: '@ci' } },
      ]);
      assert.strictEqual(results.get('x.y')!.status, 'missing');
    });

    it('expands braces that span folders, and bounds the expansion', () => {
      assert.deepStrictEqual(expandBraces('{.github/workflows,.gitlab}/*.{yml,yaml}'), [
        '.github/workflows/*.{yml,yaml}',
        '.gitlab/*.{yml,yaml}',
      ]);
      assert.deepStrictEqual(
        expandBraces('{.github,.gitlab}/renovate.json'),
        ['{.github,.gitlab}/renovate.json'],
        'a brace inside one segment is left to the segment matcher',
      );
      assert.ok(expandBraces('{a/,b/}{c/,d/}{e/,f/}{g/,h/}{i/,j/}{k/,l/}{m/,n/}x').length <= 64);
    });
  });

  describe('validation', () => {
    it('names what is wrong with a probe, and where', () => {
      const messages = (probe: unknown) => checkProbe(probe).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      assert.deepStrictEqual(messages({ file: 'a', text: 'b' }), [
        ': a probe has exactly one of file, text, key, run, any, all; this one has file and text',
      ]);
      assert.deepStrictEqual(messages({ text: 'x' }), [': a text probe needs "in": the files to read (a glob, @ci or @dependency-bots)']);
      assert.deepStrictEqual(messages({ text: 'x', in: '@cii' }), ['in: unknown file set "@cii"; known: @ci, @dependency-bots']);
      assert.deepStrictEqual(messages({ file: '../etc/passwd' }), [
        'file: "../etc/passwd" must be relative and stay inside the folder (no leading "/", no "..")',
      ]);
      assert.deepStrictEqual(messages({ any: [{ file: 'a' }, { text: '**', in: 'x' }] }), [
        'any[1].text: text pattern "**" has no literal text; it would match every line',
      ]);
      assert.deepStrictEqual(messages({ file: 'a', equals: 1 }), ['equals: "equals" belongs to a key probe']);
      assert.match(messages({ any: [{ any: [{ any: [{ any: [{ any: [{ file: 'a' }] }] }] }] }] })[0], /nest at most 4 deep/);
    });

    it("a profile with a broken probe is reported at the probe's line, and a team profile can replace or remove a probe", () => {
      // The seed page as the base: its items do not change with the shipped profiles.
      const seed = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'seed', 'go-seed.yaml'), 'utf8');
      const withProbe = seed.replace(/( {4}- id: go\.delivery\.runtime\n)/, '$1      evidence: { file: go.sum }\n');
      const base = loadProfiles([{ file: 'go.yaml', bytes: new TextEncoder().encode(withProbe) }]).profiles;
      const [first, second] = checklistItems(base[0]).filter(
        (item) => item.id === 'go.delivery.scope' || item.id === 'go.delivery.runtime',
      );
      const team = (text: string) => loadProfiles([{ file: 'team.yaml', bytes: new TextEncoder().encode(text) }], base);
      const broken = team(`schema: 1\nextends: go\nchecklist:\n  evidence:\n    ${first.id}:\n      text: "x"\n`);
      assert.deepStrictEqual(
        broken.problems.map((p) => `${p.line} ${p.message}`),
        [`6 checklist.evidence.${first.id}: a text probe needs "in": the files to read (a glob, @ci or @dependency-bots)`],
      );
      const replaced = team(
        `schema: 1\nextends: go\nchecklist:\n  evidence:\n    ${first.id}: { file: "deny.toml" }\n    ${second.id}: null\n    go.nothing.here: { file: x }\n`,
      );
      const items = checklistItems(replaced.profiles.find((profile) => profile.id === 'go')!);
      assert.deepStrictEqual(items.find((item) => item.id === first.id)!.evidence, { file: 'deny.toml' });
      assert.strictEqual(items.find((item) => item.id === second.id)!.evidence, undefined);
      assert.deepStrictEqual(
        replaced.problems.map((p) => `${p.severity} ${p.message}`),
        ['warning "go.nothing.here" is not an item of go; its evidence is not used'],
      );
    });
  });
});

describe('evidence kept between runs (EvidenceState)', () => {
  it('re-evaluates only the units a change touches, and ignores installs and builds', async () => {
    const files = { '.github/workflows/ci.yml': 'run: go test -race ./...\n', 'a/go.mod': '', 'a/go.sum': '', 'b/go.mod': '' };
    const memory = new MemoryFileSystem(files);
    const state = new EvidenceState(() => new EvidenceReader(memory));
    const unit = (path: string) => ({
      folder: 'w',
      root: 'w',
      path,
      members: [],
      ecosystem: 'go',
      ecosystemName: 'Go',
      items: [
        {
          key: `w#${path}#x`,
          root: 'w',
          id: 'go.x',
          ecosystem: 'go',
          unit: path,
          reviewKey: { unit: path, id: 'go.x' },
          group: 'delivery' as const,
          text: 'x',
          severity: 'high' as const,
          state: 'open' as const,
          probe: { file: 'go.sum' } as Probe,
        },
      ],
    });
    const units = [unit('a'), unit('b')];
    assert.ok(await state.update(units));
    assert.deepStrictEqual(state.pending(units), []);
    assert.strictEqual(state.changed('w', 'node_modules/x/go.sum'), false, 'a dependency folder never affects evidence');
    assert.strictEqual(state.changed('w', 'a/.git/index'), false);
    assert.strictEqual(state.changed('w', 'b/go.sum'), true, 'b listed its folder: a new go.sum there matters');
    assert.deepStrictEqual(
      state.pending(units).map((candidate) => candidate.path),
      ['b'],
    );
  });
});

describe('built-in evidence', () => {
  const profiles = loadProfiles(
    fs.readdirSync(PROFILES_DIR).map((name) => ({ file: name, bytes: fs.readFileSync(path.join(PROFILES_DIR, name)) })),
  ).profiles;
  for (const profile of profiles) {
    it(`${profile.id}: every probe has a fixture that finds it and one that misses it`, async () => {
      assert.deepStrictEqual(await checkEvidenceFixtures(profile, fixturePath(REPO, profile.id)), []);
    });
  }
});

describe('evidence from a reader kept between evaluations', () => {
  const PROBES: { id: string; evidence: Probe }[] = [
    { id: 'x.race', evidence: { text: 'go test*-race', in: '@ci' } },
    { id: 'x.bots', evidence: { file: '.github/dependabot.{yml,yaml}', root: 'folder' } },
    { id: 'x.handlers', evidence: { text: 'httptest.New', in: '**/*_test.go' } },
    { id: 'x.strict', evidence: { key: 'compilerOptions.strict', in: 'tsconfig.json', equals: true } },
    { id: 'x.lock', evidence: { any: [{ file: 'go.sum' }, { all: [{ file: '**/*.lock' }, { text: 'locked', in: '@ci' }] }] } },
  ];
  const tree = (): Record<string, string> => ({
    '.github/workflows/ci.yml': 'steps:\n  - run: go test -race ./...\n  - run: cargo test --locked\n',
    'svc/go.mod': 'module svc\n',
    'svc/internal/api/api_test.go': 'var _ = httptest.NewRecorder\n',
    'svc/tsconfig.json': '{ "compilerOptions": { "strict": true } }',
    'svc/Cargo.lock': '',
  });
  const fresh = async (files: Record<string, string>) => evaluateUnit(new EvidenceReader(new MemoryFileSystem(files)), 'svc', PROBES);

  it('sees a file changed, created or removed once the reader is told, as a fresh reader does', async () => {
    const files = tree();
    const reader = new EvidenceReader(new MemoryFileSystem(files));
    const again = async (...changed: string[]) => {
      for (const path of changed) reader.forget(path);
      const kept = await evaluateUnit(reader, 'svc', PROBES);
      assert.deepStrictEqual(kept, await fresh(files), `after ${changed.join(', ')}`);
      return kept.results;
    };
    assert.deepStrictEqual(await evaluateUnit(reader, 'svc', PROBES), await fresh(files));
    files['.github/workflows/ci.yml'] = 'steps:\n  - run: go test ./...\n';
    assert.strictEqual(
      (await again('.github/workflows/ci.yml')).get('x.race')!.status,
      'missing',
      'the changed content, not the cached one',
    );
    files['.github/dependabot.yml'] = 'version: 2\n';
    assert.strictEqual((await again('.github/dependabot.yml')).get('x.bots')!.status, 'found', 'a file created in a folder already listed');
    files['svc/internal/api/api_test.go'] = 'package api\n';
    files['svc/internal/web/web_test.go'] = 'var _ = httptest.NewServer\n';
    assert.deepStrictEqual(
      (await again('svc/internal/api/api_test.go', 'svc/internal/web')).get('x.handlers')!.locations,
      [{ path: 'svc/internal/web/web_test.go', line: 1 }],
      'a new folder under a ** walk',
    );
    files['svc/tsconfig.json'] = '{ "compilerOptions": { "strict": false } }';
    assert.strictEqual((await again('svc/tsconfig.json')).get('x.strict')!.status, 'missing', 'a key read again');
    delete files['svc/Cargo.lock'];
    assert.strictEqual((await again('svc/Cargo.lock')).get('x.lock')!.status, 'missing', 'a file removed');
  });

  it('still stops at the time budget and on cancellation when everything is answered from memory', async () => {
    const reader = new EvidenceReader(new MemoryFileSystem(tree()));
    const first = await evaluateUnit(reader, 'svc', PROBES);
    // A clock that moves a second per look: the budget runs out after three checks, in memory.
    let clock = 0;
    const { results } = await evaluateUnit(reader, 'svc', PROBES, { now: () => (clock += 1000) - 1000 });
    const statuses = [...results.values()].map((result) => result.status);
    assert.ok(statuses.includes('not-checked'), statuses.join(', '));
    for (const [id, result] of results) {
      if (result.status === 'not-checked') assert.match(result.reason!, /time budget of 3000 ms/);
      else assert.deepStrictEqual(result, first.results.get(id), 'what was checked in time is what it is');
    }
    let looks = 0;
    const cancellation = {
      get isCancellationRequested() {
        return ++looks > 3;
      },
    };
    await assert.rejects(evaluateUnit(reader, 'svc', PROBES, { cancellation }), CancelledError);
  });

  it('hands the thread back during a long evaluation over a file system that never waits', async () => {
    // Every listing holds the thread for 4 ms and finishes without waiting, as Node's synchronous
    // reads do; 40 folders under a ** walk take about 160 ms, several of the pause's 30 ms slices.
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`svc/p${i}/p.go`] = 'package p\n';
    const memory = new MemoryFileSystem(files);
    const busy = (): void => {
      const until = Date.now() + 4;
      while (Date.now() < until) {
        // holding the thread, like a synchronous read
      }
    };
    const blocking: FileSystem = { readDirectory: (p) => (busy(), memory.readDirectory(p)), readFile: (p, o) => memory.readFile(p, o) };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const { results } = await evaluateUnit(new EvidenceReader(blocking), 'svc', [
        { id: 'x.y', evidence: { text: 'httptest', in: '**/*_test.go' } },
      ]);
      assert.strictEqual(results.get('x.y')!.status, 'missing');
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks >= 2, `the timer ran ${ticks} time(s) during the evaluation`);
  });
});
