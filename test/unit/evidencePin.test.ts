import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import {
  DEFAULT_EVIDENCE_LIMITS,
  EvidenceReader,
  evaluateUnit,
  locationText,
  type EvidenceItem,
  type EvidenceLimits,
  type UnitEvidence,
} from '../../src/core/evidence/evaluate';
import { mapBounded, outsideError, type DirEntry, type FileSystem, type ReadOptions } from '../../src/core/fileSystem';
import { loadProfiles } from '../../src/core/profiles/loader';
import { checklistItems, type Profile } from '../../src/core/profiles/model';
import type { FixtureCase } from './evidenceFixtures';
import { MemoryFileSystem } from './memoryFileSystem';
import { PROFILES_DIR, REPO } from './treeHelper';

/**
 * Pins every result of every built-in probe on one monorepo-shaped tree, evaluated as the
 * extension does it (one reader for the folder, units four at a time), so a change to how the
 * walks and reads are done cannot change a status, a location, a reason or what a unit read.
 * `UPDATE_EVIDENCE_PIN=1` rewrites the pinned text; only do that for an intended change of results.
 */
const PIN = path.join(REPO, 'test', 'fixtures', 'evidence-pin.txt');

/** MemoryFileSystem with symbolic links: listed as links, never readable (their target is outside). */
class LinkedFileSystem implements FileSystem {
  private readonly memory: MemoryFileSystem;
  constructor(
    files: Record<string, string>,
    private readonly links: Record<string, 'file' | 'directory'>,
  ) {
    this.memory = new MemoryFileSystem(files);
  }

  async readDirectory(dir: string): Promise<DirEntry[]> {
    const prefix = dir === '.' || dir === '' ? '' : `${dir}/`;
    const entries = await this.memory.readDirectory(dir).catch(() => [] as DirEntry[]);
    for (const [link, kind] of Object.entries(this.links)) {
      if (link.startsWith(prefix) && !link.slice(prefix.length).includes('/'))
        entries.push({ name: link.slice(prefix.length), kind, symlink: true });
    }
    return entries;
  }

  async readFile(file: string, options?: ReadOptions): Promise<Uint8Array> {
    if (this.links[file]) throw outsideError(file, 'the folder');
    return this.memory.readFile(file, options);
  }
}

function builtInProfiles(): Profile[] {
  return loadProfiles(fs.readdirSync(PROFILES_DIR).map((name) => ({ file: name, bytes: fs.readFileSync(path.join(PROFILES_DIR, name)) })))
    .profiles;
}

/**
 * Each profile's fixtures as a unit of one monorepo: its "found" files under `<profile>/`, its
 * "missing" files under `<profile>/missing/` (a unit inside a unit), the Go and TypeScript
 * fixtures' CI files at the root as well; then traps and bulk for the bounds.
 */
function monorepo(profiles: Profile[]): { files: Record<string, string>; links: Record<string, 'file' | 'directory'>; units: string[] } {
  const files: Record<string, string> = {};
  const units = ['.'];
  const put = (file: string, content: string) => {
    if (!(file in files)) files[file] = content;
  };
  for (const profile of profiles) {
    const fixtures = (parse(fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'evidence', `${profile.id}.yaml`), 'utf8')) ??
      {}) as Record<string, { found?: FixtureCase | FixtureCase[]; missing?: FixtureCase | FixtureCase[] }>;
    for (const fixture of Object.values(fixtures)) {
      for (const [expected, base] of [
        ['found', profile.id],
        ['missing', `${profile.id}/missing`],
      ] as const) {
        for (const fixtureCase of ([] as FixtureCase[]).concat(fixture[expected] ?? [])) {
          for (const [file, content] of Object.entries(fixtureCase.files ?? {})) {
            put(`${base}/${file}`, content);
            if (
              (profile.id === 'go' || profile.id === 'typescript') &&
              expected === 'found' &&
              /^(\.github|\.gitlab|Makefile|\.pre-commit)/.test(file)
            )
              put(file, content);
          }
        }
      }
      if (!units.includes(profile.id)) units.push(profile.id, `${profile.id}/missing`);
    }
  }
  // Traps: dependency and VCS folders hold matches that must never count.
  put('node_modules/x/.github/workflows/ci.yml', 'run: govulncheck\n');
  put('go/vendor/x/x_test.go', 'httptest.NewRecorder()\n');
  put('.git/hooks/Makefile', 'govulncheck\n');
  // Bulk: many matching files and folders, for the file and folder caps (tight limits below).
  for (let i = 0; i < 12; i++) {
    put(`go/internal/p${String(i).padStart(2, '0')}/p_test.go`, i % 5 === 4 ? 'package p\n\nvar _ = httptest.NewServer\n' : 'package p\n');
    put(`typescript/packages/p${i}/src/index.ts`, 'export {};\n');
    put(
      `.github/workflows/w${String(i).padStart(2, '0')}.yml`,
      i === 9 ? 'steps:\n  - run: go test -v -race ./...\n' : 'steps:\n  - run: make\n',
    );
  }
  // A file over the tight size cap that holds a match.
  put('.gitlab-ci.yml', `${'# padding\n'.repeat(60)}script: govulncheck ./...\n`);
  const links: Record<string, 'file' | 'directory'> = {
    '.github/workflows/linked.yml': 'file',
    'go/linked': 'directory',
    Justfile: 'file',
  };
  return { files, links, units };
}

const TIGHT: EvidenceLimits = {
  maxFileBytes: 400,
  maxFilesPerProbe: 3,
  maxDirectoriesPerProbe: 4,
  unitBudgetMs: 60_000,
  runBudgetMs: 600_000,
  maxLocations: 2,
};

/** One line per result and one per unit's reads: a diff of this text says what changed. */
function summarize(unit: string, items: readonly EvidenceItem[], evidence: UnitEvidence): string[] {
  const lines = items.map((item) => {
    const result = evidence.results.get(item.id)!;
    return `${unit} ${item.id} ${result.status}${result.locations.length ? ` ${result.locations.map(locationText).join(',')}` : ''}${result.reason ? ` (${result.reason})` : ''}`;
  });
  lines.push(`${unit} reads ${[...evidence.reads].sort().join(',')}`);
  return lines;
}

async function pinned(
  fileSystem: () => FileSystem,
  units: string[],
  itemsOf: (unit: string) => EvidenceItem[],
  limits: EvidenceLimits,
  shared: boolean,
): Promise<string[]> {
  const reader = new EvidenceReader(fileSystem(), limits);
  const byUnit = await mapBounded(units, 4, async (unit) => {
    const items = itemsOf(unit);
    return summarize(unit, items, await evaluateUnit(shared ? reader : new EvidenceReader(fileSystem(), limits), unit, items));
  });
  return byUnit.flat();
}

describe('evidence results on a monorepo (pinned)', () => {
  const profiles = builtInProfiles();
  const { files, links, units } = monorepo(profiles);
  const fileSystem = () => new LinkedFileSystem(files, links);
  const all: EvidenceItem[] = profiles.flatMap((profile) =>
    checklistItems(profile)
      // Code probes parse source files: test/unit/codeProbes.test.ts pins what they find.
      .filter((item) => item.evidence && !('code' in item.evidence))
      .map((item) => ({ id: item.id, evidence: item.evidence })),
  );
  // Every probe at the root; at a profile's units, that profile's probes.
  const itemsOf = (unit: string) => (unit === '.' ? all : all.filter((item) => item.id.startsWith(`${unit.split('/')[0]}.`)));

  it('gives the pinned statuses, locations, reasons and reads, under the default limits and tight ones', async () => {
    const text =
      [
        '# default limits',
        ...(await pinned(fileSystem, units, itemsOf, DEFAULT_EVIDENCE_LIMITS, true)),
        '# tight limits',
        ...(await pinned(fileSystem, units, itemsOf, TIGHT, true)),
      ].join('\n') + '\n';
    if (process.env.UPDATE_EVIDENCE_PIN) fs.writeFileSync(PIN, text);
    const expected = fs.readFileSync(PIN, 'utf8').split('\n');
    const actual = text.split('\n');
    const differing = actual.map((line, index) => [line, expected[index]]).filter(([line, want]) => line !== want);
    assert.deepStrictEqual(differing.slice(0, 10), [], `${differing.length} lines differ from ${PIN}`);
    assert.strictEqual(actual.length, expected.length);
  });

  it("gives each unit the same results whether the folder's reader is shared or the unit has its own", async () => {
    for (const limits of [DEFAULT_EVIDENCE_LIMITS, TIGHT]) {
      assert.deepStrictEqual(
        await pinned(fileSystem, units, itemsOf, limits, true),
        await pinned(fileSystem, units, itemsOf, limits, false),
      );
    }
  });

  it('gives the same results again from a reader that has read everything', async () => {
    for (const limits of [DEFAULT_EVIDENCE_LIMITS, TIGHT]) {
      const reader = new EvidenceReader(fileSystem(), limits);
      const run = async () =>
        (
          await mapBounded(units, 4, async (unit) => summarize(unit, itemsOf(unit), await evaluateUnit(reader, unit, itemsOf(unit))))
        ).flat();
      assert.deepStrictEqual(await run(), await run());
    }
  });
});
