import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { aggregate, parseCheckReport } from '../../src/core/aggregate/aggregate';
import { DetectionCache } from '../../src/core/detect/detectionCache';
import { detectFolder } from '../../src/core/detect/detector';
import { buildHistory, type ReviewHistory } from '../../src/core/history/history';
import { loadProfiles } from '../../src/core/profiles/loader';
import { lastMilestone, renderTrend, trendPoints, type TrendPoint } from '../../src/core/page/trend';
import { fixedClock } from '../../src/core/review/expiry';
import { DEFAULT_LAYOUT } from '../../src/core/review/reviewData';
import { readGitHistory } from '../../src/node/history';
import { NodeFileSystem } from '../../src/node/nodeFileSystem';
import { cliAt, GO_HIGH, GO_ITEMS, GO_SERVICE } from './cliHelper';
import { makeTree, PROFILES_DIR } from './treeHelper';

const go = loadProfiles([{ file: 'go.yaml', bytes: fs.readFileSync(path.join(PROFILES_DIR, 'go.yaml')) }]).profiles[0];

const point = (date: string, done: number, openHigh: number, milestone: string | null = null): TrendPoint => ({
  commit: `${date.replace(/-/g, '')}0000`.padEnd(40, 'a'),
  date: `${date}T12:00:00Z`,
  milestone,
  done,
  total: 20,
  openHigh,
});

const count = (html: string, pattern: RegExp) => (html.match(pattern) ?? []).length;

describe('the reference page trend (review over time)', () => {
  it('draws done and open high per point, with a table of the same points for screen readers', () => {
    const html = renderTrend({
      trend: {
        status: 'ready',
        points: [point('2026-01-10', 2, 6), point('2026-02-10', 5, 4, 'v1.0'), point('2026-04-01', 9, 1, '<b>v2</b>')],
      },
    }).value;
    assert.strictEqual(count(html, /<circle class="trend-done-point"/g), 3);
    assert.strictEqual(count(html, /<circle class="trend-open-high-point"/g), 3);
    assert.strictEqual(count(html, /<tr><th scope="row">/g), 3, 'one table row per point');
    assert.match(html, /<tr><th scope="row">2026-02-10<\/th><td>202602100000<\/td><td>v1\.0<\/td><td>5\/20<\/td><td>4<\/td><\/tr>/);
    assert.strictEqual(count(html, /<line class="milestone"/g), 2);
    // Repository text (a tag name) is escaped, never markup.
    assert.ok(!html.includes('<b>v2</b>'));
    assert.match(html, /&lt;b&gt;v2&lt;\/b&gt;/);
    // The first point is at the left edge, the last at the right: x follows the dates.
    const xs = [...html.matchAll(/<circle class="trend-done-point" cx="([\d.]+)"/g)].map((match) => Number(match[1]));
    assert.deepStrictEqual([xs[0], xs[2]], [44, 616]);
    assert.ok(xs[1] > xs[0] && xs[1] < xs[2]);
  });

  it('one point sits in the middle; no point says so and draws no chart', () => {
    const one = renderTrend({ trend: { status: 'ready', points: [point('2026-03-01', 4, 2)] } }).value;
    assert.strictEqual(count(one, /<circle class="trend-done-point" cx="330\.0"/g), 1);
    assert.strictEqual(count(one, /<tr><th scope="row">/g), 1);
    const none = renderTrend({ trend: { status: 'ready', points: [] } }).value;
    assert.ok(!none.includes('<svg'));
    assert.match(none, /No commit has changed this unit's review yet\./);
  });

  it('says why there is no history, shows the pending state, the review-by day and overdue', () => {
    const web = renderTrend({ trend: { status: 'unavailable', reason: 'History needs git: not available here.' } }).value;
    assert.match(web, /<p class="trend-note">History needs git: not available here\.<\/p>/);
    assert.ok(!web.includes('<svg'));
    assert.match(renderTrend({ trend: { status: 'pending' } }).value, /data-trend="pending"[\s\S]*Reading the review's history/);
    const overdue = renderTrend({ reviewBy: '2026-05-01', overdue: true, trend: { status: 'pending' } }).value;
    assert.match(
      overdue,
      /<p class="review-by overdue">Review by <time datetime="2026-05-01">2026-05-01<\/time> — <strong>overdue<\/strong><\/p>/,
    );
    const limited = renderTrend({ trend: { status: 'ready', points: [point('2026-03-01', 4, 2)], limitedTo: 200 } }).value;
    assert.match(limited, /the newest 200 commits that changed the review/);
  });

  it('a unit series and its last milestone come from the history', () => {
    const unit = (done: number) => ({
      path: '.',
      ecosystem: 'go',
      done,
      total: 20,
      openHigh: 3,
      accepted: 0,
      notApplicable: 0,
      stale: 0,
      evidenceLost: 0,
      expired: 0,
    });
    const history: ReviewHistory = {
      problems: [],
      entries: [
        { commit: 'a', date: '2026-01-01T00:00:00Z', milestone: 'v1.0, v1.1', units: [unit(2)] },
        { commit: 'b', date: '2026-02-01T00:00:00Z', milestone: null, units: [unit(4), { ...unit(9), path: 'other' }] },
      ],
    };
    const points = trendPoints(history, { path: '.', ecosystem: 'go' });
    assert.deepStrictEqual(
      points.map((p) => [p.commit, p.done]),
      [
        ['a', 2],
        ['b', 4],
      ],
    );
    assert.deepStrictEqual(lastMilestone(points), { milestone: 'v1.1', done: 2 });
    assert.strictEqual(lastMilestone(points.slice(1)), undefined);
  });
});

/** A Go service in a git repository whose review grows over months, every commit dated (GIT_AUTHOR_DATE, GIT_COMMITTER_DATE). */
class DatedRepo {
  readonly dir = makeTree(GO_SERVICE);
  date = '2026-01-05T09:00:00Z';
  constructor() {
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.name', 'Ana');
    this.git('config', 'user.email', 'ana@example.com');
    this.git('config', 'commit.gpgsign', 'false');
    this.commit('init');
  }
  git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_DATE: this.date, GIT_COMMITTER_DATE: this.date },
    });
  }
  commit(message: string): void {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
  }
  async set(id: string, state: string, ...extra: string[]): Promise<void> {
    const result = await cliAt(fixedClock(this.date), this.dir, 'review', 'set', id, '.', '--state', state, '--by', 'Ana', ...extra);
    assert.strictEqual(result.code, 0, result.stderr);
  }
}

describe('review over time agrees: history, the page trend and aggregate of check', function () {
  this.timeout(120_000);

  it('a few months of generated review history: the last point is the same done and open high in all three', async () => {
    const repo = new DatedRepo();
    const ids = GO_HIGH.map((item) => item.id);
    // Two items a fortnight, an accepted risk that expires, a tag at two releases.
    const days = ['2026-01-19', '2026-02-02', '2026-02-16', '2026-03-02', '2026-03-16', '2026-03-30', '2026-04-13', '2026-04-27'];
    for (let i = 0; i < days.length; i++) {
      repo.date = `${days[i]}T09:00:00Z`;
      const id = ids[i % ids.length];
      if (i === 2) await repo.set(id, 'accepted', '--note', 'legacy client', '--owner', 'Bo', '--until', '2026-03-01');
      else if (i === 4) await repo.set(ids[0], 'open');
      else await repo.set(id, i === 5 ? 'n/a' : 'done', ...(i === 5 ? ['--note', 'no server here'] : []));
      repo.commit(`review ${i}`);
      if (i === 3) repo.git('tag', 'v1.0');
      if (i === 6) repo.git('tag', '-a', '-m', 'release', 'v1.1');
    }
    const last = repo.date;
    const clock = fixedClock(last);

    const cli = await cliAt(clock, repo.dir, 'history', '.', '--no-evidence');
    assert.strictEqual(cli.code, 0, cli.stderr);
    const entries = (
      JSON.parse(cli.stdout) as {
        entries: { date: string; milestone: string | null; units: { done: number; openHigh: number; expired: number }[] }[];
      }
    ).entries;
    assert.strictEqual(entries.length, days.length);
    assert.ok(
      entries.some((entry) => entry.units[0].expired === 1),
      'the accepted risk expired on its way',
    );
    const fromHistory = entries[entries.length - 1].units[0];

    // The page's trend: the editor's path (git bounded to the newest commits, today's detection, trendPoints).
    const log = await readGitHistory(repo.dir, DEFAULT_LAYOUT, { maxCommits: 200 });
    const detection = { folders: [await detectFolder(new DetectionCache(new NodeFileSystem(repo.dir)), 'repo')] };
    const points = trendPoints(buildHistory({ ...log, detection, profiles: [go] }), { path: '.', ecosystem: 'go' });
    const fromPage = points[points.length - 1];
    assert.strictEqual(points.length, days.length);
    assert.deepStrictEqual(lastMilestone(points)?.milestone, 'v1.1');

    const check = await cliAt(clock, repo.dir, 'check', '.', '--format', 'json');
    const parsed = parseCheckReport(check.stdout, 'repo.json');
    assert.ok(parsed.ok);
    const fromAggregate = aggregate([parsed.report]).repositories[0].units[0];

    assert.deepStrictEqual([fromPage.done, fromPage.openHigh], [fromHistory.done, fromHistory.openHigh]);
    assert.deepStrictEqual([fromAggregate.done, fromAggregate.openHigh], [fromHistory.done, fromHistory.openHigh]);
    assert.strictEqual(fromPage.total, GO_ITEMS);
    assert.ok(fromHistory.done > 0 && fromHistory.openHigh > 0);
  });

  it('a bounded read starts from the review before its first commit: the same counts as the whole history', async () => {
    const repo = new DatedRepo();
    for (let i = 0; i < 5; i++) {
      repo.date = `2026-02-${String(2 + i * 3).padStart(2, '0')}T09:00:00Z`;
      await repo.set(GO_HIGH[i % GO_HIGH.length].id, 'done');
      repo.commit(`tick ${i}`);
    }
    const detection = { folders: [await detectFolder(new DetectionCache(new NodeFileSystem(repo.dir)), 'repo')] };
    const series = async (maxCommits?: number) =>
      trendPoints(buildHistory({ ...(await readGitHistory(repo.dir, DEFAULT_LAYOUT, { maxCommits })), detection, profiles: [go] }), {
        path: '.',
        ecosystem: 'go',
      });
    const all = await series();
    const newest = await series(2);
    assert.strictEqual(all.length, 5);
    assert.deepStrictEqual(newest, all.slice(-2));
  });
});
