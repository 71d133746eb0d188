import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { EvidenceReader } from '../../src/core/evidence/evaluate';
import { applicabilityOf } from '../../src/core/facts/condition';
import type { Applicability, ApplicabilityStatus } from '../../src/core/facts/model';
import { computeUnitFacts, probesFor } from '../../src/core/facts/unitFacts';
import { checklistItems, type Profile } from '../../src/core/profiles/model';
import { MemoryFileSystem } from './memoryFileSystem';

/**
 * Applicability fixtures: for every item of a built-in profile with appliesWhen, a tree where it
 * applies and one where it is not applicable (test/fixtures/applicability/<profile>.yaml).
 */
export interface ApplicabilityCase {
  files: Record<string, string>;
  /** The unit's root; '.' by default. */
  unit?: string;
  members?: string[];
  /** A file the not-applicable reason must name. */
  reason?: string;
}

type Expected = Extract<ApplicabilityStatus, 'applies' | 'not-applicable'>;

export function applicabilityFixturePath(repo: string, profileId: string): string {
  return path.join(repo, 'test', 'fixtures', 'applicability', `${profileId}.yaml`);
}

/** An item's applicability in a tree, through the same facts the CLI computes. */
export async function applicabilityIn(profile: Profile, itemId: string, fixtureCase: ApplicabilityCase): Promise<Applicability> {
  const item = checklistItems(profile).find((candidate) => candidate.id === itemId)!;
  const spec = profile.facts ?? {};
  const unit = fixtureCase.unit ?? '.';
  const facts = await computeUnitFacts(
    new EvidenceReader(new MemoryFileSystem(fixtureCase.files ?? {})),
    [unit, ...(fixtureCase.members ?? [])],
    spec,
    probesFor(spec, [item.appliesWhen]),
  );
  return applicabilityOf(item.appliesWhen, facts);
}

/** Every problem with a profile's applicability fixtures: a condition without both cases, a case with the wrong result. */
export async function checkApplicabilityFixtures(profile: Profile, file: string): Promise<{ item: string; message: string }[]> {
  const outcomes: { item: string; message: string }[] = [];
  const conditioned = checklistItems(profile).filter((item) => item.appliesWhen);
  const fixtures = fs.existsSync(file)
    ? ((parse(fs.readFileSync(file, 'utf8')) ?? {}) as Record<string, Partial<Record<Expected, ApplicabilityCase | ApplicabilityCase[]>>>)
    : {};
  const known = new Set(conditioned.map((item) => item.id));
  for (const id of Object.keys(fixtures))
    if (!known.has(id)) outcomes.push({ item: id, message: 'has fixtures but no appliesWhen in the profile' });
  for (const item of conditioned) {
    for (const expected of ['applies', 'not-applicable'] as const) {
      const given = fixtures[item.id]?.[expected];
      const cases = given === undefined ? [] : ([] as ApplicabilityCase[]).concat(given);
      if (cases.length === 0) outcomes.push({ item: item.id, message: `has no "${expected}" fixture` });
      for (const [index, fixtureCase] of cases.entries()) {
        const label = `${expected}${cases.length > 1 ? `[${index}]` : ''}`;
        const result = await applicabilityIn(profile, item.id, fixtureCase);
        if (result.status !== expected)
          outcomes.push({
            item: item.id,
            message: `${label}: expected ${expected}, got ${result.status} (${result.reason ?? 'no reason'})`,
          });
        else if (expected === 'not-applicable' && !result.reason)
          outcomes.push({ item: item.id, message: `${label}: not applicable without a reason` });
        else if (fixtureCase.reason && !result.reason?.includes(fixtureCase.reason))
          outcomes.push({ item: item.id, message: `${label}: the reason should name ${fixtureCase.reason}: ${result.reason}` });
      }
    }
  }
  return outcomes;
}
