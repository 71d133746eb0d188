/** The writer of unit files (unitFile.ts): under the review lock, after reading the whole review again. */
import { parseDay } from './expiry';
import { readReview } from './reviewReader';
import { ReviewLockError, withReviewLock } from './reviewLock';
import { ReviewWriteError } from './reviewWriter';
import type { ReviewLayout, WritableFileSystem } from './reviewData';
import { serializeUnitFile, unitFilePath, type UnitSetting } from './unitFile';

/**
 * Sets (or, with `next` undefined, removes) a unit's review-by day, under the review lock and after
 * reading the whole review again: refused with ReviewWriteError while anything in it is unreadable.
 * Other files that name the same unit (copied by hand) are removed once the new one is written.
 */
export async function updateUnitSetting(
  wfs: WritableFileSystem,
  layout: ReviewLayout,
  unit: { unit: string; ecosystem: string },
  next: Omit<UnitSetting, 'unit' | 'ecosystem'> | undefined,
): Promise<void> {
  for (const value of [unit.unit, unit.ecosystem])
    if (value === '' || value.includes('\u0000'))
      throw new TypeError(`a unit needs a non-empty path and ecosystem, got ${JSON.stringify(unit)}`);
  if (next && parseDay(next.reviewBy) === undefined) throw new TypeError(`not a day as YYYY-MM-DD: ${JSON.stringify(next.reviewBy)}`);
  try {
    await withReviewLock(wfs, layout, async () => {
      const read = await readReview(wfs, layout);
      if (!read.ok) throw new ReviewWriteError(read.error);
      const path = unitFilePath(layout, unit.unit, unit.ecosystem);
      const others = (read.data.units ?? [])
        .filter((stored) => stored.unit === unit.unit && stored.ecosystem === unit.ecosystem && stored.file !== path)
        .map((stored) => stored.file);
      if (next) await wfs.writeFileAtomic(path, new TextEncoder().encode(serializeUnitFile({ ...unit, ...next })));
      else others.push(path);
      for (const file of others) await wfs.deleteFile(file);
    });
  } catch (error) {
    if (error instanceof ReviewLockError) throw new ReviewWriteError(error.error);
    throw error;
  }
}
