import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { EvidenceReader, evaluateUnit, locationText } from '../../src/core/evidence/evaluate';
import { leafProbes } from '../../src/core/evidence/probe';
import { checklistItems, type Profile } from '../../src/core/profiles/model';
import { MemoryFileSystem } from './memoryFileSystem';

/**
 * Evidence fixtures: for every probe of a built-in profile, a tree that makes it found and one
 * that makes it missing (test/fixtures/evidence/<profile>.yaml).
 */
export interface FixtureCase {
  files: Record<string, string>;
  /** The unit's root relative to the folder; '.' by default. */
  unit?: string;
  /** A location the found result must include: "path" or "path:line". */
  expect?: string;
}

export interface FixtureOutcome {
  item: string;
  message: string;
}

export function fixturePath(repo: string, profileId: string): string {
  return path.join(repo, 'test', 'fixtures', 'evidence', `${profileId}.yaml`);
}

/**
 * Every problem with a profile's evidence fixtures: a probe without both cases, a case with the
 * wrong result. A probe holding a version probe also needs an "unsupported" case: the near miss
 * that declares a release past its support.
 */
export async function checkEvidenceFixtures(profile: Profile, file: string): Promise<FixtureOutcome[]> {
  const outcomes: FixtureOutcome[] = [];
  // Code probes have fixtures of their own (test/unit/code/, run by codeProbes.test.ts).
  const probed = checklistItems(profile).filter((item) => item.evidence && !('code' in item.evidence));
  const fixtures = fs.existsSync(file)
    ? ((parse(fs.readFileSync(file, 'utf8')) ?? {}) as Record<
        string,
        {
          found?: FixtureCase | FixtureCase[];
          missing?: FixtureCase | FixtureCase[];
          unsupported?: FixtureCase | FixtureCase[];
          'not-gating'?: FixtureCase | FixtureCase[];
        }
      >)
    : {};
  const known = new Set(probed.map((item) => item.id));
  for (const id of Object.keys(fixtures))
    if (!known.has(id)) outcomes.push({ item: id, message: 'has fixtures but no probe in the profile' });
  for (const item of probed) {
    const fixture = fixtures[item.id];
    const versioned = leafProbes(item.evidence!).some((leaf) => 'version' in leaf);
    // `unsupported` is required of a version probe; `not-gating` (a run probe's command that runs
    // but cannot fail) is optional: a near miss of its own.
    for (const expected of ['found', 'missing', 'unsupported', 'not-gating'] as const) {
      const cases = fixture?.[expected] === undefined ? [] : ([] as FixtureCase[]).concat(fixture[expected]);
      if (cases.length === 0 && (expected === 'found' || expected === 'missing' || (expected === 'unsupported' && versioned)))
        outcomes.push({ item: item.id, message: `has no "${expected}" fixture` });
      for (const [index, fixtureCase] of cases.entries()) {
        const label = `${expected}${cases.length > 1 ? `[${index}]` : ''}`;
        const reader = new EvidenceReader(new MemoryFileSystem(fixtureCase.files ?? {}));
        const { results } = await evaluateUnit(reader, fixtureCase.unit ?? '.', [item]);
        const result = results.get(item.id)!;
        if (result.status !== expected) {
          outcomes.push({
            item: item.id,
            message: `${label}: expected ${expected}, got ${result.status}${result.reason ? ` (${result.reason})` : ''}${result.locations.length ? ` at ${result.locations.map(locationText).join(', ')}` : ''}`,
          });
        } else if (
          fixtureCase.expect &&
          !result.locations.some((location) => locationText(location) === fixtureCase.expect || location.path === fixtureCase.expect)
        ) {
          outcomes.push({
            item: item.id,
            message: `${label}: expected a location ${fixtureCase.expect}, got ${result.locations.map(locationText).join(', ')}`,
          });
        }
      }
    }
  }
  return outcomes;
}
