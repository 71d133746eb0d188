import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { assignMilestones, csvCell } from '../../src/core/history/history';
import { parseDay } from '../../src/node/historyCommand';
import { checklistItems } from '../../src/core/profiles/model';
import { emptyLegacyReview, serializeLegacyReview, textHash, withLegacyEntry } from '../../src/core/review/legacy/legacyFile';
import { loadProfiles } from '../../src/core/profiles/loader';
import { cliIn, GO_HIGH, GO_ITEMS } from './cliHelper';
import { makeTree, PROFILES_DIR } from './treeHelper';

const go = loadProfiles([{ file: 'go.yaml', bytes: fs.readFileSync(path.join(PROFILES_DIR, 'go.yaml')) }]).profiles[0];
const HIGH = GO_HIGH.map((item) => item.id);

interface Unit {
  path: string;
  ecosystem: string;
  done: number;
  total: number;
  openHigh: number;
  accepted: number;
  notApplicable: number;
  stale: number;
  evidenceLost: number;
  expired: number;
}
interface Entry {
  commit: string;
  date: string;
  milestone: string | null;
  units: Unit[];
}

/** A git repository with a Go module, commits dated one day apart from 2026-01-01 so dates are fixed. */
class Repo {
  readonly dir = makeTree({ 'go.mod': 'module example.com/x\n' });
  private day = 0;
  constructor() {
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.name', 'Ana');
    this.git('config', 'user.email', 'ana@example.com');
    this.git('config', 'commit.gpgsign', 'false');
    this.commit('init');
  }
  git(...args: string[]): string {
    const date = `2026-01-${String(1 + this.day).padStart(2, '0')}T12:00:00Z`;
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
  }
  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    this.day++;
    return this.git('rev-parse', 'HEAD').trim();
  }
  async set(id: string, state: string, ...extra: string[]): Promise<void> {
    const result = await cliIn(this.dir, 'review', 'set', id, '.', '--state', state, '--by', 'Ana', ...extra);
    assert.strictEqual(result.code, 0, result.stderr);
  }
  async history(...args: string[]): Promise<{ entries: Entry[]; stdout: string; stderr: string }> {
    const result = await cliIn(this.dir, 'history', '.', ...args);
    assert.strictEqual(result.code, 0, result.stderr);
    return {
      ...(args.includes('--format') ? { entries: [] } : (JSON.parse(result.stdout) as { entries: Entry[] })),
      stdout: result.stdout,
      stderr: result.stderr,
    };
  }
}

describe('stack-guide history (real git repositories)', function () {
  this.timeout(60_000);

  it('one entry per commit that changed the review, oldest first, with counts, milestones and a revert', async () => {
    const repo = new Repo();
    await repo.set(HIGH[0], 'done');
    const first = repo.commit('tick');
    repo.git('tag', 'v1.0');
    await repo.set(HIGH[1], 'accepted', '--note', 'legacy client', '--owner', 'Bo');
    const second = repo.commit('accept');
    fs.writeFileSync(path.join(repo.dir, 'README.md'), 'unrelated\n');
    repo.commit('readme');
    repo.git('tag', '-a', '-m', 'release', 'v1.1'); // an annotated tag on a commit that left the review alone
    await repo.set(HIGH[0], 'n/a', '--note', 'no network');
    const third = repo.commit('change');
    repo.git('revert', '--no-edit', 'HEAD');
    const reverted = repo.git('rev-parse', 'HEAD').trim();

    const { entries, stdout } = await repo.history();
    assert.deepStrictEqual(
      entries.map((entry) => [entry.commit, entry.milestone]),
      [
        [first, 'v1.0'],
        [second, 'v1.1'],
        [third, null],
        [reverted, null],
      ],
    );
    assert.strictEqual(entries[0].date, '2026-01-02T12:00:00Z'.replace('Z', '+00:00'));
    const unit = (i: number) => entries[i].units[0];
    assert.deepStrictEqual(unit(0), {
      path: '.',
      ecosystem: 'go',
      done: 1,
      total: GO_ITEMS,
      openHigh: HIGH.length - 1,
      accepted: 0,
      notApplicable: 0,
      stale: 0,
      evidenceLost: 0,
      expired: 0,
    });
    assert.deepStrictEqual([unit(1).done, unit(1).accepted, unit(1).openHigh], [1, 1, HIGH.length - 2]);
    assert.deepStrictEqual([unit(2).done, unit(2).notApplicable], [1, 1]);
    // The revert brings back the state of the second entry.
    assert.deepStrictEqual(unit(3), unit(1));
    // Deterministic: the same bytes twice.
    assert.strictEqual((await repo.history()).stdout, stdout);

    const since = await repo.history('--since', '2026-01-04');
    assert.deepStrictEqual(
      since.entries.map((entry) => entry.commit),
      [third, reverted],
    );
    const csv = (await repo.history('--format', 'csv')).stdout.split('\n');
    assert.match(csv[0], /^commit,date,milestone,unit,ecosystem,done,total,openHigh,accepted,notApplicable,stale,evidenceLost,expired$/);
    assert.strictEqual(csv[1], `${first},2026-01-02T12:00:00+00:00,v1.0,.,go,1,${GO_ITEMS},${HIGH.length - 1},0,0,0,0,0`);
    assert.match((await repo.history('--format', 'markdown')).stdout, /\| 2026-01-02 \| `[0-9a-f]{12}` \| v1\.0 \| 1\/\d+ \|/);
  });

  it('a rename of the review folder is no change, and the history before it is still read', async () => {
    const repo = new Repo();
    await repo.set(HIGH[0], 'done', '--review-folder', 'docs/review');
    await repo.set(HIGH[1], 'done', '--review-folder', 'docs/review');
    const first = repo.commit('ticks in docs/review');
    fs.mkdirSync(path.join(repo.dir, '.stackguide'), { recursive: true });
    repo.git('mv', 'docs/review', '.stackguide/review');
    repo.commit('move the review folder');
    await repo.set(HIGH[2], 'done');
    const third = repo.commit('tick');
    const { entries } = await repo.history();
    assert.deepStrictEqual(
      entries.map((entry) => [entry.commit, entry.units[0].done]),
      [
        [first, 2],
        [third, 3],
      ],
    );
  });

  it('reads a version-1 history and its migration to the review folder', async () => {
    const repo = new Repo();
    const [a, b] = checklistItems(go).filter((item) => item.severity === 'high');
    let data = withLegacyEntry(emptyLegacyReview(), '.', a.id, {
      state: 'done',
      by: 'Ana',
      at: '2025-06-01T00:00:00Z',
      textHash: textHash(a.text),
    });
    fs.mkdirSync(path.join(repo.dir, '.stackguide'));
    fs.writeFileSync(path.join(repo.dir, '.stackguide/review.yaml'), serializeLegacyReview(data));
    const v1 = repo.commit('version 1');
    data = withLegacyEntry(data, '.', b.id, { state: 'done', by: 'Ana', at: '2025-06-02T00:00:00Z', textHash: 'deadbeef' }); // ticked on an older text: stale
    fs.writeFileSync(path.join(repo.dir, '.stackguide/review.yaml'), serializeLegacyReview(data));
    const v1b = repo.commit('version 1, second tick');
    await repo.set(HIGH[2], 'done'); // migrates: writes the folder, removes the version-1 file
    assert.ok(!fs.existsSync(path.join(repo.dir, '.stackguide/review.yaml')));
    const migrated = repo.commit('migrate');
    const { entries } = await repo.history();
    assert.deepStrictEqual(
      entries.map((entry) => [entry.commit, entry.units[0].done, entry.units[0].stale]),
      [
        [v1, 1, 0],
        [v1b, 1, 1],
        [migrated, 2, 1],
      ],
    );
  });

  it('a commit with an unreadable review is named and left out; a merge counts on the first-parent line', async () => {
    const repo = new Repo();
    await repo.set(HIGH[0], 'done');
    const first = repo.commit('tick');
    const file = path.join(repo.dir, '.stackguide/review', `${HIGH[0]}.yaml`);
    fs.writeFileSync(file, '<<<<<<< ours\nstate: done\n=======\nstate: open\n>>>>>>> theirs\n');
    const broken = repo.commit('a committed conflict');
    await repo.set(HIGH[0], 'done', '--note', 'fixed').catch(() => undefined);
    fs.rmSync(file);
    await repo.set(HIGH[0], 'done');
    repo.commit('repaired');
    repo.git('checkout', '-q', '-b', 'side');
    await repo.set(HIGH[1], 'done');
    repo.commit('side tick');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', '-m', 'merge side', 'side');
    const merge = repo.git('rev-parse', 'HEAD').trim();
    const { entries, stderr } = await repo.history();
    assert.match(
      stderr,
      new RegExp(
        `commit ${broken.slice(0, 12)}: \\.stackguide/review/${HIGH[0].replace(/\./g, '\\.')}\\.yaml:1:1: the file contains merge-conflict markers; that commit is left out`,
      ),
    );
    assert.strictEqual(entries[0].commit, first);
    assert.ok(!entries.some((entry) => entry.commit === broken));
    assert.strictEqual(entries[entries.length - 1].commit, merge);
    assert.strictEqual(entries[entries.length - 1].units[0].done, 2);
  });

  it('refuses a folder outside git and a bad date, exit 2', async () => {
    const dir = makeTree({ 'go.mod': '' });
    const outside = await cliIn(dir, 'history', '.');
    assert.strictEqual(outside.code, 2);
    assert.match(outside.stderr, /not in a git repository/);
    const repo = new Repo();
    const bad = await cliIn(repo.dir, 'history', '.', '--since', '2026-02-30');
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /--since must be a day as YYYY-MM-DD/);
    assert.deepStrictEqual(JSON.parse((await cliIn(repo.dir, 'history', '.')).stdout), { entries: [] });
  });

  it('reads a folder inside the repository: its review folder is under it', async () => {
    const repo = new Repo();
    fs.mkdirSync(path.join(repo.dir, 'svc'));
    fs.writeFileSync(path.join(repo.dir, 'svc/go.mod'), 'module example.com/svc\n');
    repo.commit('a service');
    const svc = path.join(repo.dir, 'svc');
    assert.strictEqual((await cliIn(svc, 'review', 'set', HIGH[0], '.', '--state', 'done', '--by', 'Ana')).code, 0);
    const tick = repo.commit('tick in svc');
    const { stdout, code, stderr } = await cliIn(svc, 'history', '.', '--no-evidence');
    assert.strictEqual(code, 0, stderr);
    const { entries } = JSON.parse(stdout) as { entries: Entry[] };
    assert.deepStrictEqual(
      entries.map((entry) => [entry.commit, entry.units[0].done]),
      [[tick, 1]],
    );
  });

  it('milestones, days and CSV cells', () => {
    const tags = new Map([
      ['a', ['t0']],
      ['b', ['t1b', 't1a']],
      ['d', ['t2']],
    ]);
    assert.deepStrictEqual(
      [...assignMilestones(['a', 'b', 'c', 'd'], new Set(['b', 'c']), tags)],
      [
        ['b', 't1a, t1b'],
        ['c', 't2'],
      ],
    );
    assert.strictEqual(parseDay('2026-03-01'), Date.UTC(2026, 2, 1) / 1000);
    assert.strictEqual(parseDay('2026-3-1'), undefined);
    assert.strictEqual(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.strictEqual(csvCell('a,b'), '"a,b"');
  });
});
