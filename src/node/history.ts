/**
 * The review's history from git: the machine's `git`, run with execFile-style argument lists (no
 * shell), never a reader of git's files of our own. Three or four processes whatever the length of
 * the history: `git log --raw` over the review paths (each commit's changed blobs, against its
 * first parent), `git cat-file --batch-check` and `--batch` for the blobs, and the tags and the
 * first-parent chain for milestones.
 */
import { decodeStrictUtf8 } from '../core/review/reviewReader';
import { REVIEW_LIMITS, type ReviewLayout } from '../core/review/reviewData';
import type { CommitReview, ReviewBlobRef } from '../core/history/history';
import { isUnitFile } from '../core/review/unitFile';

export class GitError extends Error {}

/** Output bytes of one git call, at most: a history of a million commits fits. */
const MAX_GIT_OUTPUT = 1024 * 1024 * 1024;

/** Runs git in `cwd` with the arguments as given (no shell), feeding `input`; rejects with its stderr on a failure. */
export async function git(cwd: string, args: readonly string[], input?: string): Promise<Buffer> {
  // Loaded when git first runs: a command that never asks git does not pay for child_process at start-up.
  const { spawn } = await import('child_process');
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', 'core.quotepath=off', '-c', 'log.showSignature=false', ...args], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' },
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_GIT_OUTPUT) {
        child.kill();
        reject(new GitError(`git ${args[0]} wrote more than ${MAX_GIT_OUTPUT} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new GitError(error.code === 'ENOENT' ? 'git is not installed (or not on PATH)' : `cannot run git: ${error.message}`)),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new GitError(`git ${args[0]} failed: ${stderr.trim().split('\n')[0] || `exit code ${code}`}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

export interface GitHistoryOptions {
  /**
   * At most this many of the newest commits that changed the review (and as many renames of the
   * folder looked for): the editor's trend stays bounded on a long history. The review before the
   * first of them is read from that commit's parent, so its counts are still exact.
   */
  maxCommits?: number;
}

export interface GitHistory {
  commits: CommitReview[];
  /** Blob text by id; undefined for one over the size limit or not UTF-8. */
  blobText: (blob: string) => string | undefined;
  /** Tag names by the commit they point at (annotated tags peeled). */
  tags: Map<string, string[]>;
  /** The first-parent chain of HEAD, oldest first. */
  chain: string[];
  /** Folders the review folder had before a rename, relative to the checked folder. */
  formerFolders: string[];
}

interface RawChange {
  mode: string;
  blob: string;
  status: string;
  path: string;
}

interface RawCommit {
  commit: string;
  date: string;
  time: number;
  changes: RawChange[];
}

const ZERO = /^0+$/;

/** Parses `git log -z --raw --format=%x01%H%x00%cI%x00%ct`. */
function parseRawLog(output: string): RawCommit[] {
  const commits: RawCommit[] = [];
  for (const record of output.split('\u0001')) {
    if (record === '') continue;
    const tokens = record.split('\u0000');
    const [commit, date, time] = tokens;
    const changes: RawChange[] = [];
    for (let i = 3; i + 1 < tokens.length; i += 2) {
      const meta = tokens[i].trim();
      if (!meta.startsWith(':')) break;
      // :oldmode newmode oldblob newblob status
      const [, mode, , blob, status] = meta.slice(1).split(' ');
      changes.push({ mode, blob, status: status[0], path: tokens[i + 1] });
    }
    commits.push({ commit, date, time: Number(time), changes });
  }
  return commits;
}

function under(path: string, folder: string): boolean {
  return path.startsWith(`${folder}/`);
}

/**
 * Reads the review history of `dir` (a git work tree, or a folder inside one): the review folder
 * and the version-1 file of `layout`, also under the folder's former names (a rename of the whole
 * folder that git records as renames of its files).
 */
export async function readGitHistory(dir: string, layout: ReviewLayout, options: GitHistoryOptions = {}): Promise<GitHistory> {
  const limit = options.maxCommits !== undefined ? [`--max-count=${Math.max(1, Math.floor(options.maxCommits))}`] : [];
  let prefix: string;
  try {
    prefix = (await git(dir, ['rev-parse', '--show-prefix'])).toString('utf8').trim();
  } catch (error) {
    throw new GitError(`${dir} is not in a git repository (${(error as Error).message})`);
  }
  const empty: GitHistory = { commits: [], blobText: () => undefined, tags: new Map(), chain: [], formerFolders: [] };
  try {
    await git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  } catch {
    return empty; // no commit yet
  }
  const top = (await git(dir, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
  const folder = prefix + layout.folder;
  const legacy = prefix + layout.legacyFile;

  // Former names of the folder, newest rename first: the folders whose files were all renamed into it.
  const renames = parseRawLogNames(
    (
      await git(top, [
        'log',
        '--first-parent',
        '--diff-merges=first-parent',
        '-M',
        '--diff-filter=R',
        '--name-status',
        '-z',
        '--format=%x01%H',
        ...limit,
        'HEAD',
        '--',
        '*.yaml',
      ])
    ).toString('utf8'),
  );
  const retiredAt = new Map<string, string>(); // former folder -> the commit that renamed it
  const known = [folder];
  for (let round = 0; round < 8; round++) {
    let added = false;
    for (const { commit, from, to } of renames) {
      const target = known.find((candidate) => under(to, candidate));
      if (target === undefined) continue;
      const rest = to.slice(target.length);
      if (!from.endsWith(rest)) continue;
      const former = from.slice(0, from.length - rest.length);
      if (former === '' || known.includes(former) || under(target, former) || under(former, target)) continue;
      // Only if nothing named *.yaml stayed behind: one file moved in from elsewhere is not a folder rename.
      const left = (await git(top, ['ls-tree', '-r', '--name-only', '-z', commit, '--', former]))
        .toString('utf8')
        .split('\u0000')
        .filter((name) => name.endsWith('.yaml'));
      if (left.length > 0) continue;
      known.push(former);
      retiredAt.set(former, commit);
      added = true;
    }
    if (!added) break;
  }

  const log = parseRawLog(
    (
      await git(top, [
        '--literal-pathspecs',
        'log',
        '--first-parent',
        '--diff-merges=first-parent',
        '--reverse',
        '--raw',
        '--no-abbrev',
        '--no-renames',
        '-z',
        '--format=%x01%H%x00%cI%x00%ct',
        ...limit,
        'HEAD',
        '--',
        ...known,
        legacy,
      ])
    ).toString('utf8'),
  );

  // A bounded log may start in the middle: the review paths of its first commit's parent are the start.
  const seed: RawChange[] = [];
  if (limit.length > 0 && log.length > 0) {
    const parent = await git(top, ['rev-parse', '--verify', '--quiet', `${log[0].commit}^1`]).then(
      (out) => out.toString('utf8').trim(),
      () => undefined, // a root commit
    );
    if (parent) {
      const listed = (
        await git(top, ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', parent, '--', ...known, legacy])
      ).toString('utf8');
      for (const line of listed.split('\u0000')) {
        const tab = line.indexOf('\t');
        if (tab < 0) continue;
        const [mode, , blob] = line.slice(0, tab).split(' ');
        seed.push({ mode, blob, status: 'A', path: line.slice(tab + 1) });
      }
    }
  }

  // Sizes first, then only the blobs a reader would read.
  const blobs = [
    ...new Set(
      [{ changes: seed }, ...log].flatMap((commit) =>
        commit.changes.filter((change) => !ZERO.test(change.blob) && change.mode !== '160000').map((change) => change.blob),
      ),
    ),
  ];
  const texts = new Map<string, string | undefined>();
  const large = new Set<string>();
  if (blobs.length > 0) {
    const sizes = (await git(top, ['cat-file', '--batch-check'], blobs.join('\n') + '\n')).toString('utf8').trim().split('\n');
    const wanted: string[] = [];
    for (const line of sizes) {
      const [blob, type, size] = line.split(' ');
      if (Number(size) > REVIEW_LIMITS.maxFileBytes) large.add(blob);
      if (type === 'blob' && Number(size) <= REVIEW_LIMITS.maxLegacyBytes) wanted.push(blob);
      else texts.set(blob, undefined);
    }
    if (wanted.length > 0) {
      const out = await git(top, ['cat-file', '--batch'], wanted.join('\n') + '\n');
      let at = 0;
      while (at < out.length) {
        const eol = out.indexOf(0x0a, at);
        const [blob, , size] = out.subarray(at, eol).toString('utf8').split(' ');
        const bytes = out.subarray(eol + 1, eol + 1 + Number(size));
        const decoded = decodeStrictUtf8(bytes);
        texts.set(blob, typeof decoded === 'string' ? decoded : undefined);
        at = eol + 1 + Number(size) + 1;
      }
    }
  }

  // Replays the diffs: each is against the commit's first parent, so the tree is exact at each commit.
  const tree = new Map<string, { mode: string; blob: string }>();
  const retired = new Set<string>();
  const strip = (path: string) => path.slice(prefix.length);
  const commits: CommitReview[] = [];
  for (const change of seed) tree.set(change.path, { mode: change.mode, blob: change.blob });
  for (const raw of log) {
    for (const change of raw.changes) {
      if (change.status === 'D') tree.delete(change.path);
      else tree.set(change.path, { mode: change.mode, blob: change.blob });
    }
    for (const [former, commit] of retiredAt) if (commit === raw.commit) retired.add(former);
    const folders = known.filter((candidate) => !retired.has(candidate));
    const files: ReviewBlobRef[] = [];
    let legacyRef: ReviewBlobRef | undefined;
    let unreadable: string | undefined;
    for (const [path, { mode, blob }] of tree) {
      const isLegacy = path === legacy;
      const inFolder = folders.some((candidate) => under(path, candidate));
      if (!isLegacy && !inFolder) continue;
      const regular = mode === '100644' || mode === '100755';
      if (!regular) {
        unreadable ??= strip(path);
        continue;
      }
      if (isLegacy) legacyRef = { path: strip(path), blob };
      else if (path.endsWith('.yaml') && !isUnitFile(path)) {
        // A unit's review-by file (unitFile.ts) is no decision: the counts do not depend on it.
        // A decision file over its own limit reads as too large, though the version-1 limit let its text in.
        files.push({ path: strip(path), blob: large.has(blob) ? `${blob}:large` : blob });
      }
    }
    commits.push({
      commit: raw.commit,
      date: raw.date,
      time: raw.time,
      files,
      ...(legacyRef ? { legacy: legacyRef } : {}),
      ...(unreadable !== undefined ? { unreadable } : {}),
    });
  }

  const tags = new Map<string, string[]>();
  const refs = (await git(top, ['for-each-ref', '--format=%(objectname)%00%(*objectname)%00%(refname:strip=2)', 'refs/tags'])).toString(
    'utf8',
  );
  for (const line of refs.split('\n')) {
    if (line === '') continue;
    const [object, peeled, name] = line.split('\u0000');
    const commit = peeled || object;
    tags.set(commit, [...(tags.get(commit) ?? []), name]);
  }
  const chain = (await git(top, ['rev-list', '--first-parent', '--reverse', 'HEAD'])).toString('utf8').split('\n').filter(Boolean);
  return { commits, blobText: (blob) => texts.get(blob), tags, chain, formerFolders: known.slice(1).map(strip) };
}

/** Parses `git log -z --name-status --format=%x01%H` for renames: R<score>, from, to. */
function parseRawLogNames(output: string): { commit: string; from: string; to: string }[] {
  const renames: { commit: string; from: string; to: string }[] = [];
  for (const record of output.split('\u0001')) {
    if (record === '') continue;
    const tokens = record.split('\u0000').map((token, i) => (i === 0 ? token : token.replace(/^\n/, '')));
    const commit = tokens[0].trim();
    for (let i = 1; i + 2 < tokens.length + 1;) {
      const status = tokens[i];
      if (!status || !status.startsWith('R')) break;
      renames.push({ commit, from: tokens[i + 1], to: tokens[i + 2] });
      i += 3;
    }
  }
  return renames;
}
