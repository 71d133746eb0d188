import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadProfiles } from '../../src/core/profiles/loader';
import { checklistItems, MAX_TITLE_LENGTH, type Profile } from '../../src/core/profiles/model';
import { BASELINE_SEVERITY, formatFinding, lintContent, MAX_REVIEW_AGE_MONTHS } from '../../src/core/profiles/contentLint';
import { SUPPORT_TABLE } from '../../src/core/profiles/supportTable';
import { PROFILES_DIR, REPO } from './treeHelper';

const builtIns = (): Profile[] =>
  loadProfiles(fs.readdirSync(PROFILES_DIR).map((name) => ({ file: name, bytes: fs.readFileSync(path.join(PROFILES_DIR, name)) })))
    .profiles;

describe('guidance content', () => {
  const profiles = builtIns();

  it('every page passes the content lint: sources, dates, baseline, severities, evidence share, adoption sources', () => {
    assert.deepStrictEqual(lintContent(profiles).map(formatFinding), []);
  });

  it('every page was reviewed within the last 6 months (the date the test runs, not a fixed one)', () => {
    for (const profile of profiles) {
      const [year, month] = profile.reviewed!.split('-').map(Number);
      const now = new Date();
      const age = (now.getUTCFullYear() - year) * 12 + (now.getUTCMonth() + 1 - month);
      assert.ok(age <= MAX_REVIEW_AGE_MONTHS, `${profile.id} reviewed ${profile.reviewed}`);
    }
  });

  it('the same kind of baseline check has the same severity on every page, or says why not', () => {
    for (const item of profiles.flatMap(checklistItems)) {
      if (item.baseline && !item.severityWhy) assert.strictEqual(item.severity, BASELINE_SEVERITY[item.baseline], item.id);
    }
  });

  it('every link of every item and adoption value is https', () => {
    for (const profile of profiles) {
      for (const item of checklistItems(profile)) for (const link of item.links ?? []) assert.match(link, /^https:\/\//, item.id);
      for (const entry of Object.values(profile.adoption.sources?.stackoverflow ?? {})) assert.match(entry.link, /^https:\/\//, profile.id);
    }
  });

  it("the README's table of when each page was last checked matches every page's reviewed month and the support table's day", () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const heading = '### When each page was last checked';
    assert.ok(readme.includes(heading), `README.md has no "${heading}" section`);
    const section = readme.slice(readme.indexOf(heading) + heading.length).split(/\n#{2,3} /)[0];
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| Page |') && !line.startsWith('| ---'))
      .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, '').trim()));
    const months = new Map(rows.map(([page, reviewed]) => [page, reviewed]));
    assert.strictEqual(months.size, rows.length, 'a page has two rows');
    for (const row of rows) assert.ok(row.length === 3 && row[2].length > 0, `row "${row[0]}" says what was checked`);
    const expected = new Map(profiles.map((profile) => [profile.name, profile.reviewed]));
    expected.set('Support table', SUPPORT_TABLE.reviewed);
    assert.deepStrictEqual([...months].sort(), [...expected].sort());
  });

  it("the README's counts of built-in probes and conditions are the profiles' counts", () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const items = profiles.flatMap(checklistItems);
    const probed = items.filter((item) => item.evidence).length;
    const lowest = Math.min(
      ...profiles.map((profile) => checklistItems(profile).filter((item) => item.evidence).length / checklistItems(profile).length),
    );
    const probes = readme.match(
      /\*\*Built-in probes\*\*: (\d+) of the (\d+) built-in items \((\d+) %\) carry one, at least (\d+) % on every page/,
    );
    assert.ok(probes, 'README.md states the built-in probes');
    assert.deepStrictEqual(probes.slice(1).map(Number), [
      probed,
      items.length,
      Math.round((100 * probed) / items.length),
      Math.floor(100 * lowest),
    ]);
    const withConditions = profiles.filter((profile) => checklistItems(profile).some((item) => item.appliesWhen));
    const conditions = readme.match(/\*\*Built-in conditions\*\*: (\d+) of the (\d+) items carry one, on (\d+) pages/);
    assert.ok(conditions, 'README.md states the built-in conditions');
    assert.deepStrictEqual(conditions.slice(1).map(Number), [
      items.filter((item) => item.appliesWhen).length,
      items.length,
      withConditions.length,
    ]);
  });

  describe('the lint catches', () => {
    const go = () => JSON.parse(JSON.stringify(profiles.find((profile) => profile.id === 'go'))) as Profile;
    const only = (profile: Profile, today = new Date('2026-11-29T00:00:00Z')) => lintContent([profile], today).map(formatFinding);

    it('an item without why or source', () => {
      const page = go();
      const item = page.checklist.delivery![0];
      delete item.why;
      item.links = [];
      assert.deepStrictEqual(
        only(page).filter((finding) => finding.includes(item.id)),
        [`go ${item.id}: has no "why"`, `go ${item.id}: has no source link`],
      );
    });

    it('an item without a title, a title ending with a period, and two items of a page with one title', () => {
      const page = go();
      const [first, second, third] = page.checklist.delivery!;
      delete first.title;
      second.title = 'Supported Go release in go.mod and CI.';
      third.title = page.checklist.quality![0].title!.toUpperCase();
      assert.deepStrictEqual(
        only(page).filter((finding) => finding.includes('title')),
        [
          `go ${first.id}: has no "title": the tree and compact reports show its whole text cut short`,
          `go ${second.id}: title "Supported Go release in go.mod and CI." ends with a period or a space`,
          `go ${page.checklist.quality![0].id}: has the title "${page.checklist.quality![0].title}" of ${third.id}; titles tell a page's items apart`,
        ],
      );
    });

    it('every built-in title fits the schema and the tree: at most 48 characters, the schema says the same', () => {
      const schema = JSON.parse(fs.readFileSync(path.join(PROFILES_DIR, '../src/core/profiles/profile.schema.json'), 'utf8')) as {
        definitions: { items: { items: { properties: { title: { maxLength: number } } } } };
      };
      assert.strictEqual(schema.definitions.items.items.properties.title.maxLength, MAX_TITLE_LENGTH);
      for (const item of profiles.flatMap(checklistItems)) assert.ok(item.title && item.title.length <= MAX_TITLE_LENGTH, item.id);
    });

    it('a page older than 6 months, and one from the future', () => {
      const page = go();
      page.reviewed = '2026-05';
      assert.ok(!only(page).some((finding) => finding.includes('months ago')), 'six months is still recent enough');
      page.reviewed = '2026-04';
      assert.ok(only(page).includes('go: was reviewed 2026-04, 7 months ago; check its facts again and update "reviewed"'));
      page.reviewed = '2027-01';
      assert.ok(only(page).includes('go: "reviewed: 2027-01" is in the future'));
    });

    it('a baseline kind missing, and a baseline item rated off the rubric', () => {
      const page = go();
      const lockfile = checklistItems(page).find((item) => item.baseline === 'lockfile')!;
      const runtime = checklistItems(page).find((item) => item.baseline === 'runtime')!;
      for (const group of ['delivery', 'risks', 'quality'] as const) {
        for (const item of page.checklist[group] ?? []) {
          if (item.id === lockfile.id) delete item.baseline;
          if (item.id === runtime.id) item.severity = 'low';
        }
      }
      const findings = only(page);
      assert.ok(findings.includes('go: has no "lockfile" baseline item'), findings.join('\n'));
      assert.ok(
        findings.includes(
          `go ${runtime.id}: is a runtime check rated low; that kind is high on every page unless "severityWhy" says why not`,
        ),
        findings.join('\n'),
      );
    });

    it('too few probes, and adoption without sources', () => {
      const page = go();
      for (const group of ['delivery', 'risks', 'quality'] as const) for (const item of page.checklist[group] ?? []) delete item.evidence;
      delete page.adoption.sources;
      const findings = only(page);
      assert.ok(
        findings.some((finding) => /^go: 0 of \d+ items carry evidence probes; at least 40 % should$/.test(finding)),
        findings.join('\n'),
      );
      assert.ok(findings.includes('go: adoption has no sources: give raw yearly values with their links'));
    });
  });
});
