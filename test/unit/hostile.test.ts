import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../src/node/cli';
import { detectFolder } from '../../src/core/detect/detector';
import { compileGlob, ExcludeMatcher, globToRegExp, InvalidGlobError, invalidGlobs } from '../../src/core/detect/glob';
import { CancelledError, FileReadError, mapBounded, READ_CONCURRENCY, type DirEntry, type FileSystem } from '../../src/core/fileSystem';
import { NodeFileSystem, readUserFile } from '../../src/node/nodeFileSystem';
import { renderPage } from '../../src/core/page/render';
import { loadProfileFolder, validateProfileFolder } from '../../src/node/profileFiles';
import { loadProfiles } from '../../src/core/profiles/loader';
import type { Profile } from '../../src/core/profiles/model';
import { DEFAULT_LAYOUT, readReview } from '../../src/core/review/reviewData';
import { parseLegacyReview, serializeLegacyReview, withLegacyEntry } from '../../src/core/review/legacy/legacyFile';
import { makeTree, PROFILES_DIR, REPO } from './treeHelper';

// The seed page: these tests edit its exact lines.
const goText = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'seed', 'go-seed.yaml'), 'utf8');
const go = loadProfiles([{ file: 'go.yaml', bytes: Buffer.from(goText) }]).profiles[0];
const context = { cspSource: 'vscode-webview://t', nonce: 'N0NCE', styleUri: 's.css', scriptUri: 'p.js' };
const HOSTILE =
  '<script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)></style>]]><!-- "\' javascript:alert(4) data:text/html,x \u202Eevil\u202C';

/** Every string in the profile replaced by the hostile text (links too, so the https check is exercised). */
function poisoned(profile: Profile): Profile {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return `${value.slice(0, 3)}${HOSTILE}`;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'id' || k === 'kind' || k === 'severity' ? v : walk(v)]));
    return value;
  };
  return walk(profile) as Profile;
}

describe('hostile input', function () {
  // Bounds against hangs, not speed measurements: a loaded machine may be many times slower.
  this.timeout(30_000);
  describe('profiles', () => {
    it('markup and script in every string field render as text: no element, handler or link is injected', () => {
      const html = renderPage(poisoned(go), {
        ...context,
        compare: poisoned(go),
        compareOptions: [{ id: 'x', name: HOSTILE }],
        anchor: HOSTILE,
      });
      const body = html.slice(html.indexOf('<body'));
      assert.deepStrictEqual(
        body
          .match(/<(script|img|svg|style|iframe|object)\b[^>]*>/g)
          ?.filter((tag) => !tag.startsWith('<svg class="chart"') && tag !== '<script nonce="N0NCE" src="p.js">'),
        [],
      );
      const tags = body.match(/<[a-zA-Z][^>]*>/g) ?? [];
      // Quoted attribute values are data; what matters is the attribute names outside them.
      const names = tags.map((tag) => tag.replace(/"[^"]*"/g, '""'));
      assert.deepStrictEqual(
        names.filter((tag) => /\son[a-z]+=/i.test(tag)),
        [],
        'no event handler attribute on any element',
      );
      assert.ok(
        names.every((tag) => !tag.includes("'")),
        'every attribute value is double-quoted, so no quote can break out',
      );
      assert.doesNotMatch(body, /href="(?!#|https:)/, 'only in-page and https links');
      assert.doesNotMatch(body, /<!--/, 'no comment opened');
      assert.ok(!body.includes('\u202E'), 'bidi controls are not passed through');
      assert.ok(body.includes('[U+202E]evil[U+202C]'), 'bidi controls are shown as code points');
      assert.ok(body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(body.includes(']]&gt;'));
    });

    it('warns about bidirectional control characters at their line and column', () => {
      const result = loadProfiles([{ file: 'go.yaml', bytes: Buffer.from(goText.replace('name: Go', 'name: Go\u202E')) }]);
      assert.strictEqual(result.profiles.length, 1, 'the profile still loads');
      assert.deepStrictEqual(
        result.problems.map((p) => [p.severity, p.line, p.column]),
        [['warning', 7, 9]],
      );
      assert.match(result.problems[0].message, /bidirectional control character U\+202E/);
    });

    it('refuses a 5 MB file with a size message, without parsing it', function () {
      const big = Buffer.alloc(5 * 1024 * 1024, 'a');
      const result = loadProfiles([
        { file: 'big.yaml', bytes: big },
        { file: 'go.yaml', bytes: Buffer.from(goText) },
      ]);
      assert.deepStrictEqual(
        result.problems.map((p) => `${p.file}:${p.line} ${p.message}`),
        ['big.yaml:1 file is 5120 KB; profiles are limited to 1024 KB'],
      );
      assert.deepStrictEqual(
        result.profiles.map((p) => p.id),
        ['go'],
        'the other profile is unaffected',
      );
    });

    it('loads a profile with 10,000 items without hanging', function () {
      this.timeout(60_000); // a hang fails the test; speed is measured in npm run bench
      const items = Array.from(
        { length: 10_000 },
        (_, i) => `    - id: big.delivery.item-${i}\n      text: Item ${i}\n      severity: low`,
      ).join('\n');
      const text = goText
        .replace('id: go', 'id: big')
        .replace(/ {2}delivery:\n[\s\S]*?\n {2}risks:/, `  delivery:\n${items}\n  risks:`)
        .replace(/id: go\./g, 'id: big.');
      const result = loadProfiles([{ file: 'big.yaml', bytes: Buffer.from(text) }]);
      assert.deepStrictEqual(result.problems, []);
      assert.strictEqual(result.profiles[0].checklist.delivery?.length, 10_000);
    });

    it('reports wrong types everywhere, each at its own line', () => {
      const text = goText
        .replace('schema: 1', 'schema: 2')
        .replace('name: Go', 'name: [Go]')
        .replace('  - name: Services\n    kind: production-capability', '  - name: Services\n    kind: 7')
        .replace('    2020: 43', '    2020: "43"')
        .replace('      - The topic is used for producing', '      - 12\n      - The topic is used for producing')
        .replace('      severity: medium\n      why: A Go component', '      severity: 3\n      why: A Go component');
      const problems = loadProfiles([{ file: 'go.yaml', bytes: Buffer.from(text) }]).problems;
      assert.deepStrictEqual(
        problems.map((p) => `${p.line}:${p.column} ${p.message}`),
        [
          '5:9 schema must be one of 1',
          '7:7 name must be text',
          '19:11 signals[0].kind must be one of "production-capability", "architecture-decision", "engineering-signal", "review-checkpoint"',
          '33:11 adoption.points.2020 must be a whole number',
          '50:9 sections.role.body[0] must be text',
          '94:17 checklist.delivery[0].severity must be one of "high", "medium", "low"',
        ],
      );
    });
  });

  describe('workspaces', () => {
    it('handles names with spaces, unicode and newlines, and ignores a marker that is a folder', async () => {
      const root = makeTree({
        'my app/go.mod': '',
        'ünïcødé/Cargo.toml': '',
        'new\nline/pyproject.toml': '',
        'odd/package.json/readme.txt': '',
      });
      const result = await detectFolder(new NodeFileSystem(root), 'x');
      assert.deepStrictEqual(
        result.components.map((c) => [c.path, c.ecosystems[0].id]),
        [
          ['my app', 'go'],
          ['new\nline', 'python'],
          ['ünïcødé', 'rust'],
        ],
      );
    });

    it('finishes within its bound on a 100,000-entry tree, listing each folder once', async function () {
      this.timeout(60_000);
      // A virtual tree: every folder holds 10 subfolders and 90 files, 100,000+ entries within depth 3.
      const listed: string[] = [];
      const virtual: FileSystem = {
        async readDirectory(dir) {
          listed.push(dir);
          const entries: DirEntry[] = Array.from({ length: 90 }, (_, i) => ({ name: `f${i}.txt`, kind: 'file', symlink: false }));
          for (let i = 0; i < 10; i++) entries.push({ name: `d${i}`, kind: 'directory', symlink: false });
          if (dir.endsWith('d3')) entries.push({ name: 'go.mod', kind: 'file', symlink: false });
          return entries;
        },
        readFile: () => Promise.reject(new Error('no reads expected')),
      };
      const result = await detectFolder(virtual, 'virtual');
      assert.strictEqual(listed.length, 1 + 10 + 100 + 1000, 'one listing per folder down to depth 3');
      assert.strictEqual(new Set(listed).size, listed.length);
      assert.strictEqual(result.components.length, 111, 'every d3 folder within the bound is a Go component');
    });

    it('a cancelled detection stops listing at once and leaves no work behind', async () => {
      let cancelled = false;
      let listingsAfterCancel = 0;
      const inner = new NodeFileSystem(makeTree({ 'a/go.mod': '', 'b/go.mod': '', 'c/d/go.mod': '' }));
      const token = {
        get isCancellationRequested() {
          return cancelled;
        },
      };
      const fsSpy: FileSystem = {
        readDirectory: async (dir) => {
          if (cancelled) listingsAfterCancel++;
          const entries = await inner.readDirectory(dir);
          if (dir === 'a') cancelled = true;
          return entries;
        },
        readFile: (file) => inner.readFile(file),
      };
      await assert.rejects(detectFolder(fsSpy, 'x', { token }), CancelledError);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.strictEqual(listingsAfterCancel, 0);
    });

    it('a workspace folder that disappears fails with its error, and the CLI says which directory', async () => {
      const root = makeTree({ 'go.mod': '' });
      fs.rmSync(root, { recursive: true });
      await assert.rejects(detectFolder(new NodeFileSystem(root), 'gone'), /ENOENT/);
    });
  });
});

// Issue 14: files a probe found hostile. Every case must end quickly with a message naming the
// file (and the limit, where there is one) or be handled; big files are sparse (no disk, no
// memory), FIFOs come from mkfifo, and nothing here depends on timing.
describe('hostile files', function () {
  // Generous: several tests run the CLI in-process or read a thousand files; a hang still fails.
  // Nothing here measures time.
  this.timeout(30_000);
  const posix = process.platform !== 'win32';
  const REVIEW = '.stackguide/review';
  const SECRET = 'TOP-SECRET-CONTENT-1234';
  const trees: string[] = [];
  const tree = (files: Record<string, string>) => {
    const root = makeTree(files);
    trees.push(root);
    return root;
  };
  after(() => {
    for (const root of trees) fs.rmSync(root, { recursive: true, force: true });
  });
  const mkfifo = (file: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    execFileSync('mkfifo', [file]);
  };
  /** A file of `bytes` that takes no disk: only its size is set. */
  const sparse = (file: string, bytes: number) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
    fs.truncateSync(file, bytes);
  };
  const cli = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await runCli(args, {
      out: (text) => void (out += text),
      err: (text) => void (err += text),
      cwd: process.cwd(),
      profilesDir: PROFILES_DIR,
    });
    return { code, out, err };
  };
  const builtIns = () =>
    loadProfiles(
      fs
        .readdirSync(PROFILES_DIR)
        .filter((name) => name.endsWith('.yaml'))
        .sort()
        .map((name) => ({ file: name, bytes: fs.readFileSync(path.join(PROFILES_DIR, name)) })),
    ).profiles;

  describe('the bounded reader (NodeFileSystem.readFile, readUserFile)', () => {
    it('refuses a FIFO, and a link to one, without opening it for reading (1)', async function () {
      if (!posix) this.skip();
      const root = tree({ 'ok.txt': 'ok' });
      mkfifo(path.join(root, 'pipe.yaml'));
      fs.symlinkSync('pipe.yaml', path.join(root, 'link.yaml'));
      const fsys = new NodeFileSystem(root);
      for (const file of ['pipe.yaml', 'link.yaml']) {
        const error = await fsys.readFile(file).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        assert.ok(error instanceof FileReadError && error.reason === 'not-regular', `${file}: ${String(error)}`);
        assert.match(error.message, new RegExp(`^${file} is a named pipe \\(FIFO\\), not a regular file`));
      }
      assert.strictEqual(Buffer.from(await fsys.readFile('ok.txt')).toString(), 'ok');
    });

    it('checks the size before reading, naming the file and the limit (2, 3)', async () => {
      const root = tree({});
      sparse(path.join(root, 'huge.json'), 3 * 1024 ** 3); // 3 GB: above what fs.readFile can even hold
      const error = await new NodeFileSystem(root).readFile('huge.json', { maxBytes: 1024 }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof FileReadError && error.reason === 'too-large', String(error));
      assert.strictEqual(error.message, 'huge.json is 3.0 GB, more than the limit of 1024 bytes; it was not read');
      const unbounded = await new NodeFileSystem(root).readFile('huge.json').then(
        () => undefined,
        (caught: unknown) => caught,
      );
      assert.ok(
        unbounded instanceof FileReadError && /more than the limit of 4\.0 MB/.test(unbounded.message),
        'a read that names no bound has the default one',
      );
    });

    it('refuses a device, directly or through a link (2)', async function () {
      if (!posix || !fs.existsSync('/dev/zero')) this.skip();
      await assert.rejects(
        readUserFile('/dev/zero', { maxBytes: 10 }),
        (error: unknown) => error instanceof FileReadError && /is a device, not a regular file/.test(error.message),
      );
      const root = tree({});
      fs.symlinkSync('/dev/zero', path.join(root, 'zero.yaml'));
      await assert.rejects(
        new NodeFileSystem(root).readFile('zero.yaml'),
        (error: unknown) => error instanceof FileReadError && error.reason === 'outside',
      );
    });

    it('follows a link only to a file inside its root; never quotes the target (7)', async function () {
      if (!posix) this.skip();
      const outside = tree({ 'secret.txt': SECRET });
      const root = tree({ 'real/inside.txt': 'inside' });
      fs.symlinkSync('real/inside.txt', path.join(root, 'in.txt'));
      fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'out.txt'));
      fs.symlinkSync(outside, path.join(root, 'outdir'));
      const fsys = new NodeFileSystem(root);
      assert.strictEqual(Buffer.from(await fsys.readFile('in.txt')).toString(), 'inside');
      for (const [file, message] of [
        ['out.txt', /^out\.txt is a symbolic link to a file outside /],
        ['outdir/secret.txt', /^outdir\/secret\.txt is reached through a symbolic link that leads outside /],
        ['../x/secret.txt', /leaves /],
      ] as const) {
        const error = await fsys.readFile(file).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        assert.ok(error instanceof FileReadError && error.reason === 'outside', `${file}: ${String(error)}`);
        assert.match(error.message, message);
        assert.ok(!error.message.includes(SECRET));
      }
    });

    it('resolves the root and each file the same way: a root named through a link reads inside, and still refuses a link out', async function () {
      if (!posix) this.skip();
      const outside = tree({ 'secret.txt': SECRET });
      const real = tree({ 'pkg/inside.txt': 'inside' });
      fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(real, 'pkg', 'out.txt'));
      const linked = path.join(tree({}), 'root');
      fs.symlinkSync(real, linked);
      const fsys = new NodeFileSystem(linked);
      assert.strictEqual(Buffer.from(await fsys.readFile('pkg/inside.txt')).toString(), 'inside');
      await assert.rejects(fsys.readFile('pkg/out.txt'), (error: unknown) => error instanceof FileReadError && error.reason === 'outside');
    });

    it('mapBounded never runs more than its limit at once (3: EMFILE)', async () => {
      let running = 0;
      let most = 0;
      const results = await mapBounded(
        Array.from({ length: 1050 }, (_, i) => i),
        READ_CONCURRENCY,
        async (i) => {
          most = Math.max(most, ++running);
          await new Promise((resolve) => setImmediate(resolve));
          running--;
          return i * 2;
        },
      );
      assert.strictEqual(most, READ_CONCURRENCY);
      assert.deepStrictEqual(results.slice(0, 3), [0, 2, 4]);
      assert.strictEqual(results.length, 1050);
    });
  });

  describe('the review reader and `check`', () => {
    it('a FIFO as the version-1 file, as a decision file or linked to, is an error and nothing hangs (1)', async function () {
      if (!posix) this.skip();
      const cases: [string, (root: string) => void, string, RegExp][] = [
        ['version-1 file', (root) => mkfifo(path.join(root, '.stackguide/review.yaml')), '.stackguide/review.yaml', /not a regular file/],
        [
          'decision file',
          (root) => mkfifo(path.join(root, REVIEW, 'go.delivery.timeouts.yaml')),
          `${REVIEW}/go.delivery.timeouts.yaml`,
          /not a regular file/,
        ],
        [
          'link to a FIFO',
          (root) => {
            mkfifo(path.join(root, 'pipe'));
            fs.mkdirSync(path.join(root, REVIEW), { recursive: true });
            fs.symlinkSync(path.join(root, 'pipe'), path.join(root, REVIEW, 'x.yaml'));
          },
          `${REVIEW}/x.yaml`,
          /symbolic link/,
        ],
      ];
      for (const [what, make, file, message] of cases) {
        const root = tree({ 'go.mod': 'module x\n' });
        make(root);
        const result = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT);
        assert.ok(!result.ok, what);
        assert.strictEqual(result.error.file, file, what);
        assert.match(result.error.message, message, what);
        const run = await cli(['check', root]);
        assert.strictEqual(run.code, 2, `${what}: ${run.err}`);
        assert.ok(run.err.includes(file) && message.test(run.err), `${what}: ${run.err}`);
      }
    });

    it('a 50 MB decision file and a 50 MB version-1 file are refused before reading, with the limit (2)', async () => {
      for (const [file, limit] of [
        [`${REVIEW}/go.delivery.timeouts.yaml`, '262144 bytes'],
        ['.stackguide/review.yaml', '8.0 MB'],
      ]) {
        const root = tree({ 'go.mod': 'module x\n' });
        sparse(path.join(root, file), 50 * 1024 * 1024);
        const result = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT);
        assert.ok(!result.ok);
        assert.strictEqual(result.error.file, file);
        assert.strictEqual(result.error.message, `is 50.0 MB, more than the limit of ${limit}`);
        assert.match(result.error.hint, /restore it from version control/);
      }
    });

    it('a review file linked to /dev/zero or to a file outside the folder is refused without quoting it (2, 7)', async function () {
      if (!posix) this.skip();
      const outside = tree({ 'secret.yaml': `version: 1\ncomponents: ${SECRET}\n` });
      for (const target of ['/dev/zero', path.join(outside, 'secret.yaml')]) {
        for (const file of ['.stackguide/review.yaml', `${REVIEW}/x.yaml`]) {
          const root = tree({ 'go.mod': 'module x\n' });
          fs.mkdirSync(path.join(root, REVIEW), { recursive: true });
          fs.symlinkSync(target, path.join(root, file));
          const result = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT);
          assert.ok(
            !result.ok && result.error.file === file && /symbolic link/.test(result.error.message),
            `${file} → ${target}: ${JSON.stringify(result)}`,
          );
          const run = await cli(['check', root]);
          assert.strictEqual(run.code, 2, run.err);
          assert.ok(!run.err.includes(SECRET) && !run.out.includes(SECRET), run.err);
        }
      }
    });

    it('`check` refuses a version-1 file that is not UTF-8, as the extension does (8)', async () => {
      const root = tree({ 'go.mod': 'module x\n' });
      fs.mkdirSync(path.join(root, '.stackguide'));
      fs.writeFileSync(
        path.join(root, '.stackguide/review.yaml'),
        Buffer.concat([Buffer.from('version: 1\ncomponents:\n  "caf'), Buffer.from([0xe9]), Buffer.from('": {}\n')]),
      );
      const run = await cli(['check', root]);
      assert.strictEqual(run.code, 2, run.out);
      assert.match(run.err, /review\.yaml:3:\d+: error: is not valid UTF-8 text/);
    });

    it('keeps "__proto__" component and item keys of a version-1 file (5)', async () => {
      const entry = '      state: done\n      by: Ana\n      at: "2026-11-29T10:00:00.000Z"\n      textHash: "1a2b3c4d"\n';
      const text = `version: 1\ncomponents:\n  __proto__:\n    go.delivery.timeouts:\n${entry}  .:\n    __proto__:\n${entry}    constructor:\n${entry}`;
      const parsed = parseLegacyReview(text, 'review.yaml');
      assert.ok(parsed.ok);
      assert.deepStrictEqual(Object.keys(parsed.data.components).sort(), ['.', '__proto__']);
      assert.deepStrictEqual(Object.keys(parsed.data.components['.']).sort(), ['__proto__', 'constructor']);
      assert.strictEqual(parsed.data.components['__proto__']['go.delivery.timeouts'].by, 'Ana');
      // What is written back holds every tick: nothing vanished into a prototype.
      const again = parseLegacyReview(
        serializeLegacyReview(withLegacyEntry(parsed.data, '__proto__', '__proto__', { state: 'n/a', by: 'Bo', at: 'x', textHash: 'y' })),
        'review.yaml',
      );
      assert.ok(again.ok);
      assert.deepStrictEqual(Object.keys(again.data.components['__proto__']).sort(), ['__proto__', 'go.delivery.timeouts']);
      assert.deepStrictEqual(Object.keys(again.data.components['.']).sort(), ['__proto__', 'constructor']);
      assert.strictEqual(Object.getPrototypeOf({}), Object.prototype);
      assert.strictEqual(({} as Record<string, unknown>).by, undefined, 'Object.prototype is untouched');

      const root = tree({ '.stackguide/review.yaml': text });
      const result = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT);
      assert.ok(result.ok);
      assert.deepStrictEqual(result.data.entries.map((stored) => `${stored.key.unit}#${stored.key.id}`).sort(), [
        '.#__proto__',
        '.#constructor',
        '__proto__#go.delivery.timeouts',
      ]);
    });
  });

  describe('profiles', () => {
    it('a profile folder with a FIFO, a 1.5 GB file, a link to a 3 GB file and a link out of the folder: each is one clear problem, the rest load (1, 2, 3, 7)', async function () {
      if (!posix) this.skip();
      const outside = tree({ 'secret.yaml': `schema: 1\nextends: go\nsummary: ${SECRET}\n` });
      const root = tree({ 'ok.yaml': 'schema: 1\nextends: go\nsummary: Ours.\n' });
      mkfifo(path.join(root, 'pipe.yaml'));
      sparse(path.join(root, 'huge.yaml'), 1.5 * 1024 ** 3);
      sparse(path.join(root, 'three-gb.bin'), 3 * 1024 ** 3);
      fs.symlinkSync('three-gb.bin', path.join(root, 'linked-big.yaml'));
      fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'secret.yaml'));
      const result = await loadProfileFolder(new NodeFileSystem(root), '.', (name) => name, builtIns());
      const problems = result.problems.map((problem) => `${problem.file}:${problem.line} ${problem.message}`);
      assert.deepStrictEqual(
        problems.map((problem) => problem.split(' ')[0]),
        ['huge.yaml:1', 'linked-big.yaml:1', 'pipe.yaml:1', 'secret.yaml:1'],
      );
      assert.match(problems[0], /file is 1\.5 GB; profiles are limited to 1024 KB, and it was not read/);
      assert.match(problems[1], /file is 3\.0 GB; profiles are limited to 1024 KB/);
      assert.match(problems[2], /is a named pipe \(FIFO\), not a regular file/);
      assert.match(problems[3], /is a symbolic link to a file outside .*Copy the file into the folder/);
      assert.ok(!problems.join('\n').includes(SECRET));
      assert.strictEqual(result.profiles.find((profile) => profile.id === 'go')?.summary, 'Ours.', 'the good file still applies');
    });

    it('reads a folder of 1,050 profiles a few at a time (3: EMFILE)', async () => {
      const root = tree({});
      for (let i = 0; i < 1050; i++) fs.writeFileSync(path.join(root, `p${String(i).padStart(4, '0')}.yaml`), 'schema: 1\nextends: go\n');
      const inner = new NodeFileSystem(root);
      let open = 0;
      let most = 0;
      const counting: FileSystem = {
        readDirectory: (dir) => inner.readDirectory(dir),
        readFile: async (file, options) => {
          most = Math.max(most, ++open);
          try {
            return await inner.readFile(file, options);
          } finally {
            open--;
          }
        },
      };
      const result = await loadProfileFolder(counting, '.', (name) => name, builtIns());
      assert.deepStrictEqual(result.problems, []);
      assert.ok(most <= READ_CONCURRENCY, `at most ${READ_CONCURRENCY} files open at once, saw ${most}`);
    });

    it('the same under a real descriptor limit: ulimit -n 64 (3: EMFILE)', function () {
      if (!posix) this.skip();
      this.timeout(30_000);
      const root = tree({});
      for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(root, `p${i}.yaml`), 'schema: 1\nextends: go\n');
      const script = `require(${JSON.stringify(path.join(__dirname, '../../src/node/profileFiles.js'))}).validateProfileFolder(process.argv[1], process.argv[2]).then((r) => console.log(JSON.stringify({ n: r.profiles.length, p: r.problems.map((p) => p.message) })), (e) => { console.log(String(e)); process.exit(3); })`;
      const out = execFileSync('sh', ['-c', 'ulimit -n 64 && exec "$0" -e "$1" "$2" "$3"', process.execPath, script, root, PROFILES_DIR], {
        encoding: 'utf8',
      });
      assert.deepStrictEqual(JSON.parse(out), { n: 1, p: [] }, out);
    });

    it('four files extending go with thousands of items each merge in linear time, in order (4)', function () {
      this.timeout(60_000); // a hang fails; speed is for npm run bench
      const base = builtIns();
      const goItems = base.find((profile) => profile.id === 'go')!.checklist;
      const files = [0, 1, 2, 3].map((k) => {
        const lines = ['schema: 1', 'extends: go', 'checklist:', '  delivery:'];
        for (let i = 0; i < 2500; i++) lines.push(`    - {id: t${k}.d.i${i}, text: x, severity: low}`);
        // Replaces a risk in place, moves a quality check to delivery, drops one.
        if (k === 0)
          lines.push(
            `  risks:\n    - {id: ${goItems.risks![0].id}, text: replaced, severity: low}`,
            `  drop: [${goItems.delivery![0].id}]`,
          );
        if (k === 1) lines.push(`    - {id: ${goItems.quality![0].id}, text: moved, severity: low}`);
        return { file: `t${k}.yaml`, bytes: Buffer.from(`${lines.join('\n')}\n`) };
      });
      const result = loadProfiles(files, base);
      assert.deepStrictEqual(result.problems, []);
      const go = result.profiles.find((profile) => profile.id === 'go')!;
      const delivery = go.checklist.delivery!.map((item) => item.id);
      assert.strictEqual(delivery.length, goItems.delivery!.length - 1 + 4 * 2500 + 1);
      assert.deepStrictEqual(
        delivery.slice(0, goItems.delivery!.length - 1),
        goItems.delivery!.slice(1).map((item) => item.id),
        'built-in items first, in order',
      );
      assert.strictEqual(delivery[goItems.delivery!.length - 1], 't0.d.i0');
      assert.strictEqual(delivery[delivery.length - 1], 't3.d.i2499');
      assert.strictEqual(
        delivery.indexOf(goItems.quality![0].id),
        goItems.delivery!.length - 1 + 2 * 2500,
        "the moved item comes after file 1's items",
      );
      assert.strictEqual(go.checklist.risks![0].text, 'replaced', 'replaced in place');
      assert.ok(!go.checklist.quality!.some((item) => item.id === goItems.quality![0].id));
    });

    it('rejects "__proto__", "toString" and other inherited names where the schema allows no other keys (6)', () => {
      const result = loadProfiles(
        [
          {
            file: 'team.yaml',
            bytes: Buffer.from(
              'schema: 1\nextends: go\n__proto__: x\ntoString: y\nconstructor: z\nhasOwnProperty: w\nchecklist:\n  delivery:\n    - id: acme.delivery.a\n      text: A\n      severity: low\n      __proto__: {}\n      valueOf: 1\n',
            ),
          },
        ],
        builtIns(),
      );
      assert.deepStrictEqual(
        result.problems.map((problem) => `${problem.line} ${problem.message.replace(/;.*$/, '')}`),
        [
          '3 unknown key "__proto__" in the document',
          '4 unknown key "toString" in the document',
          '5 unknown key "constructor" in the document',
          '6 unknown key "hasOwnProperty" in the document',
          '12 unknown key "__proto__" in checklist.delivery[0]',
          '13 unknown key "valueOf" in checklist.delivery[0]',
        ],
      );
    });

    it('`validate` of a team folder loads the built-ins as the base of its extends files (8)', async () => {
      const root = tree({
        'acme-go.yaml': 'schema: 1\nextends: go\nsummary: Ours.\n',
        'acme-rust.yaml': 'schema: 1\nextends: rust\nchecklist:\n  drop: [rust.nothing.here]\n',
      });
      const result = await validateProfileFolder(root, PROFILES_DIR);
      assert.deepStrictEqual(
        result.problems.filter((problem) => problem.severity === 'error'),
        [],
      );
      assert.deepStrictEqual(
        result.profiles.map((profile) => profile.id).sort(),
        ['go', 'rust'],
        'only what the folder changes is counted',
      );
      const own = await validateProfileFolder(PROFILES_DIR, PROFILES_DIR);
      assert.deepStrictEqual(
        own.problems.filter((problem) => problem.severity === 'error'),
        [],
        'the built-ins folder itself is not checked against itself',
      );
      assert.strictEqual(own.profiles.length, builtIns().length);
      const bad = await validateProfileFolder(tree({ 'x.yaml': 'schema: 1\nextends: gopher\n' }), PROFILES_DIR);
      assert.match(bad.problems[0].message, /"extends: gopher" names no known profile; known: .*\bgo\b/);
    });
  });

  describe('detection', () => {
    it('a 1.9 GB package.json is not read: detection goes on and says why (2)', async () => {
      const root = tree({ 'go.mod': 'module x\n', 'web/tsconfig.json': '{}' });
      sparse(path.join(root, 'web/package.json'), Math.floor(1.9 * 1024 ** 3));
      const result = await detectFolder(new NodeFileSystem(root), 'x');
      assert.deepStrictEqual(
        result.components.map((component) => component.path),
        ['.', 'web'],
      );
      assert.strictEqual(result.components[1].ecosystems[0].id, 'typescript');
      assert.match(
        result.workspaceProblems?.[0]?.message ?? '',
        /web\/package\.json is 1\.9 GB, more than the limit of 4\.0 MB; it was not read/,
      );
    });

    it('a FIFO named like a manifest is not opened (1)', async function () {
      if (!posix) this.skip();
      const root = tree({ 'go.mod': 'module x\n' });
      mkfifo(path.join(root, 'web/package.json'));
      mkfifo(path.join(root, 'Cargo.toml'));
      const result = await detectFolder(new NodeFileSystem(root), 'x');
      assert.deepStrictEqual(
        result.components.map((component) => [component.path, component.ecosystems[0].id]),
        [['.', 'go']],
      );
    });

    it('a bad files.exclude glob is skipped and reported; the others still apply (9)', async () => {
      assert.ok(globToRegExp('{a,{b,c}}').test('c'), 'nested braces are fine');
      assert.ok(globToRegExp('**/{dist,{tmp,cache}}').test('x/cache'));
      assert.deepStrictEqual(
        invalidGlobs(['{a,b', '[z-a]', '**/ok', '{a,{b,c}']).map((bad) => bad.pattern),
        ['{a,b', '[z-a]', '{a,{b,c}'],
      );
      assert.match(invalidGlobs(['{a,b'])[0].reason, /never closed/);
      const matcher = new ExcludeMatcher(['{a,b', 'skipme']);
      assert.ok(matcher.matches('x/skipme') && !matcher.matches('x/a'));
      const root = tree({ 'a/go.mod': 'module a\n', 'skipme/go.mod': 'module s\n', 'b/go.mod': 'module b\n' });
      const result = await detectFolder(new NodeFileSystem(root), 'x', { exclude: ['{a,{b', 'skipme'] });
      assert.deepStrictEqual(
        result.components.map((component) => component.path),
        ['a', 'b'],
      );
      assert.deepStrictEqual(result.skipped, [{ path: 'skipme', reason: 'excluded by settings' }]);
    });

    it('a bad glob in a workspace manifest does not stop detection either (9)', async () => {
      assert.throws(() => compileGlob('crates/{a'), InvalidGlobError);
      assert.ok(
        globToRegExp('crates/{a').test('crates/{a') && !globToRegExp('crates/{a').test('crates/a'),
        'taken literally where it cannot be reported',
      );
      const root = tree({
        'Cargo.toml': '[workspace]\nmembers = ["crates/{a", "crates/b"]\n',
        'crates/a/Cargo.toml': '[package]\nname = "a"\n',
        'crates/b/Cargo.toml': '[package]\nname = "b"\n',
      });
      const result = await detectFolder(new NodeFileSystem(root), 'x');
      assert.deepStrictEqual(
        result.components.map((component) => component.path),
        ['.', 'crates/a', 'crates/b'],
      );
      assert.strictEqual(result.workspaces.length, 1);
      assert.ok(
        result.workspaces[0].members.includes('crates/b') && !result.workspaces[0].members.includes('crates/a'),
        JSON.stringify(result.workspaces),
      );
    });
  });
});
