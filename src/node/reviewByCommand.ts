/**
 * `stack-guide review set --unit PATH --review-by YYYY-MM-DD [dir]`: the day by which a review unit
 * is to be reviewed again, kept in the unit's own file of the review folder (core/review/unitFile.ts).
 * `--review-by none` removes it.
 */
import { buildChecklist } from '../core/review/checklist';
import { readReview, DEFAULT_REVIEW_FOLDER } from '../core/review/reviewData';
import { DEFAULT_REVIEW_FILE, pathInsideFolder } from '../core/review/legacy/legacyFile';
import { ReviewWriteError } from '../core/review/reviewWriter';
import { updateUnitSetting } from '../core/review/unitWriter';
import { parseDay, SYSTEM_CLOCK, today } from '../core/review/expiry';
import { printable } from '../core/report/text';
import { quote, UsageError, type Parsed } from './cliArgs';
import type { CliIo } from './cli';
import { NodeWritableFileSystem } from './nodeFileSystem';
import { detectDirectory, insideFolder, loadProfilesFor, maxDepth, resolveDirectory, reviewerName, reviewFileError } from './cliShared';

/** Flags of `review set` that an item's decision takes and a unit's review-by day does not. */
const ITEM_FLAGS = ['--state', '--note', '--owner', '--until', '--due', '--member', '--accept-suggested'];

export async function reviewByCommand(args: Parsed, io: CliIo): Promise<number> {
  const [action, given, ...stray] = args.positional;
  if (action !== 'set')
    throw new UsageError('--review-by goes with "review set", as in: stack-guide review set --unit . --review-by 2027-03-31');
  if (stray.length > 0) throw new UsageError(`unexpected argument ${quote(stray[0])}; --review-by takes no ITEM, only --unit PATH`);
  const mixed = ITEM_FLAGS.find((flag) => args.flags.has(flag));
  if (mixed) throw new UsageError(`--review-by sets a unit's date; it takes no ${mixed}`);
  const unitFlag = args.flags.get('--unit');
  if (typeof unitFlag !== 'string') throw new UsageError('--review-by needs --unit PATH (the review unit, "." for the root)');
  const raw = String(args.flags.get('--review-by'));
  const clock = io.clock ?? SYSTEM_CLOCK;
  const removing = raw === 'none';
  if (!removing && parseDay(raw) === undefined)
    throw new UsageError(`--review-by must be a day as YYYY-MM-DD (or none, to remove it), got ${quote(raw)}`);
  const unitPath = unitFlag === '.' ? '.' : pathInsideFolder(unitFlag);
  if (unitPath === undefined) throw new UsageError(`--unit must be a path inside dir, got ${quote(unitFlag)}`);
  const dir = await resolveDirectory(io, given);
  const layout = {
    folder: insideFolder(args, '--review-folder', DEFAULT_REVIEW_FOLDER),
    legacyFile: insideFolder(args, '--review-file', DEFAULT_REVIEW_FILE),
  };
  const profiles = await loadProfilesFor(dir, io);
  if (!profiles) return 2;
  const detection = await detectDirectory(dir, maxDepth(args));
  const fs = new NodeWritableFileSystem(dir);
  const parsed = await readReview(fs, layout);
  if (!parsed.ok) {
    io.err(reviewFileError(dir, parsed.error));
    return 2;
  }
  const { units } = buildChecklist(detection, profiles, new Map([[detection.folders[0].root, parsed.data]]), undefined, clock);
  const ecosystem = args.flags.get('--ecosystem');
  const candidates = units.filter((unit) => unit.path === unitPath && (ecosystem === undefined || unit.ecosystem === ecosystem));
  if (candidates.length === 0)
    throw new UsageError(
      `no review unit ${printable(unitPath)}${ecosystem !== undefined ? ` for ${printable(String(ecosystem))}` : ''} in the detected units of ${printable(dir)}`,
    );
  if (candidates.length > 1)
    throw new UsageError(
      `unit ${printable(unitPath)} is reviewed for ${candidates.map((unit) => unit.ecosystem).join(' and ')}; choose one with --ecosystem`,
    );
  const unit = candidates[0];
  const by = typeof args.flags.get('--by') === 'string' ? String(args.flags.get('--by')) : await reviewerName(dir);
  try {
    await updateUnitSetting(
      fs,
      layout,
      { unit: unit.path, ecosystem: unit.ecosystem },
      removing ? undefined : { reviewBy: raw, by, at: clock.now().toISOString() },
    );
  } catch (error) {
    if (error instanceof ReviewWriteError) {
      io.err(reviewFileError(dir, error.error));
      return 2;
    }
    throw error;
  }
  const name = `${printable(unit.ecosystemName)} (${printable(unit.path)})`;
  if (removing) io.out(`${name}: no review-by date\n`);
  else io.out(`${name}: review by ${raw}${raw < today(clock) ? ` (already overdue: today is ${today(clock)}, UTC)` : ''}\n`);
  return 0;
}
