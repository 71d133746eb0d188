/**
 * "Applies anyway": a reviewer's mark that an item applies here although its condition says it
 * does not. Through the file format (positioned errors), the merge driver and git's own line merge,
 * the version-1 migration, `review set` and `check`'s counts and formats, and the tree's rows.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import { parseEntry, serializeEntry } from '../../src/core/review/entryFile';
import { fixedClock } from '../../src/core/review/expiry';
import { mergeReviewFiles } from '../../src/core/review/mergeReview';
import type { ReviewEntry } from '../../src/core/review/reviewData';
import { parseLegacyReview, textHash } from '../../src/core/review/legacy/legacyFile';
import type { ChecklistItem, ChecklistUnit } from '../../src/core/review/checklist';
import { checklistItems } from '../../src/core/profiles/model';
import { loadProfiles } from '../../src/core/profiles/loader';
import { itemFragments } from '../../src/core/page/render';
import { cliAt } from './cliHelper';
import { createFakeVscode } from './fakeVscode';
import { makeTree, PROFILES_DIR } from './treeHelper';

const ASYNC = 'rust.delivery.async-boundaries';
const KEY = { unit: '.', id: ASYNC };
const done: ReviewEntry = { state: 'done', by: 'Old', at: '2026-01-01T09:00:00.000Z', textHash: '0badcafe' };
const MARK = { by: 'Ana', at: '2026-02-01T09:00:00.000Z' };

describe('applies anyway: file format and merge', () => {
  it('is written apart from the decision and read back; a state of its own stays as it was', () => {
    const text = serializeEntry(KEY, { ...done, appliesAnyway: MARK });
    const lines = text.split('\n');
    assert.ok(lines.includes('appliesAnyway: {by: Ana, at: "2026-02-01T09:00:00.000Z"}'), text);
    // Not next to state/by/at: git's line merge then takes a mark on one branch and a tick on another.
    assert.ok(
      lines.indexOf('appliesAnyway: {by: Ana, at: "2026-02-01T09:00:00.000Z"}') > lines.findIndex((l) => l.startsWith('textHash:')),
    );
    const back = parseEntry(text, 'r.yaml');
    assert.ok(back.ok);
    assert.deepStrictEqual(back.entry, { ...done, appliesAnyway: MARK });
    const without = parseEntry(serializeEntry(KEY, done), 'r.yaml');
    assert.ok(without.ok && without.entry.appliesAnyway === undefined, 'a file without it reads as before');
  });

  it('a bad value is refused with its file, line and what to write', () => {
    const text = serializeEntry(KEY, { ...done, appliesAnyway: MARK });
    const line = text.split('\n').findIndex((l) => l.startsWith('appliesAnyway:')) + 1;
    const cases: [string, RegExp][] = [
      ['appliesAnyway: true', /"appliesAnyway" must be a mapping with "by" and "at" .*not the boolean true/],
      ['appliesAnyway: {by: Ana}', /"appliesAnyway" needs "at" as text/],
      ['appliesAnyway: {by: Ana, at: "2026-02-01", why: x}', /"appliesAnyway" has unknown key "why"; it holds only by and at/],
      ['appliesAnyway: {by: 3, at: "2026-02-01"}', /"appliesAnyway" needs "by" as text/],
    ];
    for (const [replacement, message] of cases) {
      const bad = parseEntry(text.replace(/^appliesAnyway:.*$/m, replacement), 'review/r.yaml');
      assert.ok(!bad.ok, replacement);
      assert.strictEqual(bad.error.file, 'review/r.yaml');
      assert.strictEqual(bad.error.line, line, replacement);
      assert.match(bad.error.message, message);
      assert.match(bad.error.hint, /appliesAnyway: \{by: NAME, at: TIME\}.*or remove it/);
    }
  });

  it('the merge driver takes a mark from one side and a decision from the other, without a conflict; a removal too', () => {
    const base = serializeEntry(KEY, done);
    const marked = serializeEntry(KEY, { ...done, appliesAnyway: MARK });
    const accepted: ReviewEntry = {
      ...done,
      state: 'accepted',
      by: 'Bo',
      at: '2026-01-15T09:00:00.000Z',
      note: 'one blocking call, measured',
      owner: 'Bo',
    };
    for (const [ours, theirs] of [
      [marked, serializeEntry(KEY, accepted)],
      [serializeEntry(KEY, accepted), marked],
    ]) {
      const merged = mergeReviewFiles(base, ours, theirs, 'r.yaml');
      assert.ok(merged.ok);
      assert.strictEqual(merged.conflict, false);
      const back = parseEntry(merged.text, 'r.yaml');
      assert.ok(back.ok);
      assert.deepStrictEqual(back.entry, { ...accepted, appliesAnyway: MARK });
    }
    // One side takes the mark away ("not applicable here again"), the other decides: both hold.
    const removed = mergeReviewFiles(marked, base, serializeEntry(KEY, { ...accepted, appliesAnyway: MARK }), 'r.yaml');
    assert.ok(removed.ok);
    const gone = parseEntry(removed.text, 'r.yaml');
    assert.ok(gone.ok);
    assert.deepStrictEqual(gone.entry, accepted);
    // Added on both sides with no base (add/add): a mark is never dropped; the newer of two wins.
    const later = { by: 'Cy', at: '2026-02-02T09:00:00.000Z' };
    const both = mergeReviewFiles('', marked, serializeEntry(KEY, { ...done, appliesAnyway: later }), 'r.yaml');
    assert.ok(both.ok);
    assert.match(both.text, /\nappliesAnyway: \{by: Cy, /);
    const one = mergeReviewFiles('', serializeEntry(KEY, done), marked, 'r.yaml');
    assert.ok(one.ok);
    assert.match(one.text, /\nappliesAnyway: \{by: Ana, /);
  });

  it("git's own line merge (no driver) merges a mark on one branch and a decision on another cleanly", () => {
    const dir = makeTree({
      'base.yaml': serializeEntry(KEY, done),
      'ours.yaml': serializeEntry(KEY, { ...done, appliesAnyway: MARK }),
      'theirs.yaml': serializeEntry(KEY, { ...done, state: 'n/a', by: 'Bo', at: '2026-01-15T09:00:00.000Z', note: 'no runtime' }),
    });
    const run = spawnSync('git', ['merge-file', '-p', 'ours.yaml', 'base.yaml', 'theirs.yaml'], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(run.status, 0, `a clean merge: ${run.stdout}`);
    const back = parseEntry(run.stdout, 'r.yaml');
    assert.ok(back.ok);
    assert.deepStrictEqual([back.entry.state, back.entry.by, back.entry.appliesAnyway], ['n/a', 'Bo', MARK]);
  });

  it('a version-1 file cannot hold it: the reader says where it belongs', () => {
    const text = `version: 1\ncomponents:\n  .:\n    ${ASYNC}:\n      state: done\n      by: Ana\n      at: "2026-03-01T09:00:00.000Z"\n      textHash: "0badcafe"\n      appliesAnyway: {by: Ana, at: x}\n`;
    const parsed = parseLegacyReview(text, '.stackguide/review.yaml');
    assert.ok(!parsed.ok);
    assert.strictEqual(parsed.error.line, 9);
    assert.match(parsed.error.hint, /"appliesAnyway" came with version 2/);
  });
});

describe('applies anyway: review set and check', () => {
  const rust = loadProfiles([{ file: 'rust.yaml', bytes: fs.readFileSync(path.join(PROFILES_DIR, 'rust.yaml')) }]).profiles[0];
  const asyncItem = checklistItems(rust).find((item) => item.id === ASYNC)!;
  // A crate without an async runtime: the async item's condition is false.
  const files = {
    'Cargo.toml': '[package]\nname = "rg"\nversion = "1.0.0"\n\n[dependencies]\nregex = "1"\n',
    'Cargo.lock': 'version = 4\n\n[[package]]\nname = "regex"\n',
    'src/main.rs': 'fn main() {}\n',
  };
  type Json = {
    components: {
      items: {
        id: string;
        state: string;
        by?: string;
        appliesAnyway?: { by: string; at: string };
        applicability: { status: string; reason?: string; locations: { path: string }[]; anyway?: { by: string; at: string } };
      }[];
    }[];
    blocking: { id: string }[];
    notApplicable: { id: string; state: string }[];
  };
  const clock = fixedClock('2026-03-01T09:00:00Z');
  const check = async (dir: string) => {
    const run = await cliAt(clock, dir, 'check', '.', '--no-evidence', '--format', 'json', '--min-severity', 'low');
    const data = JSON.parse(run.stdout) as Json;
    return { data, item: data.components[0].items.find((item) => item.id === ASYNC)! };
  };

  it('keeps a version-1 decision on a not-applicable item, marks it, counts it in the gate, and takes the mark back', async function () {
    this.timeout(60_000);
    const dir = makeTree({
      ...files,
      '.stackguide/review.yaml': `version: 1\ncomponents:\n  .:\n    ${ASYNC}:\n      state: done\n      by: Old\n      at: "2026-01-01T09:00:00.000Z"\n      textHash: "${textHash(asyncItem.text)}"\n`,
    });
    // A decision made before the item became not applicable is kept and shown, apart.
    const before = await check(dir);
    assert.strictEqual(before.item.applicability.status, 'not-applicable');
    assert.deepStrictEqual([before.item.state, before.item.by], ['done', 'Old']);
    assert.ok(before.data.notApplicable.some((entry) => entry.id === ASYNC && entry.state === 'done'));

    const set = await cliAt(clock, dir, 'review', 'set', ASYNC, '.', '--applies-anyway', '--by', 'Ana');
    assert.strictEqual(set.code, 0, set.stderr);
    assert.strictEqual(set.stdout, `${ASYNC}: marked applies anyway by Ana\n`);
    assert.ok(!fs.existsSync(path.join(dir, '.stackguide/review.yaml')), 'the version-1 file was migrated');
    const file = path.join(dir, '.stackguide/review', `${ASYNC}.yaml`);
    const stored = parseEntry(fs.readFileSync(file, 'utf8'), file);
    assert.ok(stored.ok);
    assert.deepStrictEqual(
      [stored.entry.state, stored.entry.by, stored.entry.appliesAnyway],
      ['done', 'Old', { by: 'Ana', at: '2026-03-01T09:00:00.000Z' }],
      'the migrated decision keeps its state; the mark is beside it',
    );

    const marked = await check(dir);
    assert.strictEqual(marked.item.applicability.status, 'applies');
    assert.match(
      marked.item.applicability.reason ?? '',
      /^marked applies anyway by Ana on 2026-03-01 \(its condition: no async runtime: none of tokio/,
    );
    assert.deepStrictEqual(marked.item.applicability.anyway, { by: 'Ana', at: '2026-03-01T09:00:00.000Z' });
    assert.deepStrictEqual(marked.item.appliesAnyway, { by: 'Ana', at: '2026-03-01T09:00:00.000Z' });
    assert.ok(
      marked.item.applicability.locations.some((location) => location.path === 'Cargo.toml'),
      'the deciding file stays',
    );
    assert.ok(!marked.data.notApplicable.some((entry) => entry.id === ASYNC));
    assert.strictEqual(marked.item.state, 'done');

    // Independent of the state: reopened, it is open and blocks as any item that applies.
    assert.strictEqual((await cliAt(clock, dir, 'review', 'set', ASYNC, '.', '--state', 'open', '--by', 'Bo')).code, 0);
    const reopened = await check(dir);
    assert.strictEqual(reopened.item.applicability.status, 'applies', 'the mark outlives a new decision');
    assert.ok(reopened.data.blocking.some((entry) => entry.id === ASYNC));
    const text = await cliAt(clock, dir, 'check', '.', '--no-evidence');
    assert.match(text.stdout, / {2}OPEN {2}\[high\] rust\.delivery\.async-boundaries: /);
    assert.match(text.stdout, / {2}APPLIES ANYWAY \[high\] rust\.delivery\.async-boundaries: marked applies anyway by Ana on 2026-03-01/);
    const markdown = await cliAt(clock, dir, 'check', '.', '--no-evidence', '--format', 'markdown');
    assert.match(markdown.stdout, /marked applies anyway by Ana on 2026-03-01/);
    const sarif = JSON.parse((await cliAt(clock, dir, 'check', '.', '--no-evidence', '--format', 'sarif')).stdout) as {
      runs: { results: { ruleId: string }[]; properties: { appliesAnyway: { item: string }[] } }[];
    };
    assert.ok(
      sarif.runs[0].results.some((result) => result.ruleId === ASYNC),
      'an open item that applies is a result',
    );
    assert.deepStrictEqual(
      sarif.runs[0].properties.appliesAnyway.map((entry) => entry.item),
      [ASYNC],
    );

    // Not applicable here again: the condition decides, the decision stays.
    const undo = await cliAt(clock, dir, 'review', 'set', ASYNC, '.', '--no-applies-anyway', '--by', 'Bo');
    assert.strictEqual(undo.code, 0, undo.stderr);
    assert.match(undo.stdout, /applies anyway removed by Bo; its condition decides again/);
    const after = await check(dir);
    assert.strictEqual(after.item.applicability.status, 'not-applicable');
    assert.strictEqual(after.item.appliesAnyway, undefined);
    assert.ok(!after.data.blocking.some((entry) => entry.id === ASYNC));
    assert.ok(after.data.notApplicable.some((entry) => entry.id === ASYNC));
    assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /appliesAnyway/);
  });

  it('marks an item never decided (an open entry carries the mark), and sets a state with it in one write', async () => {
    const dir = makeTree(files);
    const set = await cliAt(clock, dir, 'review', 'set', ASYNC, '.', '--applies-anyway', '--state', 'done', '--by', 'Ana');
    assert.strictEqual(set.code, 0, set.stderr);
    assert.strictEqual(set.stdout, `${ASYNC}: done by Ana\n${ASYNC}: marked applies anyway by Ana\n`);
    const { item, data } = await check(dir);
    assert.deepStrictEqual([item.state, item.applicability.status], ['done', 'applies']);
    assert.ok(!data.blocking.some((entry) => entry.id === ASYNC));
    const fresh = makeTree(files);
    assert.strictEqual((await cliAt(clock, fresh, 'review', 'set', ASYNC, '.', '--applies-anyway', '--by', 'Ana')).code, 0);
    const open = await check(fresh);
    assert.deepStrictEqual([open.item.state, open.item.applicability.status], ['open', 'applies']);
    assert.ok(
      open.data.blocking.some((entry) => entry.id === ASYNC),
      'an open item marked applies anyway fails the gate',
    );
  });

  it('refuses the mark on an item without a condition, both flags at once, and decision flags without --state', async () => {
    const dir = makeTree(files);
    const plain = await cliAt(clock, dir, 'review', 'set', 'rust.delivery.lockfile', '.', '--applies-anyway');
    assert.strictEqual(plain.code, 2);
    assert.match(plain.stderr, /rust\.delivery\.lockfile has no condition \(appliesWhen\)/);
    const both = await cliAt(clock, dir, 'review', 'set', ASYNC, '.', '--applies-anyway', '--no-applies-anyway');
    assert.strictEqual(both.code, 2);
    assert.match(both.stderr, /cannot be given together/);
    const note = await cliAt(clock, dir, 'review', 'set', ASYNC, '.', '--applies-anyway', '--note', 'x');
    assert.strictEqual(note.code, 2);
    assert.match(note.stderr, /--note goes with --state/);
    assert.ok(!fs.existsSync(path.join(dir, '.stackguide')), 'nothing was written');
  });
});

describe('applies anyway: the reference page', () => {
  it('says the item applies here, with who marked it; an item not applicable says that instead', () => {
    const rust = loadProfiles([{ file: 'rust.yaml', bytes: fs.readFileSync(path.join(PROFILES_DIR, 'rust.yaml')) }]).profiles[0];
    const reason = 'marked applies anyway by Ana on 2026-12-07 (its condition: no async runtime)';
    const fragments = itemFragments(rust, {
      items: new Map([
        [ASYNC, { key: 'a', state: 'open', appliesAnyway: reason }],
        ['rust.risk.unsafe-review', { key: 'b', state: 'open', notApplicable: 'no unsafe' }],
      ]),
    });
    assert.match(
      fragments[ASYNC],
      /<p class="applies-anyway">Applies here: marked applies anyway by Ana on 2026-12-07 \(its condition: no async runtime\)\.<\/p>/,
    );
    assert.doesNotMatch(fragments[ASYNC], /not-applicable|not-here/);
    assert.match(fragments['rust.risk.unsafe-review'], /class="not-here"/);
    assert.doesNotMatch(fragments['rust.risk.unsafe-review'], /applies-anyway/);
  });
});

describe('applies anyway: the checklist tree', () => {
  type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
  const moduleApi = Module as unknown as { _load: Loader };
  const originalLoad = moduleApi._load;
  const file = require.resolve('../../src/vscode/views/checklistView');
  const { vscode } = createFakeVscode('/work/service');
  const ROOT = 'file:///work/service';
  const notHere = { status: 'not-applicable' as const, reason: 'no async runtime (Cargo.lock)', locations: [{ path: 'Cargo.lock' }] };
  const item = (id: string, extra: Partial<ChecklistItem>): ChecklistItem => ({
    key: `${ROOT}#.#${id}`,
    root: ROOT,
    id,
    ecosystem: 'rust',
    unit: '.',
    reviewKey: { unit: '.', id },
    group: 'delivery',
    text: id,
    severity: 'high',
    state: 'open',
    ...extra,
  });
  const mark = { by: 'Ana', at: '2026-12-07T10:00:00.000Z' };
  const items = [
    item('rust.delivery.async-boundaries', { applicability: notHere }),
    item('rust.risk.sql', {
      group: 'risks',
      state: 'done',
      by: 'Bo',
      appliesAnyway: mark,
      applicability: {
        status: 'applies',
        reason: 'marked applies anyway by Ana on 2026-12-07 (its condition: no SQL library (Cargo.lock))',
        locations: [{ path: 'Cargo.lock' }],
        anyway: mark,
      },
    }),
  ];
  const unit: ChecklistUnit = { folder: 'service', root: ROOT, path: '.', members: [], ecosystem: 'rust', ecosystemName: 'Rust', items };
  const context = {
    checklist: { units: [unit], orphans: [], errors: [] },
    items: () => items,
    onDidChange: () => ({ dispose() {} }),
    findItem: (key: string) => items.find((candidate) => candidate.key === key),
  };
  const memento = { get: (_key: string, fallback: unknown) => fallback, update: async () => undefined };
  type Row = { label: string; description?: string; contextValue?: string; iconPath?: { id: string } };

  before(() => {
    moduleApi._load = (request, parent, isMain) => (request === 'vscode' ? vscode : originalLoad(request, parent, isMain));
    delete require.cache[file];
  });
  after(() => {
    moduleApi._load = originalLoad;
    delete require.cache[file];
  });

  it('offers Applies Anyway on the n/a rows, and Not Applicable Here Again on a marked item shown with the others', () => {
    const { ChecklistView } = require(file) as typeof import('../../src/vscode/views/checklistView');
    const view = new ChecklistView(context as never, memento as never);
    const [unitNode] = view.getChildren();
    const children = view.getChildren(unitNode);
    const row = (node: unknown) => view.getTreeItem(node as never) as unknown as Row;
    assert.deepStrictEqual(
      children.map((child) => row(child).label),
      ['Risks', 'Not applicable here (1)'],
      'the marked risk left the n/a group and shows with the items that apply',
    );
    const apart = view.getChildren(children[1]);
    assert.deepStrictEqual(
      apart.map((child) => row(child).contextValue),
      ['checklistItem.open.notHere'],
      'the menu offers Applies Anyway',
    );
    const [risk] = view.getChildren(children[0]);
    const marked = row(risk);
    assert.strictEqual(marked.contextValue, 'checklistItem.done.appliesAnyway', 'the menu offers Not Applicable Here Again');
    assert.strictEqual(marked.description, 'high · mitigated · applies anyway (marked by Ana on 2026-12-07)');
    // Its first row says who marked it and what the condition alone says, opening the deciding file.
    const [why] = view.getChildren(risk).map(row);
    assert.deepStrictEqual([why.label, why.iconPath?.id], [items[1].applicability!.reason, 'person']);
    view.dispose();
  });

  it("package.json's menus match those context values: the state commands stay, each mark command shows where it belongs", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PROFILES_DIR, '..', 'package.json'), 'utf8')) as {
      contributes: { menus: { 'view/item/context': { command: string; when: string }[] } };
    };
    const shown = (contextValue: string) =>
      manifest.contributes.menus['view/item/context']
        .filter(({ when }) => {
          const regex = /viewItem =~ \/(.*)\/$/.exec(when)?.[1];
          return when.includes('view == stackGuide.checklist') && regex !== undefined && new RegExp(regex).test(contextValue);
        })
        .map(({ command }) => command.replace('stackGuide.', ''));
    const states = (commands: string[]) =>
      commands.filter((command) => !['addNote', 'copyItemMarkdown', 'openItemOnPage'].includes(command));
    assert.deepStrictEqual(states(shown('checklistItem.open.notHere')), [
      'markNotApplicable',
      'acceptRisk',
      'markNeedsAction',
      'markAppliesAnyway',
    ]);
    assert.deepStrictEqual(states(shown('checklistItem.open.evidence.notHere')), [
      'tickWithEvidence',
      'markNotApplicable',
      'acceptRisk',
      'markNeedsAction',
      'markAppliesAnyway',
    ]);
    assert.deepStrictEqual(states(shown('checklistItem.done.appliesAnyway')), [
      'markNotApplicable',
      'acceptRisk',
      'markNeedsAction',
      'reopenItem',
      'clearAppliesAnyway',
    ]);
    assert.deepStrictEqual(states(shown('checklistItem.done')), ['markNotApplicable', 'acceptRisk', 'markNeedsAction', 'reopenItem']);
  });
});
