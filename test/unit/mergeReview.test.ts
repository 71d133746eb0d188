import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/node/cli';
import { NodeFileSystem, NodeWritableFileSystem } from '../../src/node/nodeFileSystem';
import { entryPath, parseEntry, serializeEntry } from '../../src/core/review/entryFile';
import { mergeEntries, mergeReviewFiles, resolveConflictText, sameEntry } from '../../src/core/review/mergeReview';
import { DEFAULT_LAYOUT, keyString, readReview, type EntryKey, type ReviewData, type ReviewEntry } from '../../src/core/review/reviewData';
import { parseLegacyReview, serializeLegacyReview, textHash } from '../../src/core/review/legacy/legacyFile';
import { updateEntry, type LegacyResolve } from '../../src/core/review/reviewWriter';
import { makeTree, REPO, prng } from './treeHelper';

const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C',
};
for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_CEILING_DIRECTORIES']) delete GIT_ENV[name];

const AT = (hour: number, day = 29) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const decision = (state: ReviewEntry['state'], by: string, hour: number, extra: Partial<ReviewEntry> = {}): ReviewEntry => ({
  state,
  by,
  at: AT(hour),
  textHash: 'abcd0123',
  ...extra,
});

describe('merging decisions', () => {
  it('keeps one decision made identically on both sides, uniting their histories', () => {
    const a = decision('done', 'Ana', 10, { history: [{ state: 'open', by: 'Bo', at: AT(8) }] });
    const b = decision('done', 'Ana', 10, {
      history: [
        { state: 'n/a', by: 'Cy', at: AT(9), from: 'merge' },
        { state: 'open', by: 'Bo', at: AT(8) },
      ],
    });
    assert.deepStrictEqual(mergeEntries(a, b), {
      chose: 'same',
      entry: decision('done', 'Ana', 10, {
        history: [
          { state: 'n/a', by: 'Cy', at: AT(9), from: 'merge' },
          { state: 'open', by: 'Bo', at: AT(8) },
        ],
      }),
    });
  });

  it('lets the newer decision win and keeps the other, with its note, in the history', () => {
    const older = decision('n/a', 'Bo', 9, { note: 'internal tool' });
    const newer = decision('done', 'Ana', 10);
    const expected = decision('done', 'Ana', 10, {
      history: [{ state: 'n/a', by: 'Bo', at: AT(9), note: 'internal tool', from: 'merge' }],
    });
    assert.deepStrictEqual(mergeEntries(newer, older), { chose: 'a', entry: expected });
    assert.deepStrictEqual(mergeEntries(older, newer), { chose: 'b', entry: expected });
  });

  it('is symmetric and associative, so every merge order writes the same bytes (seeded random decisions)', () => {
    const random = prng(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const make = (): ReviewEntry => {
      const entry = decision(pick(['open', 'done', 'n/a'] as const), pick(['Ana', 'Bo']), pick([9, 10]));
      if (random() < 0.3) entry.note = pick(['x', 'y']);
      if (random() < 0.4)
        entry.history = [
          {
            state: pick(['open', 'done'] as const),
            by: pick(['Cy', 'Ana']),
            at: AT(pick([7, 8, 9, 10])),
            ...(random() < 0.5 ? { from: 'merge' } : {}),
          },
        ];
      return entry;
    };
    const key: EntryKey = { unit: '.', id: 'x.y' };
    const bytes = (entry: ReviewEntry) => serializeEntry(key, entry);
    for (let i = 0; i < 300; i++) {
      const [a, b, c] = [make(), make(), make()];
      assert.strictEqual(bytes(mergeEntries(a, b).entry), bytes(mergeEntries(b, a).entry));
      assert.strictEqual(bytes(mergeEntries(mergeEntries(a, b).entry, c).entry), bytes(mergeEntries(a, mergeEntries(b, c).entry).entry));
      // Nothing is lost: every decision is the result or in its history.
      const merged = mergeEntries(mergeEntries(a, b).entry, c).entry;
      const events = new Set([merged, ...(merged.history ?? [])].map((d) => `${d.state}|${d.by}|${d.at}|${d.note ?? ''}`));
      for (const d of [a, b, c].flatMap((e) => [e, ...(e.history ?? [])]))
        assert.ok(events.has(`${d.state}|${d.by}|${d.at}|${d.note ?? ''}`));
    }
  });
});

/** What git writes for a conflict, made by `git merge-file` on three texts. */
function gitConflict(base: string, ours: string, theirs: string, style: 'merge' | 'diff3' | 'zdiff3' = 'merge'): string {
  const dir = makeTree({ base, ours, theirs });
  const args = [
    'merge-file',
    '-p',
    ...(style === 'merge' ? [] : [`--${style}`]),
    '-L',
    'HEAD',
    '-L',
    'base',
    '-L',
    'theirs',
    'ours',
    'base',
    'theirs',
  ];
  const result = spawnSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
  assert.ok(result.status !== null && result.status > 0, `expected a conflict: ${result.stderr}`);
  return result.stdout;
}

describe('resolveConflictText', () => {
  const key: EntryKey = { unit: 'crates/api', id: 'rust.delivery.lockfile' };
  for (const style of ['merge', 'diff3', 'zdiff3'] as const) {
    it(`merges a decision file with ${style}-style markers: newest wins, the other is in its history`, () => {
      const base = serializeEntry(key, decision('open', 'Cy', 8));
      const text = gitConflict(
        base,
        serializeEntry(key, decision('done', 'Ana', 10)),
        serializeEntry(key, decision('n/a', 'Bo', 11, { note: 'vendored' })),
        style,
      );
      const result = resolveConflictText(text, 'x.yaml');
      assert.ok(result.ok, JSON.stringify(result));
      const parsed = parseEntry(result.text, 'x.yaml');
      assert.deepStrictEqual(parsed, {
        ok: true,
        key,
        entry: decision('n/a', 'Bo', 11, { note: 'vendored', history: [{ state: 'done', by: 'Ana', at: AT(10), from: 'merge' }] }),
      });
      assert.deepStrictEqual(
        result.choices.map(({ chose, winner, loser }) => [chose, winner.by, loser?.by]),
        [['theirs', 'Bo', 'Ana']],
      );
      assert.strictEqual(result.conflict, true);
    });
  }

  it('merges a version-1 file entry by entry, keeping entries of one side and the losing decision in the note', () => {
    const v1 = (components: Record<string, Record<string, ReviewEntry>>) => serializeLegacyReview({ version: 1, components });
    const base = v1({ '.': { 'go.a.a': decision('done', 'Cy', 1) } });
    const ours = v1({
      '.': { 'go.a.a': decision('done', 'Cy', 1), 'go.a.b': decision('done', 'Ana', 10), 'go.a.c': decision('done', 'Ana', 10) },
    });
    const theirs = v1({
      '.': { 'go.a.a': decision('done', 'Cy', 1), 'go.a.b': decision('n/a', 'Bo', 9, { note: 'no' }), 'go.a.d': decision('done', 'Bo', 9) },
    });
    const result = resolveConflictText(gitConflict(base, ours, theirs, 'diff3'), 'review.yaml');
    assert.ok(result.ok, JSON.stringify(result));
    const parsed = parseLegacyReview(result.text, 'review.yaml');
    assert.ok(parsed.ok);
    assert.deepStrictEqual(Object.keys(parsed.data.components['.']).sort(), ['go.a.a', 'go.a.b', 'go.a.c', 'go.a.d']);
    assert.deepStrictEqual(
      parsed.data.components['.']['go.a.b'],
      decision('done', 'Ana', 10, { note: `earlier decision kept by a merge: n/a by Bo at ${AT(9)} (note: no)` }),
    );
    assert.deepStrictEqual(
      result.choices.map((choice) => [choice.key.id, choice.chose]),
      [['go.a.b', 'ours']],
    );
  });

  it('refuses what it cannot merge without dropping a decision', () => {
    const a = serializeEntry({ unit: '.', id: 'a.a' }, decision('done', 'Ana', 10));
    const b = serializeEntry({ unit: '.', id: 'b.b' }, decision('done', 'Bo', 10));
    const cases: [string, RegExp][] = [
      [a, /no conflict markers/],
      [gitConflict('', a, b), /different items/],
      ['<<<<<<< HEAD\nversion: 2\n=======\nversion: 2\n', /not closed/],
      ['<<<<<<< HEAD\nversion: 2\n>>>>>>> b\n', /unexpected conflict marker >>>>>>>/],
      [gitConflict('', a, 'version: 2\nunit: [\n'), /their side after resolving the conflict markers: invalid YAML/],
      [gitConflict('', a, serializeLegacyReview({ version: 1, components: {} })), /version-1 review file and the other a version-2/],
    ];
    for (const [text, message] of cases) {
      const result = resolveConflictText(text, 'x.yaml');
      assert.ok(!result.ok, text);
      assert.match(result.error.message, message);
      assert.strictEqual(result.error.file, 'x.yaml');
    }
  });
});

describe('mergeReviewFiles (the merge driver)', () => {
  const key: EntryKey = { unit: '.', id: 'go.delivery.timeouts' };
  const text = (entry: ReviewEntry) => serializeEntry(key, entry);
  const base = decision('open', 'Cy', 8);

  it('takes the side that changed a decision', () => {
    const changed = decision('done', 'Ana', 7); // older than the base: still taken, as only one side changed it
    for (const [o, t] of [
      [base, changed],
      [changed, base],
    ]) {
      const result = mergeReviewFiles(text(base), text(o), text(t), 'x.yaml');
      assert.ok(result.ok);
      assert.strictEqual(result.text, text(changed));
      assert.strictEqual(result.conflict, false);
      assert.deepStrictEqual(result.choices, []);
    }
  });

  it('resolves a real conflict (newest wins, the other in its history) and says so', () => {
    for (const baseText of [text(base), '']) {
      const result = mergeReviewFiles(baseText, text(decision('done', 'Ana', 10)), text(decision('n/a', 'Bo', 9)), 'x.yaml');
      assert.ok(result.ok);
      assert.strictEqual(result.conflict, true);
      assert.strictEqual(
        result.text,
        text(decision('done', 'Ana', 10, { history: [{ state: 'n/a', by: 'Bo', at: AT(9), from: 'merge' }] })),
      );
    }
  });

  it('merges version-1 files three ways: removals on one side are kept, a removal against a change keeps the change', () => {
    const v1 = (items: Record<string, ReviewEntry>) => serializeLegacyReview({ version: 1, components: { '.': items } });
    const old = decision('done', 'Cy', 1);
    const result = mergeReviewFiles(
      v1({ 'go.a.removed': old, 'go.a.changed': old, 'go.a.kept': old, 'go.a.fought': old }),
      v1({ 'go.a.changed': decision('n/a', 'Ana', 2), 'go.a.kept': old, 'go.a.ours': decision('done', 'Ana', 2) }),
      v1({
        'go.a.removed': old,
        'go.a.changed': old,
        'go.a.kept': old,
        'go.a.fought': decision('done', 'Bo', 2),
        'go.a.theirs': decision('done', 'Bo', 2),
      }),
      'review.yaml',
    );
    assert.ok(result.ok);
    const parsed = parseLegacyReview(result.text, 'review.yaml');
    assert.ok(parsed.ok);
    assert.deepStrictEqual(Object.keys(parsed.data.components['.']).sort(), [
      'go.a.changed',
      'go.a.fought',
      'go.a.kept',
      'go.a.ours',
      'go.a.theirs',
    ]);
    assert.strictEqual(parsed.data.components['.']['go.a.changed'].state, 'n/a');
    assert.deepStrictEqual(
      result.choices.map((choice) => [choice.key.id, choice.chose, choice.winner.by, choice.loser]),
      [['go.a.fought', 'theirs', 'Bo', undefined]],
    );
    assert.strictEqual(result.conflict, true);
  });

  it('refuses unreadable input', () => {
    for (const [b, o, t] of [
      ['', 'version: 2\nunit: [\n', text(base)],
      ['', text(base), '<<<<<<< a\n'],
      ['', text(base), serializeEntry({ unit: 'x', id: 'y.y' }, base)],
    ]) {
      assert.strictEqual(mergeReviewFiles(b, o, t, 'x.yaml').ok, false);
    }
  });

  it('runs as `stack-guide merge-review %O %A %B`: writes %A, exit 0; input it refuses exits 1 with both sides in %A between conflict markers', async () => {
    const dir = makeTree({
      O: text(base),
      A: text(decision('done', 'Ana', 10)),
      B: text(decision('n/a', 'Bo', 11)),
      bad: 'version: 2\nunit: [\n',
    });
    const errors: string[] = [];
    const io = { out: () => undefined, err: (line: string) => errors.push(line), cwd: dir, profilesDir: path.join(REPO, 'profiles') };
    assert.strictEqual(await runCli(['merge-review', 'O', 'A', 'B', 'path/x.yaml'], io), 0);
    const merged = parseEntry(fs.readFileSync(path.join(dir, 'A'), 'utf8'), 'A');
    assert.ok(merged.ok && merged.entry.by === 'Bo' && merged.entry.history?.[0].by === 'Ana');
    assert.strictEqual(errors.length, 1);
    assert.match(errors[0], /^stack-guide merge-review: path\/x\.yaml: go\.delivery\.timeouts in \.: kept their n\/a by Bo/);
    const ours = fs.readFileSync(path.join(dir, 'A'), 'utf8');
    assert.strictEqual(await runCli(['merge-review', 'O', 'A', 'bad', 'path/x.yaml'], io), 1);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'A'), 'utf8'), `<<<<<<< ours\n${ours}=======\nversion: 2\nunit: [\n>>>>>>> theirs\n`);
    assert.match(errors[errors.length - 1], /^path\/x\.yaml: conflict: .*their side: invalid YAML/);
    fs.writeFileSync(path.join(dir, 'A'), ours);
    assert.strictEqual(await runCli(['merge-review', 'O', 'A', 'missing'], io), 1);
    assert.match(
      fs.readFileSync(path.join(dir, 'A'), 'utf8'),
      /^<<<<<<< ours\n[^]*=======\n# stack-guide merge-review could not read this side \(cannot read .*missing: ENOENT\); git keeps it: git checkout --theirs -- <this file>\n>>>>>>> theirs\n$/,
    );
    fs.writeFileSync(path.join(dir, 'A'), ours);
    assert.strictEqual(await runCli(['merge-review', 'O', 'A'], io), 2);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'A'), 'utf8'), ours);
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['A', 'B', 'O', 'bad']);
  });
});

// ---------------------------------------------------------------------------------------------
// Real git: branches ticking through the writer, merged by `git merge`.

const GIT_FLAGS = ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false'];

async function git(cwd: string, ...args: string[]): Promise<string> {
  const result = await gitMay(cwd, ...args);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed (${result.status}): ${result.output}`);
  return result.stdout;
}

function gitMay(cwd: string, ...args: string[]): Promise<{ status: number | null; output: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...GIT_FLAGS, ...args], { cwd, env: GIT_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output: `${stdout}${stderr}`, stdout }));
  });
}

async function commitAll(root: string, message: string): Promise<void> {
  await git(root, 'add', '-A');
  await git(root, 'commit', '-q', '--allow-empty', '-m', message);
}

async function repo(files: Record<string, string> = {}): Promise<string> {
  const root = makeTree({ 'README.md': 'base\n', ...files });
  await git(root, 'init', '-q');
  await git(root, 'symbolic-ref', 'HEAD', 'refs/heads/main');
  await commitAll(root, 'base');
  return root;
}

async function decide(root: string, key: EntryKey, entry: ReviewEntry | undefined, resolve?: LegacyResolve): Promise<void> {
  await updateEntry(new NodeWritableFileSystem(root), DEFAULT_LAYOUT, key, () => entry, resolve);
}

/** Branches a and b off `from`, each changed by its function and committed, then b merged into a. */
async function mergeBranches(
  root: string,
  a: () => Promise<void>,
  b: () => Promise<void>,
  names = { from: 'main', a: 'a', b: 'b' },
): Promise<{ status: number | null; output: string; stdout: string }> {
  await git(root, 'switch', '-q', '-c', names.a, names.from);
  await a();
  await commitAll(root, names.a);
  await git(root, 'switch', '-q', '-c', names.b, names.from);
  await b();
  await commitAll(root, names.b);
  await git(root, 'switch', '-q', names.a);
  return gitMay(root, 'merge', '--no-edit', names.b);
}

async function readBack(root: string): Promise<ReviewData> {
  const result = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT);
  if (!result.ok) assert.fail(`${result.error.file}:${result.error.line}: ${result.error.message}`);
  return result.data;
}

function summary(data: ReviewData): Record<string, string> {
  return Object.fromEntries(
    data.entries
      .map((stored) => [
        `${stored.key.unit}|${stored.key.id}|${stored.key.member ?? ''}`,
        `${stored.entry.state} ${stored.entry.by} ${stored.entry.at}`,
      ])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

const CLI = path.join(REPO, 'dist', 'cli.js');

async function installDriver(root: string): Promise<void> {
  fs.writeFileSync(path.join(root, '.gitattributes'), '.stackguide/review/** merge=stackguide\n.stackguide/review.yaml merge=stackguide\n');
  await git(root, 'config', 'merge.stackguide.name', 'Stack Guide review decisions');
  await git(root, 'config', 'merge.stackguide.driver', `"${process.execPath}" "${CLI}" merge-review %O %A %B %P`);
  await commitAll(root, 'merge driver');
}

describe('review decisions under git', function () {
  this.timeout(30_000);
  const k = (id: string, unit = '.', member?: string): EntryKey => ({ unit, id, ...(member !== undefined ? { member } : {}) });

  it('(a) first ticks on two branches, with no review on the base, merge cleanly', async () => {
    const root = await repo();
    const merge = await mergeBranches(
      root,
      async () => {
        await decide(root, k('go.delivery.a'), decision('done', 'Ana', 10));
        await decide(root, k('rust.quality.tests', '.', 'crates/a'), decision('done', 'Ana', 10));
      },
      async () => {
        await decide(root, k('go.delivery.b'), decision('n/a', 'Bo', 11, { note: 'none' }));
        await decide(root, k('rust.quality.tests', '.', 'crates/b'), decision('done', 'Bo', 11));
      },
    );
    assert.strictEqual(merge.status, 0, merge.output);
    assert.deepStrictEqual(summary(await readBack(root)), {
      '.|go.delivery.a|': `done Ana ${AT(10)}`,
      '.|go.delivery.b|': `n/a Bo ${AT(11)}`,
      '.|rust.quality.tests|crates/a': `done Ana ${AT(10)}`,
      '.|rust.quality.tests|crates/b': `done Bo ${AT(11)}`,
    });
  });

  it('(b) items next to each other in sorted order, ticked on two branches over a base review, merge cleanly', async () => {
    const root = await repo();
    for (const id of ['go.delivery.a', 'go.delivery.c', 'go.delivery.e']) await decide(root, k(id), decision('done', 'Cy', 8));
    await commitAll(root, 'base review');
    const merge = await mergeBranches(
      root,
      async () => {
        await decide(root, k('go.delivery.b'), decision('done', 'Ana', 10));
        await decide(root, k('go.delivery.c'), decision('n/a', 'Ana', 10));
      },
      async () => {
        await decide(root, k('go.delivery.d'), decision('done', 'Bo', 11));
        await decide(root, k('go.delivery.e'), decision('open', 'Bo', 11));
        await decide(root, k('go.delivery.a'), undefined);
      },
    );
    assert.strictEqual(merge.status, 0, merge.output);
    assert.deepStrictEqual(summary(await readBack(root)), {
      '.|go.delivery.b|': `done Ana ${AT(10)}`,
      '.|go.delivery.c|': `n/a Ana ${AT(10)}`,
      '.|go.delivery.d|': `done Bo ${AT(11)}`,
      '.|go.delivery.e|': `open Bo ${AT(11)}`,
    });
  });

  it('(c) the same item in two units merges cleanly', async () => {
    const root = await repo();
    const merge = await mergeBranches(
      root,
      () => decide(root, k('rust.delivery.lockfile', 'crates/a'), decision('done', 'Ana', 10)),
      () => decide(root, k('rust.delivery.lockfile', 'crates/b'), decision('done', 'Bo', 11)),
    );
    assert.strictEqual(merge.status, 0, merge.output);
    assert.deepStrictEqual(Object.keys(summary(await readBack(root))), [
      'crates/a|rust.delivery.lockfile|',
      'crates/b|rust.delivery.lockfile|',
    ]);
  });

  for (const onBase of [true, false]) {
    it(`(d) one item decided differently on two branches (${onBase ? 'both changed it' : 'both added it'}) is a real conflict, resolved without losing either`, async () => {
      const root = await repo();
      const key = k('go.delivery.timeouts');
      const file = entryPath(DEFAULT_LAYOUT, key);
      if (onBase) {
        await decide(root, key, decision('open', 'Cy', 8));
        await commitAll(root, 'base review');
      }
      const merge = await mergeBranches(
        root,
        async () => {
          await decide(root, key, decision('done', 'Ana', 10));
          await decide(root, k('go.delivery.other'), decision('done', 'Ana', 10));
        },
        () => decide(root, key, decision('n/a', 'Bo', 11, { note: 'batch job' })),
      );
      assert.notStrictEqual(merge.status, 0, 'git reports the conflict');
      assert.deepStrictEqual(
        (await git(root, 'diff', '--name-only', '--diff-filter=U')).trim().split('\n'),
        [file],
        "only that item's file conflicts",
      );
      // The writer refuses until it is resolved.
      const read = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT);
      assert.ok(!read.ok && read.error.conflict === true && read.error.file === file);
      const resolved = resolveConflictText(fs.readFileSync(path.join(root, file), 'utf8'), file);
      assert.ok(resolved.ok, JSON.stringify(resolved));
      fs.writeFileSync(path.join(root, file), resolved.text);
      await git(root, 'add', file);
      await git(root, 'commit', '-q', '--no-edit');
      const data = await readBack(root);
      const stored = data.entries.find((entry) => keyString(entry.key) === keyString(key))!;
      assert.deepStrictEqual(
        stored.entry,
        decision('n/a', 'Bo', 11, { note: 'batch job', history: [{ state: 'done', by: 'Ana', at: AT(10), from: 'merge' }] }),
      );
      assert.strictEqual(data.entries.length, 2);
    });

    it(`(d) with the merge driver from .gitattributes, that conflict merges cleanly (${onBase ? 'both changed it' : 'both added it'})`, async function () {
      if (!fs.existsSync(CLI) || !fs.readFileSync(CLI, 'utf8').includes('merge-review')) this.skip(); // needs `node esbuild.js`
      const root = await repo();
      await installDriver(root);
      const key = k('go.delivery.timeouts');
      if (onBase) {
        await decide(root, key, decision('open', 'Cy', 8));
        await commitAll(root, 'base review');
      }
      const merge = await mergeBranches(
        root,
        () => decide(root, key, decision('done', 'Ana', 12, { note: 'deadlines everywhere' })),
        () => decide(root, key, decision('n/a', 'Bo', 11)),
      );
      assert.strictEqual(merge.status, 0, merge.output);
      assert.match(merge.output, /kept our done by Ana/);
      const data = await readBack(root);
      assert.deepStrictEqual(
        data.entries[0].entry,
        decision('done', 'Ana', 12, { note: 'deadlines everywhere', history: [{ state: 'n/a', by: 'Bo', at: AT(11), from: 'merge' }] }),
      );
      assert.strictEqual(await git(root, 'status', '--porcelain'), '');
    });
  }

  it('(d) a side the merge driver refuses (a future version) is a visible conflict: both sides in the file, the reader and check report it, nothing is committed silently', async function () {
    if (!fs.existsSync(CLI) || !fs.readFileSync(CLI, 'utf8').includes('merge-review')) this.skip();
    const root = await repo({ 'go.mod': 'module x\n' });
    await installDriver(root);
    const key = k('go.delivery.timeouts');
    const file = entryPath(DEFAULT_LAYOUT, key);
    const future = serializeEntry(key, decision('done', 'Bo', 11)).replace('version: 2', 'version: 3');
    const merge = await mergeBranches(
      root,
      () => decide(root, key, decision('n/a', 'Ana', 10, { note: 'internal' })),
      async () => {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), future);
      },
    );
    assert.notStrictEqual(merge.status, 0, merge.output);
    assert.match(merge.output, /conflict: .*their side: unknown review decision version 3/);
    assert.deepStrictEqual((await git(root, 'diff', '--name-only', '--diff-filter=U')).trim().split('\n'), [file]);
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    assert.ok(
      text.startsWith('<<<<<<< ours\n') && text.includes('by: Ana') && text.includes('version: 3') && text.includes('by: Bo'),
      text,
    );
    const read = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT);
    assert.ok(!read.ok && read.error.conflict === true && read.error.file === file, JSON.stringify(read));
    const io = { out: () => undefined, err: (line: string) => errors.push(line), cwd: root, profilesDir: path.join(REPO, 'profiles') };
    const errors: string[] = [];
    assert.strictEqual(await runCli(['check', root], io), 2);
    assert.match(errors.join(''), /merge-conflict markers/);
  });

  it('(d) the merge driver merges a version-1 file changed on two branches', async function () {
    if (!fs.existsSync(CLI) || !fs.readFileSync(CLI, 'utf8').includes('merge-review')) this.skip();
    const v1 = (items: Record<string, ReviewEntry>) => serializeLegacyReview({ version: 1, components: { '.': items } });
    const root = await repo({ '.stackguide/review.yaml': v1({ 'go.a.a': decision('open', 'Cy', 8) }) });
    await installDriver(root);
    const legacy = path.join(root, '.stackguide/review.yaml');
    const merge = await mergeBranches(
      root,
      async () => fs.writeFileSync(legacy, v1({ 'go.a.a': decision('done', 'Ana', 10), 'go.a.b': decision('done', 'Ana', 10) })),
      async () => fs.writeFileSync(legacy, v1({ 'go.a.a': decision('n/a', 'Bo', 11), 'go.a.c': decision('done', 'Bo', 11) })),
    );
    assert.strictEqual(merge.status, 0, merge.output);
    const parsed = parseLegacyReview(fs.readFileSync(legacy, 'utf8'), 'review.yaml');
    assert.ok(parsed.ok);
    assert.deepStrictEqual(Object.keys(parsed.data.components['.']).sort(), ['go.a.a', 'go.a.b', 'go.a.c']);
    assert.match(parsed.data.components['.']['go.a.a'].note ?? '', /done by Ana/);
  });

  it('(e) a version-1 file on the base, migrated on two branches that tick different items, merges cleanly with every tick', async () => {
    const legacyText = serializeLegacyReview({
      version: 1,
      components: {
        '.': { 'rust.delivery.lockfile': decision('done', 'Cy', 5), 'rust.quality.clippy': decision('done', 'Cy', 5) },
        'crates/a': { 'rust.delivery.lockfile': decision('n/a', 'Di', 6, { note: 'no binary' }) },
        'tools/old': { 'go.delivery.gone': decision('done', 'Cy', 5) },
      },
    });
    const root = await repo({ '.stackguide/review.yaml': legacyText });
    // crates/a is now a member of the workspace unit '.'; tools/old is no unit any more (an orphan).
    const resolve: LegacyResolve = (component, id) => (component === 'tools/old' ? undefined : { unit: '.', id });
    const merge = await mergeBranches(
      root,
      () => decide(root, k('rust.delivery.msrv'), decision('done', 'Ana', 10), resolve),
      () => decide(root, k('rust.risk.unsafe'), decision('done', 'Bo', 11), resolve),
    );
    assert.strictEqual(merge.status, 0, merge.output);
    const data = await readBack(root);
    assert.strictEqual(data.legacyFile, undefined);
    assert.deepStrictEqual(summary(data), {
      '.|rust.delivery.lockfile|': `n/a Di ${AT(6)}`,
      '.|rust.delivery.msrv|': `done Ana ${AT(10)}`,
      '.|rust.quality.clippy|': `done Cy ${AT(5)}`,
      '.|rust.risk.unsafe|': `done Bo ${AT(11)}`,
      'tools/old|go.delivery.gone|': `done Cy ${AT(5)}`,
    });
    const lockfile = data.entries.find((stored) => stored.key.id === 'rust.delivery.lockfile')!;
    assert.deepStrictEqual(lockfile.entry.history, [{ state: 'done', by: 'Cy', at: AT(5), from: 'version 1, component .' }]);
  });

  it('property: 30 random pairs of branches ticking disjoint items (new or already decided) always merge cleanly, with every tick read back', async function () {
    this.timeout(120_000);
    const units = ['.', 'crates/a', 'crates/b', 'web'];
    const ids = ['go.delivery.a', 'go.delivery.b', 'go.delivery.c', 'rust.quality.a', 'rust.quality.b', 'x.y'];
    const universe: EntryKey[] = [];
    for (const unit of units) for (const id of ids) universe.push(k(id, unit));
    for (const member of ['crates/a', 'crates/b', 'crates/c']) universe.push(k('rust.quality.tests', '.', member));
    const show = (key: EntryKey) => `${key.unit}|${key.id}|${key.member ?? ''}`;

    const trial = async (root: string, n: number) => {
      const random = prng(2026 + n); // one seed per trial: the same whatever runs beside it
      const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
      let hour = 0;
      const change = (key: EntryKey): ReviewEntry =>
        decision(pick(['open', 'done', 'n/a'] as const), pick(['Ana', 'Bo', 'Cy']), ++hour % 24, {
          textHash: textHash(key.id),
          ...(random() < 0.3 ? { note: pick(['why', 'a: b', '"quoted"']) } : {}),
        });
      const expected = new Map<string, string>();
      const apply = async (keys: EntryKey[]) => {
        for (const key of keys) {
          const entry = change(key);
          await decide(root, key, entry);
          expected.set(show(key), `${entry.state} ${entry.by} ${entry.at}`);
        }
      };
      const shuffled = universe
        .map((key) => ({ key, order: random() }))
        .sort((a, b) => a.order - b.order)
        .map(({ key }) => key);
      await git(root, 'switch', '-q', '--orphan', `base${n}`); // an empty tree: each trial starts afresh
      await apply(shuffled.filter(() => random() < 0.2));
      await commitAll(root, `base ${n}`);
      const split = Math.floor(random() * shuffled.length);
      const mine = shuffled.slice(0, split).filter(() => random() < 0.3);
      const theirs = shuffled.slice(split).filter(() => random() < 0.3);
      const merge = await mergeBranches(
        root,
        () => apply(mine),
        () => apply(theirs),
        { from: `base${n}`, a: `a${n}`, b: `b${n}` },
      );
      assert.strictEqual(merge.status, 0, `trial ${n}: ${merge.output}`);
      assert.deepStrictEqual(
        summary(await readBack(root)),
        Object.fromEntries([...expected].sort(([a], [b]) => (a < b ? -1 : 1))),
        `trial ${n}`,
      );
    };

    const TRIALS = 30;
    const LANES = 3; // three repositories side by side: git spends most of its time waiting
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        const root = await repo();
        for (let n = lane; n < TRIALS; n += LANES) await trial(root, n);
      }),
    );
  });
});

describe('sameEntry', () => {
  it('compares decisions and histories, not their order', () => {
    const a = decision('done', 'Ana', 10, {
      history: [
        { state: 'open', by: 'Bo', at: AT(8) },
        { state: 'n/a', by: 'Cy', at: AT(9) },
      ],
    });
    const b = decision('done', 'Ana', 10, {
      history: [
        { state: 'n/a', by: 'Cy', at: AT(9) },
        { state: 'open', by: 'Bo', at: AT(8) },
      ],
    });
    assert.ok(sameEntry(a, b));
    assert.ok(!sameEntry(a, decision('done', 'Ana', 10)));
  });
});
