/**
 * The checklist tree's evidence rows, from the compiled view against a small stand-in for the
 * `vscode` module: what each row says, its icon, and the file and line a click opens.
 */
import * as assert from 'assert';
import Module from 'module';
import type { ChecklistItem, ChecklistUnit } from '../../src/core/review/checklist';
import { createFakeVscode } from './fakeVscode';

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

// The same stand-in for `vscode` the lifecycle test runs the bundle against.
const { vscode } = createFakeVscode('/work/service');
type Uri = ReturnType<typeof vscode.Uri.parse>;
type Row = {
  label: string;
  collapsibleState: number;
  description?: string;
  iconPath?: { id: string };
  command?: { command: string; arguments: unknown[] };
  contextValue?: string;
};

const ROOT = 'file:///work/service';

function item(id: string, extra: Partial<ChecklistItem>): ChecklistItem {
  return {
    key: `${ROOT}#.#${id}`,
    root: ROOT,
    id,
    ecosystem: 'go',
    unit: '.',
    reviewKey: { unit: '.', id },
    group: 'quality',
    text: id,
    severity: 'high',
    state: 'open',
    ...extra,
  };
}

const TIMEOUTS_TEXT =
  'Every http.Server is built explicitly with ReadHeaderTimeout instead of http.ListenAndServe, and every outbound call runs under a deadline.';

describe('checklist tree: evidence rows', () => {
  const moduleApi = Module as unknown as { _load: Loader };
  const originalLoad = moduleApi._load;
  const file = require.resolve('../../src/vscode/views/checklistView');
  const items = [
    item('go.quality.race', {
      evidence: {
        status: 'found',
        locations: [
          { path: '.github/workflows/ci.yml', line: 9 },
          { path: 'Makefile', line: 3 },
        ],
      },
    }),
    item('go.delivery.lockfile', {
      state: 'done',
      by: 'ana',
      recordedEvidence: ['go.sum'],
      evidence: { status: 'missing', locations: [] },
    }),
    item('go.quality.vuln', { evidence: { status: 'missing', locations: [] } }),
    item('go.quality.handlers', {
      // A team profile's item: no title, a text longer than a row.
      text: 'HTTP handlers are tested with net/http/httptest, including error paths and cancelled request contexts.',
      evidence: { status: 'not-checked', locations: [], reason: 'the search stopped at 200 files or 400 folders' },
    }),
    item('go.delivery.timeouts', { title: 'HTTP servers set timeouts', text: TIMEOUTS_TEXT }),
    item('go.risks.expired', {
      group: 'risks',
      state: 'expired',
      expiredDecision: 'accepted',
      until: '2026-03-01',
      by: 'Ana',
      at: '2026-01-02T09:00:00.000Z',
      owner: 'Bo',
      note: 'internal traffic only',
    }),
    item('go.risks.accepted', { group: 'risks', state: 'accepted', until: '2026-09-01', by: 'Ana', owner: 'Bo', note: 'later' }),
    item('go.quality.action', { state: 'needs-action', owner: 'Cy', due: '2026-04-01', by: 'Ana' }),
  ];
  const unit: ChecklistUnit = { folder: 'service', root: ROOT, path: '.', members: [], ecosystem: 'go', ecosystemName: 'Go', items };
  const context = {
    checklist: { units: [unit], orphans: [], errors: [] },
    items: () => items,
    onDidChange: () => ({ dispose() {} }),
    findItem: (key: string) => items.find((candidate) => candidate.key === key),
  };
  const memento = { get: (_key: string, fallback: unknown) => fallback, update: async () => undefined };

  before(() => {
    moduleApi._load = (request, parent, isMain) => (request === 'vscode' ? vscode : originalLoad(request, parent, isMain));
    delete require.cache[file];
  });
  after(() => {
    moduleApi._load = originalLoad;
    delete require.cache[file];
  });

  function rows() {
    const { ChecklistView } = require(file) as typeof import('../../src/vscode/views/checklistView');
    const view = new ChecklistView(context as never, memento as never);
    const out = new Map<string, { item: Row; children: Row[] }>();
    for (const entry of items) {
      const node = { kind: 'item', item: entry } as const;
      out.set(entry.id, {
        item: view.getTreeItem(node) as never,
        children: view.getChildren(node as never).map((child) => view.getTreeItem(child) as never),
      });
    }
    view.dispose();
    return out;
  }

  it('an expired decision reads expired with its day, unticked; needs action with its due day; a holding one with its until', () => {
    const all = rows();
    const expired = all.get('go.risks.expired')!.item as Row & { checkboxState?: { state: number } };
    assert.strictEqual(expired.description, 'high · expired · accepted risk until 2026-03-01');
    assert.strictEqual(expired.iconPath!.id, 'watch');
    assert.strictEqual(expired.contextValue, 'checklistItem.expired', 'the menu offers Accept Risk, Reopen and the others again');
    assert.strictEqual(expired.checkboxState!.state, vscode.TreeItemCheckboxState.Unchecked, 'open again: no tick');
    const action = all.get('go.quality.action')!.item;
    assert.strictEqual(action.description, 'high · needs action · due 2026-04-01');
    assert.strictEqual(action.contextValue, 'checklistItem.needs-action');
    assert.strictEqual(all.get('go.risks.accepted')!.item.description, 'high · accepted risk · until 2026-09-01');
  });

  it("an item's row shows its title; the whole text is in the tooltip and what a screen reader says", () => {
    const all = rows();
    type Full = Row & { tooltip: { value: string }; accessibilityInformation: { label: string } };
    const timeouts = all.get('go.delivery.timeouts')!.item as Full;
    assert.strictEqual(timeouts.label, 'HTTP servers set timeouts');
    assert.ok(timeouts.tooltip.value.startsWith(`**HTTP servers set timeouts**\n\n${TIMEOUTS_TEXT}\n\n`), timeouts.tooltip.value);
    assert.ok(timeouts.accessibilityInformation.label.startsWith('HTTP servers set timeouts, high severity, open'));
    assert.ok(timeouts.accessibilityInformation.label.endsWith(TIMEOUTS_TEXT));
    // Without a title: the text cut at a word, with an ellipsis, at most 48 characters.
    const handlers = all.get('go.quality.handlers')!.item as Full;
    assert.strictEqual(handlers.label, 'HTTP handlers are tested with net/http/httptest…');
    assert.ok(handlers.label.length <= 48);
    assert.ok(handlers.tooltip.value.includes('including error paths and cancelled request contexts.'));
    // A text that fits is the label as it is, and the tooltip does not repeat it.
    const vuln = all.get('go.quality.vuln')!.item as Full;
    assert.strictEqual(vuln.label, 'go.quality.vuln');
    assert.ok(vuln.tooltip.value.startsWith('go.quality.vuln\n\n'));
  });

  it('a found item has one row per location that opens the file at its line', () => {
    const race = rows().get('go.quality.race')!;
    assert.strictEqual(race.item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.match(race.item.description!, /evidence: \.github\/workflows\/ci\.yml:9$/);
    assert.strictEqual(race.item.contextValue, 'checklistItem.open.evidence', 'the menu offers Tick with Evidence');
    assert.deepStrictEqual(
      race.children.map((child) => child.label),
      ['evidence: .github/workflows/ci.yml:9', 'evidence: Makefile:3'],
    );
    const open = race.children[0].command!;
    assert.strictEqual(open.command, 'vscode.open');
    assert.strictEqual((open.arguments[0] as Uri).path, '/work/service/.github/workflows/ci.yml');
    // new Range(8, 0, 8, 0): line 9, as VS Code counts from 0.
    assert.strictEqual((open.arguments[1] as { selection: { start: number } }).selection.start, 8);
    assert.strictEqual(race.children[0].iconPath!.id, 'pass');
  });

  it('a ticked item whose evidence went away says evidence lost, with a distinct icon, and has no file to open', () => {
    const lockfile = rows().get('go.delivery.lockfile')!;
    assert.match(lockfile.item.description!, /evidence lost$/);
    assert.strictEqual(lockfile.item.iconPath!.id, 'error');
    assert.deepStrictEqual(
      lockfile.children.map((child) => child.label),
      ['evidence lost: go.sum no longer shows it'],
    );
    assert.strictEqual(lockfile.children[0].iconPath!.id, 'error');
    assert.strictEqual(lockfile.children[0].command, undefined);
  });

  it('missing and not-checked items say so; an item without a probe has no evidence row', () => {
    const all = rows();
    assert.deepStrictEqual(
      all.get('go.quality.vuln')!.children.map((child) => [child.label, child.iconPath!.id]),
      [['no evidence found', 'circle-slash']],
    );
    assert.deepStrictEqual(
      all.get('go.quality.handlers')!.children.map((child) => child.label),
      ['evidence not checked (the search stopped at 200 files or 400 folders)'],
    );
    assert.strictEqual(all.get('go.delivery.timeouts')!.item.collapsibleState, vscode.TreeItemCollapsibleState.None);
    assert.deepStrictEqual(all.get('go.delivery.timeouts')!.children, []);
  });

  it("a unit's row shows its review-by day (overdue, with a warning icon) and the change since the last milestone", () => {
    const { ChecklistView } = require(file) as typeof import('../../src/vscode/views/checklistView');
    const row = (dated: Partial<ChecklistUnit>, since: { delta: number; milestone: string } | undefined) => {
      const view = new ChecklistView({ ...context, sinceMilestone: () => since } as never, memento as never);
      const shown = view.getTreeItem({ kind: 'unit', unit: { ...unit, ...dated } } as never) as Row;
      view.dispose();
      return shown;
    };
    const overdue = row({ reviewBy: '2026-03-01', overdue: true }, { delta: 3, milestone: 'v1.2' });
    assert.match(overdue.description!, / · overdue: review by 2026-03-01 · \+3 done since v1\.2$/);
    assert.strictEqual(overdue.iconPath!.id, 'watch');
    assert.strictEqual(overdue.contextValue, 'checklistUnit', 'the menu offers Set Review-By Date…');
    const inTime = row({ reviewBy: '2026-09-01' }, { delta: -1, milestone: 'v1.2' });
    assert.match(inTime.description!, / · review by 2026-09-01 · -1 done since v1\.2$/);
    assert.strictEqual(inTime.iconPath!.id, 'checklist');
    assert.doesNotMatch(row({}, undefined).description!, /review by|since/, 'nothing while neither is known');
  });
});

describe('checklist tree: items not applicable here', () => {
  const moduleApi = Module as unknown as { _load: Loader };
  const originalLoad = moduleApi._load;
  const file = require.resolve('../../src/vscode/views/checklistView');
  const notHere = (reason: string, path: string) => ({ status: 'not-applicable' as const, reason, locations: [{ path }] });
  const items = [
    item('rust.delivery.async-boundaries', {
      group: 'delivery',
      applicability: notHere('no async runtime among the dependencies (Cargo.lock)', 'Cargo.lock'),
    }),
    item('rust.risk.sql', {
      group: 'risks',
      state: 'done',
      by: 'ana',
      applicability: notHere('no SQL library among the dependencies (Cargo.lock)', 'Cargo.lock'),
    }),
    item('rust.delivery.lockfile', { group: 'delivery', applicability: { status: 'applies', locations: [] } }),
    item('rust.quality.clippy', {
      group: 'quality',
      applicability: { status: 'unknown', reason: 'Cargo.lock is over 1 MB', locations: [] },
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

  before(() => {
    moduleApi._load = (request, parent, isMain) => (request === 'vscode' ? vscode : originalLoad(request, parent, isMain));
    delete require.cache[file];
  });
  after(() => {
    moduleApi._load = originalLoad;
    delete require.cache[file];
  });

  it('moves them into a collapsed group of their own, each with the reason and a row that opens the deciding file; unknown shows the item', () => {
    const { ChecklistView } = require(file) as typeof import('../../src/vscode/views/checklistView');
    const view = new ChecklistView(context as never, memento as never);
    const [unitNode] = view.getChildren();
    const children = view.getChildren(unitNode);
    const labels = children.map((child) => (view.getTreeItem(child) as unknown as Row).label);
    assert.deepStrictEqual(
      labels,
      ['Delivery checks', 'Quality checks', 'Not applicable here (2)'],
      'the risks group held only a not-applicable item',
    );
    const group = view.getTreeItem(children[2]) as unknown as Row;
    assert.strictEqual(group.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const apart = view.getChildren(children[2]);
    assert.deepStrictEqual(
      apart.map((child) => [(view.getTreeItem(child) as unknown as Row).label, (view.getTreeItem(child) as unknown as Row).description]),
      [
        ['rust.delivery.async-boundaries', 'no async runtime among the dependencies (Cargo.lock)'],
        ['rust.risk.sql', 'mitigated · no SQL library among the dependencies (Cargo.lock)'],
      ],
      'the decision made on one is kept and shown',
    );
    const why = view.getChildren(apart[0]).map((child) => view.getTreeItem(child) as unknown as Row);
    assert.strictEqual(why[0].label, 'no async runtime among the dependencies (Cargo.lock)');
    assert.strictEqual((why[0].command!.arguments[0] as Uri).path, '/work/service/Cargo.lock');
    const delivery = view.getChildren(children[0]).map((child) => (view.getTreeItem(child) as unknown as Row).label);
    assert.deepStrictEqual(delivery, ['rust.delivery.lockfile']);
    const quality = view.getChildren(children[1]).map((child) => (view.getTreeItem(child) as unknown as Row).label);
    assert.deepStrictEqual(quality, ['rust.quality.clippy'], 'an unknown applicability shows the item');
    assert.strictEqual(view.getParent(apart[0])?.kind, 'notApplicable');
    view.dispose();
  });
});
