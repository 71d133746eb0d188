/**
 * Review state, version 2: one small YAML file per decision, in a review folder
 * (default `.stackguide/review/`). Two reviewers who tick different items on two branches add or
 * change different files, so git's default merge, and every platform's merge button, never meets
 * a conflict they did not cause; the same item decided differently on two branches is a real
 * conflict, in that item's file alone.
 *
 * Version 1 (one `.stackguide/review.yaml` keyed by component path) is still read; its entries come
 * back with `legacy: true` and are rewritten as version-2 files on the first write.
 */
import type { FileSystem } from '../fileSystem';

export const REVIEW_VERSION = 2;
export const DEFAULT_REVIEW_FOLDER = '.stackguide/review';

import type { ItemState } from './states';
import type { StoredUnitSetting } from './unitFile';

export { ITEM_STATES, type ItemState } from './states';

/** Which decision an entry records: an item of a review unit, or of one member for `scope: member` items. */
export interface EntryKey {
  /** The review unit's root, relative to the workspace folder ('.' is its root). */
  unit: string;
  /** The checklist item id, e.g. go.delivery.timeouts. */
  id: string;
  /** Set only for items reviewed per member: the member's path, relative to the workspace folder. */
  member?: string;
}

/** An earlier or competing decision kept beside the current one (after a merge or a migration). */
export interface HistoryEntry {
  state: ItemState;
  by: string;
  at: string;
  note?: string;
  owner?: string;
  /** For accepted and n/a: the last day (YYYY-MM-DD, UTC) the decision held. */
  until?: string;
  /** For needs-action: the day (YYYY-MM-DD) the action was due. */
  due?: string;
  /** Where it came from, e.g. "version 1, component crates/a" or "merge". */
  from?: string;
}

/**
 * "Applies anyway": a reviewer's word that an item applies here although its condition
 * (appliesWhen) says it does not. Who said so and when; independent of the item's state, so the
 * item can then be open, done, accepted like any other. Removing it puts the item back among those
 * not applicable here.
 */
export interface AppliesAnyway {
  by: string;
  at: string;
}

/** One decision: who decided what about an item, when, and on which wording of it. */
export interface ReviewEntry {
  state: ItemState;
  by: string;
  at: string;
  /** Hash of the item's text when it was decided; a different text makes a tick stale. */
  textHash: string;
  /** Why: the reason for n/a and for an accepted risk, or any remark. */
  note?: string;
  /** Who answers for an accepted risk, or (optionally) for the action an item needs. */
  owner?: string;
  /** For accepted and n/a: the last day (YYYY-MM-DD, UTC) the decision holds; see expiry.ts. */
  until?: string;
  /** For needs-action: the day (YYYY-MM-DD) the action is due. */
  due?: string;
  /**
   * Where the evidence was when the item was ticked with it ("path" or "path:line", relative to
   * the workspace folder). A done item whose probe no longer finds anything shows as evidence lost.
   */
  evidence?: string[];
  /** Set when a reviewer marked the item "applies anyway" (see AppliesAnyway). */
  appliesAnyway?: AppliesAnyway;
  history?: HistoryEntry[];
}

export interface StoredEntry {
  key: EntryKey;
  entry: ReviewEntry;
  /** The file it was read from, relative to the workspace folder. */
  file: string;
  /** Read from a version-1 file: `key.unit` is then the component path the tick was made on. */
  legacy?: boolean;
  /**
   * Other version-2 files that held the same key (copied by hand, or left by a merge). Their
   * decisions are in `entry` (the newest) or its history; the next write of the key removes them.
   */
  duplicates?: string[];
}

export interface ReviewData {
  entries: StoredEntry[];
  /** The units' own settings (unitFile.ts): a review-by day. Absent: none is set. */
  units?: StoredUnitSetting[];
  /** The version-1 file, relative to the workspace folder, when one exists. */
  legacyFile?: string;
}

export interface ReviewError {
  /** Relative to the workspace folder (or a label such as "personal review state"). */
  file: string;
  line: number;
  column: number;
  message: string;
  /** How the user gets out of it. */
  hint: string;
  /** True when the file holds merge-conflict markers that "Resolve Review Conflict" can merge. */
  conflict?: boolean;
}

export type ReviewParse = { ok: true; data: ReviewData } | { ok: false; error: ReviewError };

export function keyString(key: EntryKey): string {
  return `${key.unit}\u0000${key.id}\u0000${key.member ?? ''}`;
}

export function emptyReviewData(): ReviewData {
  return { entries: [] };
}

/** Where the review lives in a workspace folder. */
export interface ReviewLayout {
  /** The version-2 folder, relative to the workspace folder. */
  folder: string;
  /** The version-1 file that is read (and migrated) when present. */
  legacyFile: string;
}

export const DEFAULT_LAYOUT: ReviewLayout = { folder: DEFAULT_REVIEW_FOLDER, legacyFile: '.stackguide/review.yaml' };

/** A FileSystem that can also write; paths relative to the workspace folder. */
export interface WritableFileSystem extends FileSystem {
  /** Writes through a temporary file and a rename, creating parent folders. */
  writeFileAtomic(relativePath: string, bytes: Uint8Array): Promise<void>;
  /** Removes a file; a missing file is not an error. */
  deleteFile(relativePath: string): Promise<void>;
  /**
   * Creates a file only if nothing is at its path (an exclusive create, as O_EXCL), creating parent
   * folders: true when it was created, false when something was there already. The review lock.
   */
  createExclusive(relativePath: string, bytes: Uint8Array): Promise<boolean>;
}

/**
 * Reads every decision file under `layout.folder` and the version-1 `layout.legacyFile`; see
 * reviewReader.ts. Any file it cannot read fully is an error naming the file, line and column.
 */
export { readReview, REVIEW_LIMITS, type ReviewLimits } from './reviewReader';
