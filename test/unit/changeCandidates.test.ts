/**
 * `check --changed-since` reads the facts and probes of the units a change can touch and no
 * others (core/change/candidates.ts). These tests hold it to the answer with every unit evaluated:
 * for each kind of change, the touched items are the same, and a change inside one service leaves
 * the other services unread.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { candidateUnits, withUntouched } from '../../src/core/change/candidates';
import { evaluateWithReads } from '../../src/core/change/reads';
import { touchedItems, type ChangedFile } from '../../src/core/change/touched';
import { DetectionCache } from '../../src/core/detect/detectionCache';
import { detectFolder, type FolderDetection } from '../../src/core/detect/detector';
import { attachEvidence } from '../../src/core/evidence/checklistEvidence';
import { EvidenceReader } from '../../src/core/evidence/evaluate';
import { loadProfiles } from '../../src/core/profiles/loader';
import type { Profile } from '../../src/core/profiles/model';
import { buildChecklist, type ChecklistUnit } from '../../src/core/review/checklist';
import { entryPath } from '../../src/core/review/entryFile';
import { DEFAULT_LAYOUT } from '../../src/core/review/reviewData';
import { nodeSyntax } from '../../src/node/grammars';
import { NodeFileSystem } from '../../src/node/nodeFileSystem';
import { REPO } from './treeHelper';

const FILES: Record<string, string> = {
  '.github/workflows/ci.yml':
    'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n      - run: go test -race ./...\n',
  '.github/actions/setup/action.yml': 'runs:\n  using: composite\n  steps:\n    - run: npm ci\n      shell: bash\n',
  Makefile: 'test:\n\tgo vet ./...\n',
  'README.md': 'services\n',
  'services/orders/go.mod': 'module example.com/orders\n\ngo 1.25\n',
  'services/orders/go.sum': 'golang.org/x/sync v0.10.0 h1:x=\n',
  'services/orders/main.go': 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":8080", nil) }\n',
  'services/billing/go.mod': 'module example.com/billing\n\ngo 1.25\n',
  'services/billing/main.go': 'package main\n\nfunc main() {}\n',
  'services/web/package.json': JSON.stringify({ name: 'web', engines: { node: '>=22' }, scripts: { test: 'node --test' } }),
  'services/web/package-lock.json': '{}',
  'services/web/src/index.js': 'export {};\n',
  'tools/ml/pyproject.toml': '[project]\nname = "ml"\nrequires-python = ">=3.12"\n',
  'tools/ml/ml/__init__.py': '',
};

function profiles(): Profile[] {
  const dir = path.join(REPO, 'profiles');
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .map((file) => ({ file, bytes: fs.readFileSync(path.join(dir, file)) }));
  return loadProfiles(files).profiles;
}

async function checklist(dir: string, all: Profile[]): Promise<{ units: ChecklistUnit[]; folder: FolderDetection; files: DetectionCache }> {
  const files = new DetectionCache(new NodeFileSystem(dir));
  const folder = await detectFolder(files, 'repo', { root: 'repo' });
  const { units } = buildChecklist({ folders: [folder] }, all, new Map());
  return { units, folder, files };
}

/** The touched items as unit#id, with the units given evaluated (evidence and each item's reads). */
async function touched(
  dir: string,
  all: Profile[],
  changed: ChangedFile[],
  only?: 'candidates',
): Promise<{ untouched: number; outside: string[]; items: string[]; read: string[] }> {
  const { units, folder, files } = await checklist(dir, all);
  const read = only ? candidateUnits(units, folder, changed, DEFAULT_LAYOUT) : units;
  const reader = new EvidenceReader(files, undefined, nodeSyntax());
  const evaluated = await evaluateWithReads(read, () => reader);
  attachEvidence(units, evaluated.evidence);
  // As checkChange does: touchedItems over the units read, the others completed as untouched.
  const result = withUntouched(
    units,
    touchedItems({ units: read, folder, profiles: all, reads: evaluated.reads, changed, layout: DEFAULT_LAYOUT }),
  );
  return {
    untouched: result.units.filter((unit) => !unit.touched).length,
    outside: result.outside,
    items: result.units.flatMap((unit) => unit.items.map((item) => `${unit.unit.path}#${item.item.id}`)).sort(),
    read: read.map((unit) => `${unit.path}:${unit.ecosystem}`).sort(),
  };
}

describe('check --changed-since reads only the units a change can touch', function () {
  this.timeout(60_000);
  let dir: string;
  let all: Profile[];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-candidates-'));
    for (const [name, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    all = profiles();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cases: [string, ChangedFile[]][] = [
    ['a source file of one service', [{ path: 'services/orders/main.go', status: 'modified' }]],
    ['a file added to one service', [{ path: 'services/web/src/new.js', status: 'added' }]],
    ['a manifest', [{ path: 'services/billing/go.mod', status: 'modified' }]],
    ['a lockfile deleted', [{ path: 'services/orders/go.sum', status: 'deleted' }]],
    ['the CI workflow', [{ path: '.github/workflows/ci.yml', status: 'modified' }]],
    ['a local composite action', [{ path: '.github/actions/setup/action.yml', status: 'modified' }]],
    ['the root Makefile CI runs', [{ path: 'Makefile', status: 'modified' }]],
    ['a file outside every unit', [{ path: 'README.md', status: 'modified' }]],
    [
      'a file renamed from one service to another',
      [{ path: 'services/billing/util.go', status: 'renamed', from: 'services/orders/util.go' }],
    ],
  ];
  for (const [what, changed] of cases) {
    it(`${what}: the same touched items as with every unit evaluated`, async () => {
      const everything = await touched(dir, all, changed);
      const candidates = await touched(dir, all, changed, 'candidates');
      assert.deepStrictEqual(candidates.items, everything.items);
      assert.deepStrictEqual([candidates.untouched, candidates.outside], [everything.untouched, everything.outside]);
    });
  }

  it('a decision file: the same touched item, and only its unit read', async () => {
    const { units } = await checklist(dir, all);
    const billing = units.find((unit) => unit.path === 'services/billing')!;
    const changed: ChangedFile[] = [{ path: entryPath(DEFAULT_LAYOUT, billing.items[0].reviewKey), status: 'added' }];
    const everything = await touched(dir, all, changed);
    const candidates = await touched(dir, all, changed, 'candidates');
    assert.deepStrictEqual(candidates.items, everything.items);
    assert.deepStrictEqual(candidates.items, [`services/billing#${billing.items[0].id}`]);
    assert.deepStrictEqual(candidates.read, ['services/billing:go']);
  });

  it('a source file of one service reads that service alone; the CI workflow reads every unit', async () => {
    const one = await touched(dir, all, [{ path: 'services/orders/main.go', status: 'modified' }], 'candidates');
    assert.deepStrictEqual(one.read, ['services/orders:go']);
    assert.ok(one.items.length > 0 && one.items.every((item) => item.startsWith('services/orders#')), one.items.join(', '));
    const ci = await touched(dir, all, [{ path: '.github/workflows/ci.yml', status: 'modified' }], 'candidates');
    const { units } = await checklist(dir, all);
    assert.strictEqual(ci.read.length, units.filter((unit) => unit.items.some((item) => item.probe)).length);
  });
});
