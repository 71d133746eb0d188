/**
 * `stack-guide history DIR`: the review state at each commit that changed it, from git. The git
 * side is history.ts, the counting is core/history/history.ts; this is the command around them.
 */
import type { Detection } from '../core/detect/detector';
import { DetectionCache } from '../core/detect/detectionCache';
import { evaluateUnits } from '../core/evidence/checklistEvidence';
import { EvidenceReader } from '../core/evidence/evaluate';
import type { FileSystem } from '../core/fileSystem';
import { buildHistory, historyCsv, historyJson, historyMarkdown } from '../core/history/history';
import type { Profile } from '../core/profiles/model';
import { buildChecklist } from '../core/review/checklist';
import { DEFAULT_REVIEW_FOLDER, type ReviewLayout } from '../core/review/reviewData';
import { DEFAULT_REVIEW_FILE } from '../core/review/legacy/legacyFile';
import { printable, safeJson } from '../core/report/text';
import { GitError, readGitHistory } from './history';
import { parseDay as calendarDay } from '../core/review/expiry';
import { NodeFileSystem } from './nodeFileSystem';

/** What a command module gets from cli.ts: its argument parsing and the helpers every command shares. */
export interface CommandContext {
  positional: string[];
  flags: Map<string, string | true>;
  /** Where relative paths on the command line start. */
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** A usage error (exit code 2, with a pointer to --help). */
  usage(message: string): Error;
  resolveDirectory(given: string | undefined): Promise<string>;
  /** Built-in profiles with the directory's team profiles on top; undefined after printing errors. */
  loadProfiles(dir: string): Promise<Profile[] | undefined>;
  detect(dir: string, fs?: FileSystem): Promise<Detection>;
  layout(): ReviewLayout;
  oneOf<T extends string>(flag: string, allowed: readonly T[], fallback: T): T;
}

const HISTORY_FORMATS = ['json', 'markdown', 'csv'] as const;

export const HISTORY_SPEC = {
  flags: {
    '--since': 'value',
    '--format': 'value',
    '--review-folder': 'value',
    '--review-file': 'value',
    '--max-depth': 'value',
    '--no-evidence': 'boolean',
  } as Record<string, 'boolean' | 'value'>,
  positional: { min: 0, max: 1 },
  help: `Usage: stack-guide history [dir] [--since YYYY-MM-DD] [--format json|markdown|csv]

The review of dir (default .) over time, from git: one entry per commit that changed the review
folder's decisions (or the version-1 file's), oldest first, with per review unit done/total (done
and n/a), open high, accepted, n/a, stale, evidence lost and expired; milestone: the tags whose
review state it is. Uses the machine's git; dir must be in a git work tree. Units, item texts
and evidence are today's (dir as it is now); decisions are each commit's.

Options:
  --since YYYY-MM-DD      entries from that day (UTC) on
  --format FORMAT         json (default), markdown or csv
  --review-folder PATH    the review folder inside dir (default ${DEFAULT_REVIEW_FOLDER})
  --review-file PATH      a version-1 review file inside dir (default ${DEFAULT_REVIEW_FILE})
  --max-depth N           folder levels searched below dir, 0 to 20 (default 3)
  --no-evidence           skip the evidence probes (evidence lost is then 0)
  -h, --help              this help

Exit codes: 0 success, 2 bad input (not a git work tree, git missing, a bad date).`,
};

/** A day as YYYY-MM-DD that exists in the calendar, as seconds since the epoch at 00:00 UTC. */
export function parseDay(raw: string): number | undefined {
  return calendarDay(raw) === undefined ? undefined : Date.parse(`${raw}T00:00:00Z`) / 1000;
}

export async function historyCommand(context: CommandContext): Promise<number> {
  const format = context.oneOf('--format', HISTORY_FORMATS, 'json');
  const sinceFlag = context.flags.get('--since');
  const since = typeof sinceFlag === 'string' ? parseDay(sinceFlag) : undefined;
  if (typeof sinceFlag === 'string' && since === undefined)
    throw context.usage(`--since must be a day as YYYY-MM-DD, got "${printable(sinceFlag)}"`);
  const layout = context.layout();
  const dir = await context.resolveDirectory(context.positional[0]);
  const profiles = await context.loadProfiles(dir);
  if (!profiles) return 2;

  let git;
  try {
    git = await readGitHistory(dir, layout);
  } catch (error) {
    if (error instanceof GitError) {
      context.err(`stack-guide: history: ${printable(error.message)}\n`);
      return 2;
    }
    throw error;
  }
  const files = new DetectionCache(new NodeFileSystem(dir));
  const detection = await context.detect(dir, files);
  let evidence;
  if (context.flags.get('--no-evidence') !== true) {
    // Today's evidence: a done item that was ticked with evidence its probe no longer finds.
    const reader = new EvidenceReader(files);
    evidence = await evaluateUnits(buildChecklist(detection, profiles, new Map()).units, () => reader);
  }
  const history = buildHistory({
    commits: git.commits,
    blobText: git.blobText,
    detection,
    profiles,
    evidence,
    since,
    tags: git.tags,
    chain: git.chain,
  });
  for (const problem of history.problems) {
    const { file, line, column, message } = problem.error;
    context.err(
      `stack-guide: history: commit ${problem.commit.slice(0, 12)}: ${printable(file)}:${line}:${column}: ${printable(message)}; that commit is left out\n`,
    );
  }
  switch (format) {
    case 'csv':
      context.out(historyCsv(history));
      break;
    case 'markdown':
      context.out(historyMarkdown(history));
      break;
    default:
      context.out(safeJson(historyJson(history)));
  }
  return 0;
}
