/**
 * The only way the core touches files. Paths are POSIX-style and relative to the
 * root the implementation was created for ('' or '.' is the root itself), so the
 * same detector runs over Node's fs (CLI, tests) and vscode.workspace.fs (extension).
 */
export type EntryKind = 'file' | 'directory' | 'other';

export interface DirEntry {
  name: string;
  kind: EntryKind;
  /** True when the entry is a symbolic link; `kind` is what it points to. */
  symlink: boolean;
}

export interface ReadOptions {
  /**
   * The most bytes the caller accepts. A larger file is refused with a FileReadError before it is
   * read, and no more than this (plus one byte to notice a file that grew) is ever read.
   * Defaults to DEFAULT_MAX_READ_BYTES.
   */
  maxBytes?: number;
}

/** The bound of a read that names none (detection's manifests): four times the manifest limit, far below what hurts. */
export const DEFAULT_MAX_READ_BYTES = 4 * 1024 * 1024;

export interface FileSystem {
  readDirectory(relativePath: string): Promise<DirEntry[]>;
  /**
   * Reads a regular file of at most `options.maxBytes`. Whatever else is there (a FIFO, a device,
   * a socket, a folder, a file over the limit, a symbolic link whose target is outside the root)
   * is refused with a FileReadError, without opening it for reading or before reading it whole.
   */
  readFile(relativePath: string, options?: ReadOptions): Promise<Uint8Array>;
}

export type FileReadReason = 'too-large' | 'not-regular' | 'outside';

/**
 * A user file Stack Guide refuses to read. `detail` says why without the file's name, so a caller
 * can put the name where its own messages have it; `message` is the name followed by the detail.
 * Never carries any of the file's content.
 */
export class FileReadError extends Error {
  readonly code: string;
  constructor(
    readonly file: string,
    readonly reason: FileReadReason,
    readonly detail: string,
    /** For 'too-large': the limit and the size seen (at least limit + 1 when the file grew). */
    readonly limit?: number,
    readonly size?: number,
  ) {
    super(`${file} ${detail}`);
    this.name = 'FileReadError';
    this.code = reason === 'too-large' ? 'EFILETOOLARGE' : reason === 'not-regular' ? 'ENOTREGULAR' : 'ELINKOUTSIDE';
  }
}

/** A size in words: "1536 bytes", "52.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

export function tooLargeError(file: string, size: number, limit: number): FileReadError {
  const seen = size > limit + 1 ? `is ${formatBytes(size)}, more than` : 'is larger than';
  return new FileReadError(file, 'too-large', `${seen} the limit of ${formatBytes(limit)}; it was not read`, limit, size);
}

export function notRegularError(file: string, what: string): FileReadError {
  return new FileReadError(file, 'not-regular', `is ${what}, not a regular file; it was not read`);
}

export function outsideError(file: string, root: string): FileReadError {
  return new FileReadError(file, 'outside', `is a symbolic link to a file outside ${root}; Stack Guide does not follow it`);
}

/** Compatible with vscode.CancellationToken, so the extension passes its token as it is. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export function joinRelative(base: string, name: string): string {
  return base === '' || base === '.' ? name : `${base}/${name}`;
}

export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** How many files a folder of user files is read at a time: never one descriptor per file at once. */
export const READ_CONCURRENCY = 16;

/** `work` on every item, at most `limit` at a time, results in the items' order; the first failure rejects. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index], index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
