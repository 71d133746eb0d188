import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FolderDetection } from '../../src/core/detect/detector';
import type { Workspace } from '../../src/core/detect/workspaces';
import { loadProfiles } from '../../src/core/profiles/loader';
import type { Profile } from '../../src/core/profiles/model';
import { buildChecklist, decisions, legacyResolver } from '../../src/core/review/checklist';
import { checklistJson, checklistMarkdown } from '../../src/core/review/exportChecklist';
import type { ReviewData, StoredEntry } from '../../src/core/review/reviewData';
import { textHash } from '../../src/core/review/legacy/legacyFile';
import { reviewUnits, workspaceGroups } from '../../src/core/review/units';
import { PROFILES_DIR } from './treeHelper';

const load = (id: string): Profile =>
  loadProfiles([{ file: `${id}.yaml`, bytes: fs.readFileSync(path.join(PROFILES_DIR, `${id}.yaml`)) }]).profiles[0];
const rust = load('rust');
const go = load('go');
const typescript = load('typescript');

function component(componentPath: string, ...ids: string[]) {
  return { path: componentPath, ecosystems: ids.map((id) => ({ id, confidence: 0.9, evidence: [] })) };
}

function folder(components: ReturnType<typeof component>[], workspaces: Workspace[] = []): FolderDetection {
  return { folder: 'w', root: 'w', skipped: [], components, workspaces };
}

const cargo: Workspace = { kind: 'cargo', root: '.', manifest: 'Cargo.toml', members: ['crates/a', 'crates/b', 'crates/c'] };
const cargoFolder = folder(
  [component('.', 'rust'), component('crates/a', 'rust'), component('crates/b', 'rust'), component('crates/c', 'rust')],
  [cargo],
);

const tick = (unit: string, id: string, at: string, by = 'ana', extra: Partial<StoredEntry> = {}): StoredEntry => ({
  key: { unit, id },
  entry: { state: 'done', by, at, textHash: textHash(textOf(id)) },
  file: `f/${unit}/${id}`,
  ...extra,
});
function textOf(id: string): string {
  for (const profile of [rust, go, typescript]) {
    for (const group of Object.values(profile.checklist)) {
      const item = group?.find((candidate) => candidate.id === id);
      if (item) return item.text;
    }
  }
  return 'unknown';
}

describe('review units', () => {
  it('a Cargo workspace of three crates is one Rust review naming its members, the virtual root not among them', () => {
    const units = reviewUnits(cargoFolder);
    assert.deepStrictEqual(units, [
      { path: '.', ecosystem: 'rust', members: ['crates/a', 'crates/b', 'crates/c'], workspace: { kind: 'cargo', manifest: 'Cargo.toml' } },
    ]);
    const { units: checklist } = buildChecklist({ folders: [cargoFolder] }, [rust], new Map());
    assert.strictEqual(checklist.length, 1, 'one checklist, not four');
    const ids = checklist[0].items.map((item) => item.id);
    assert.strictEqual(new Set(ids).size, ids.length, 'each item once');
  });

  it('independent Go services without go.work keep separate reviews', () => {
    const units = reviewUnits(folder([component('services/api', 'go'), component('services/worker', 'go')]));
    assert.deepStrictEqual(
      units.map((unit) => [unit.path, unit.members]),
      [
        ['services/api', []],
        ['services/worker', []],
      ],
    );
  });

  it('an npm workspace reviews its TypeScript and JavaScript members apart, and a Go service beside them alone', () => {
    const npm: Workspace = { kind: 'npm', root: '.', manifest: 'package.json', members: ['packages/ui', 'packages/api', 'tools/js'] };
    const units = reviewUnits(
      folder(
        [
          component('packages/api', 'typescript'),
          component('packages/ui', 'typescript'),
          component('tools/js', 'javascript'),
          component('svc', 'go'),
        ],
        [npm],
      ),
    );
    assert.deepStrictEqual(
      units.map((unit) => [unit.path, unit.ecosystem, unit.members]),
      [
        ['.', 'javascript', ['tools/js']],
        ['.', 'typescript', ['packages/api', 'packages/ui']],
        ['svc', 'go', []],
      ],
    );
  });

  it('a Maven aggregator inside an aggregator joins the outer review', () => {
    const outer: Workspace = { kind: 'maven', root: '.', manifest: 'pom.xml', members: ['core', 'services'] };
    const inner: Workspace = { kind: 'maven', root: 'services', manifest: 'services/pom.xml', members: ['services/a', 'services/b'] };
    const units = reviewUnits(
      folder(
        [
          component('.', 'java'),
          component('core', 'java'),
          component('services', 'java'),
          component('services/a', 'java'),
          component('services/b', 'java'),
        ],
        [outer, inner],
      ),
    );
    assert.deepStrictEqual(
      units.map((unit) => [unit.path, unit.members]),
      [['.', ['core', 'services', 'services/a', 'services/b']]],
    );
  });

  it('a workspace of another ecosystem does not swallow a component', () => {
    const units = reviewUnits(
      folder([component('.', 'rust'), component('crates/a', 'rust', 'python')], [{ ...cargo, members: ['crates/a'] }]),
    );
    assert.deepStrictEqual(
      units.map((unit) => [unit.path, unit.ecosystem, unit.members]),
      [
        ['.', 'rust', ['crates/a']],
        ['crates/a', 'python', []],
      ],
    );
  });
});

describe('workspace rows of the Stacks view', () => {
  it("puts a workspace's members, and its virtual root, under one row; other components stay rows of their own", () => {
    const detection = folder(
      [component('.', 'rust'), component('crates/a', 'rust'), component('crates/b', 'rust'), component('tools/ml', 'python')],
      [{ ...cargo, members: ['crates/a', 'crates/b'] }],
    );
    const groups = workspaceGroups(detection);
    assert.deepStrictEqual(
      groups.map((group) => [group.root, group.kind, group.ecosystems, group.members, group.components.map((c) => c.path)]),
      [['.', 'cargo', ['rust'], ['crates/a', 'crates/b'], ['.', 'crates/a', 'crates/b']]],
    );
  });

  it('one row for a workspace of two ecosystems, naming both; a workspace that groups nothing is no row', () => {
    const npm: Workspace = { kind: 'npm', root: '.', manifest: 'package.json', members: ['packages/ui', 'tools/js'] };
    const groups = workspaceGroups(
      folder(
        [component('packages/ui', 'typescript'), component('tools/js', 'javascript')],
        [npm, { ...cargo, root: 'empty', manifest: 'empty/Cargo.toml', members: [] }],
      ),
    );
    assert.deepStrictEqual(
      groups.map((group) => [group.root, group.ecosystems.sort(), group.members]),
      [['.', ['javascript', 'typescript'], ['packages/ui', 'tools/js']]],
    );
  });
});

describe('review decisions across the change to units', () => {
  it('maps version-1 ticks made on members onto the workspace unit: the newest wins, the others stay in its history', () => {
    const units = reviewUnits(cargoFolder);
    const data: ReviewData = {
      entries: [
        tick('crates/a', 'rust.delivery.lockfile', '2026-01-01T00:00:00.000Z', 'ana', { legacy: true }),
        tick('crates/b', 'rust.delivery.lockfile', '2026-03-01T00:00:00.000Z', 'bo', { legacy: true }),
        tick('.', 'rust.delivery.lockfile', '2026-02-01T00:00:00.000Z', 'cy', { legacy: true }),
      ],
    };
    assert.ok(textOf('rust.delivery.lockfile') !== 'unknown', 'the Rust profile has the item this test ticks');
    const decided = [...decisions(data, legacyResolver(units, [rust])).values()];
    assert.strictEqual(decided.length, 1);
    assert.strictEqual(decided[0].entry.by, 'bo', 'the newest tick wins');
    assert.deepStrictEqual(decided[0].history.map((entry) => entry.by).sort(), ['ana', 'cy'], 'nothing is lost');
    const { units: checklist, orphans } = buildChecklist({ folders: [cargoFolder] }, [rust], new Map([['w', data]]));
    const item = checklist[0].items.find((candidate) => candidate.id === 'rust.delivery.lockfile')!;
    assert.strictEqual(item.state, 'done');
    assert.strictEqual(item.by, 'bo');
    assert.strictEqual(item.history?.length, 2);
    assert.deepStrictEqual(orphans, []);
  });

  it('keeps a version-1 tick whose component is gone as an orphan under its old path', () => {
    const data: ReviewData = {
      entries: [tick('crates/gone', 'rust.delivery.lockfile', '2026-01-01T00:00:00.000Z', 'ana', { legacy: true })],
    };
    const { orphans } = buildChecklist({ folders: [folder([component('crates/a', 'go')])] }, [rust, go], new Map([['w', data]]));
    assert.deepStrictEqual(
      orphans.map((orphan) => [orphan.unit, orphan.id]),
      [['crates/gone', 'rust.delivery.lockfile']],
    );
  });

  it('an item with scope member is ticked once per member, and a version-1 tick lands on its member', () => {
    const perMember: Profile = {
      ...rust,
      checklist: {
        ...rust.checklist,
        delivery: rust.checklist.delivery!.map((item, index) => (index === 0 ? { ...item, scope: 'member' as const } : item)),
      },
    };
    const first = perMember.checklist.delivery![0];
    const data: ReviewData = { entries: [tick('crates/b', first.id, '2026-01-01T00:00:00.000Z', 'ana', { legacy: true })] };
    const { units } = buildChecklist({ folders: [cargoFolder] }, [perMember], new Map([['w', data]]));
    const rows = units[0].items.filter((item) => item.id === first.id);
    assert.deepStrictEqual(
      rows.map((item) => item.member),
      ['crates/a', 'crates/b', 'crates/c'],
    );
    assert.deepStrictEqual(
      rows.map((item) => item.state),
      ['open', 'done', 'open'],
    );
    assert.strictEqual(units[0].items.length, rows.length + checklistLength(rust) - 1);
  });

  it('exports one task list per unit, naming its members', () => {
    const { units, orphans } = buildChecklist({ folders: [cargoFolder] }, [rust], new Map());
    const markdown = checklistMarkdown(units, orphans);
    assert.match(markdown, /^### Rust — `\.` \(0\/\d+\)$/m);
    assert.match(markdown, /^3 members of the Cargo workspace \(Cargo\.toml\): `crates\/a`, `crates\/b`, `crates\/c`$/m);
    const json = checklistJson(units, orphans);
    assert.deepStrictEqual(
      json.components.map((unit) => [unit.path, unit.ecosystem, unit.members]),
      [['.', 'rust', ['crates/a', 'crates/b', 'crates/c']]],
    );
  });
});

function checklistLength(profile: Profile): number {
  return Object.values(profile.checklist).reduce((sum, group) => sum + (group?.length ?? 0), 0);
}
