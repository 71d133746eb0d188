/**
 * The review lock: one write at a time per review folder, across editor windows, bots and `review
 * set` processes. Like git's `index.lock`: a file created exclusively beside the review folder
 * (`<folder>.lock`, never inside it, so no reader lists it), removed when the write is done. A
 * lock older than LOCK_LIMITS.staleMs was left by a write that died and is removed by the next
 * writer; a write that cannot get the lock within LOCK_LIMITS.waitMs fails with a message.
 */
import { decodeUtf8 } from '../fileSystem';
import { LOCK_LIMITS, type LockLimits } from '../limits';
import type { ReviewError, ReviewLayout, WritableFileSystem } from './reviewData';

/** Where the lock of a review folder lives: beside it, with `.lock` added to its name. */
export function lockPath(layout: ReviewLayout): string {
  const folder = layout.folder
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
  return `${folder === '' ? '.stackguide-review' : folder}.lock`;
}

export class ReviewLockError extends Error {
  constructor(readonly error: ReviewError) {
    super(`${error.file}: ${error.message}`);
    this.name = 'ReviewLockError';
  }
}

interface LockContent {
  token: string;
  at: number;
}

function parseLock(bytes: Uint8Array): LockContent | undefined {
  try {
    const value = JSON.parse(decodeUtf8(bytes)) as Partial<LockContent>;
    return typeof value.token === 'string' && typeof value.at === 'number' && Number.isFinite(value.at)
      ? { token: value.token, at: value.at }
      : undefined;
  } catch {
    return undefined;
  }
}

async function readLock(wfs: WritableFileSystem, file: string): Promise<{ text: string; content?: LockContent } | undefined> {
  try {
    const bytes = await wfs.readFile(file, { maxBytes: 4096 });
    return { text: decodeUtf8(bytes), content: parseLock(bytes) };
  } catch (error) {
    if ((error as { code?: unknown })?.code === 'ENOENT' || (error as { code?: unknown })?.code === 'FileNotFound') return undefined;
    // Anything else (a folder there, a huge file) is not a lock this code wrote: report it as held.
    return { text: '' };
  }
}

function lockHint(reason: string): string {
  if (reason === 'ENOSPC' || reason === 'EDQUOT') return 'The disk (or your quota) is full: free some space and make the change again.';
  if (reason === 'EROFS') return 'The folder is on a read-only file system.';
  if (reason === 'EISDIR') return 'A folder is where the lock file goes: remove it.';
  return 'Check the folder permissions.';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` holding the review folder's lock. `limits` and `now` are for tests.
 * Throws ReviewLockError when the lock is not free within `limits.waitMs`.
 */
export async function withReviewLock<T>(
  wfs: WritableFileSystem,
  layout: ReviewLayout,
  work: () => Promise<T>,
  limits: LockLimits = LOCK_LIMITS,
  now: () => number = Date.now,
): Promise<T> {
  const file = lockPath(layout);
  const token = `${now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const start = now();
  // A lock that cannot be read as ours (being written, or written by hand) is dated from when it was first seen.
  let unreadable: { text: string; since: number } | undefined;
  for (let attempt = 0; ; attempt++) {
    const stamp = now();
    let created: boolean;
    try {
      created = await wfs.createExclusive(
        file,
        new TextEncoder().encode(`${JSON.stringify({ token, at: stamp, written: new Date(stamp).toISOString() })}\n`),
      );
    } catch (error) {
      const code = (error as { code?: unknown })?.code;
      const reason = typeof code === 'string' && code ? code : error instanceof Error ? error.message : String(error);
      throw new ReviewLockError({
        file,
        line: 1,
        column: 1,
        message: `the review lock cannot be created (${reason}); nothing was written`,
        hint: lockHint(reason),
      });
    }
    if (created) break;
    const held = await readLock(wfs, file);
    if (held === undefined) continue; // released meanwhile: try again at once
    let since: number;
    if (held.content) {
      since = held.content.at;
      unreadable = undefined;
    } else {
      if (unreadable?.text !== held.text) unreadable = { text: held.text, since: now() };
      since = unreadable.since;
    }
    if (now() - since > limits.staleMs) {
      // Stale: removed only if it is still the same lock, so a fresh one taken meanwhile is kept.
      const again = await readLock(wfs, file);
      if (again !== undefined && again.text === held.text) {
        try {
          await wfs.deleteFile(file);
        } catch (error) {
          const code = (error as { code?: unknown })?.code;
          const reason = typeof code === 'string' && code ? code : error instanceof Error ? error.message : String(error);
          throw new ReviewLockError({
            file,
            line: 1,
            column: 1,
            message: `a stale review lock cannot be removed (${reason}); nothing was written`,
            hint: `Remove ${file} by hand: no Stack Guide write has held it for ${Math.round(limits.staleMs / 1000)} s.`,
          });
        }
      }
      unreadable = undefined;
      continue;
    }
    if (now() - start >= limits.waitMs) {
      const age = Math.max(0, Math.round((now() - since) / 1000));
      throw new ReviewLockError({
        file,
        line: 1,
        column: 1,
        message: `another Stack Guide write holds the review lock (taken ${age} s ago); nothing was written after waiting ${Math.round(limits.waitMs / 1000)} s`,
        hint: `Another window, a bot or a "stack-guide review set" is writing the review: try again. A lock older than ${Math.round(limits.staleMs / 1000)} s is removed by the next write; if no write is running, you may delete ${file}.`,
      });
    }
    await sleep(Math.min(200, 10 + attempt * 5) + Math.random() * 20);
  }
  try {
    return await work();
  } finally {
    const mine = await readLock(wfs, file);
    if (mine?.content?.token === token) await wfs.deleteFile(file).catch(() => undefined);
  }
}
