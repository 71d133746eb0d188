import * as fsSync from 'fs';
import { constants as fsConstants, promises as fs, type Stats } from 'fs';
import * as path from 'path';
import {
  DEFAULT_MAX_READ_BYTES,
  FileReadError,
  notRegularError,
  outsideError,
  tooLargeError,
  type DirEntry,
  type FileSystem,
  type ReadOptions,
} from '../core/fileSystem';
import type { WritableFileSystem } from '../core/review/reviewData';

/**
 * FileSystem over Node's fs, rooted at an absolute folder: the CLI, the tests, and the extension
 * host for local folders.
 *
 * Each call does its work synchronously and returns a settled promise. Asynchronous fs calls each
 * wait for a turn of the event loop when they finish, and at window start-up the extension host's
 * loop is busy with every other extension activating: the first detection of a five-file folder
 * took about 240 ms of such waiting, for about 2 ms of work. A single call is bounded (a listing,
 * or one file of at most `maxBytes`); callers that make many calls hand the thread back between
 * them (see Pause in the detector and the evidence reader).
 */
export class NodeFileSystem implements FileSystem {
  private realRoot: string | undefined;

  constructor(protected readonly root: string) {}

  protected resolve(relativePath: string): string {
    return path.join(this.root, ...relativePath.split('/').filter((part) => part && part !== '.'));
  }

  // async only for the interface: the body runs to its end at once, a throw becomes the rejection.
  // eslint-disable-next-line @typescript-eslint/require-await
  async readDirectory(relativePath: string): Promise<DirEntry[]> {
    return listFolder(this.resolve(relativePath));
  }

  /**
   * A regular file inside the root, bounded: see FileSystem.readFile. A symbolic link is followed
   * only when its target is inside the root too.
   */
  // eslint-disable-next-line @typescript-eslint/require-await
  async readFile(relativePath: string, options: ReadOptions = {}): Promise<Uint8Array> {
    const display =
      relativePath
        .split('/')
        .filter((part) => part && part !== '.')
        .join('/') || '.';
    if (display.split('/').includes('..'))
      throw new FileReadError(display, 'outside', `leaves ${this.root}; Stack Guide reads only files inside it`);
    // Looked up once per file system, not once per file; a failure is not kept.
    this.realRoot ??= realPath(this.root);
    return readUserFileSync(this.resolve(relativePath), {
      maxBytes: options.maxBytes,
      display,
      within: { real: this.realRoot, shown: this.root },
    });
  }
}

/**
 * A path with every symbolic link resolved, by the system's realpath(3): one call per read, where
 * Node's own variant (`realpathSync`) lstats each folder on the way. Roots and files are resolved
 * with this one function (also `localDisk.ts`), so the two always compare in the same form.
 */
export const realPath: (file: string) => string = (file) => fsSync.realpathSync.native(file);

/** A folder's entries; a symbolic link is reported with the kind of what it points to. */
export function listFolder(dir: string): DirEntry[] {
  return fsSync.readdirSync(dir, { withFileTypes: true }).map((entry): DirEntry => {
    if (!entry.isSymbolicLink()) {
      return { name: entry.name, kind: entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other', symlink: false };
    }
    try {
      const target = fsSync.statSync(path.join(dir, entry.name));
      return { name: entry.name, kind: target.isDirectory() ? 'directory' : target.isFile() ? 'file' : 'other', symlink: true };
    } catch {
      return { name: entry.name, kind: 'other', symlink: true };
    }
  });
}

export interface UserFileOptions {
  /** Defaults to DEFAULT_MAX_READ_BYTES. */
  maxBytes?: number;
  /** The name used in errors; defaults to the path. */
  display?: string;
  /** Refuse a file whose real path (symbolic links resolved) is outside this folder. */
  within?: { real: Promise<string> | string; shown: string };
}

/** readUserFileSync, for callers whose folder's real path is still being looked up. */
export async function readUserFile(file: string, options: UserFileOptions = {}): Promise<Uint8Array> {
  const within = options.within ? { real: await options.within.real, shown: options.within.shown } : undefined;
  return readUserFileSync(file, { ...options, within });
}

/**
 * The one way Stack Guide reads a user file from a local disk: a regular file only (a FIFO, device
 * or socket is refused without being opened for reading, so nothing hangs or streams forever), its
 * size checked before reading, and never more than `maxBytes` + 1 bytes read whatever the file does
 * meanwhile. Errors are FileReadError (or the fs error, e.g. ENOENT) and never quote the content.
 */
export function readUserFileSync(file: string, options: UserFileOptions & { within?: { real: string; shown: string } } = {}): Uint8Array {
  const display = options.display ?? file;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  let target = file;
  let flags = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);
  if (options.within) {
    const real = realPath(file);
    if (!isInside(options.within.real, real)) {
      if (fsSync.lstatSync(file).isSymbolicLink()) throw outsideError(display, options.within.shown);
      throw new FileReadError(
        display,
        'outside',
        `is reached through a symbolic link that leads outside ${options.within.shown}; Stack Guide does not follow it`,
      );
    }
    target = real;
    // The real path has no link left in it; a link put there meanwhile is refused, not followed.
    flags |= fsConstants.O_NOFOLLOW ?? 0;
  }
  checkRegular(display, fsSync.statSync(target), maxBytes);
  const fd = fsSync.openSync(target, flags);
  try {
    // The file opened may not be the one looked at (it can be swapped meanwhile): look again.
    const stat = fsSync.fstatSync(fd);
    checkRegular(display, stat, maxBytes);
    let buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (buffer.length > maxBytes) throw tooLargeError(display, length, maxBytes);
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const bytesRead = fsSync.readSync(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      // All the size promised: done without another read (a file of size 0, as in /proc, is read to its end).
      if (length === stat.size) break;
    }
    if (length > maxBytes) throw tooLargeError(display, length, maxBytes);
    return buffer.subarray(0, length);
  } finally {
    fsSync.closeSync(fd);
  }
}

function checkRegular(display: string, stat: Stats, maxBytes: number): void {
  if (!stat.isFile()) throw notRegularError(display, describeKind(stat));
  if (stat.size > maxBytes) throw tooLargeError(display, stat.size, maxBytes);
}

function describeKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'something else';
}

function isInside(root: string, real: string): boolean {
  const relative = path.relative(root, real);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** A path that tries to leave the root, or to write through a symbolic link. */
export class UnsafePathError extends Error {
  readonly code = 'EUNSAFEPATH';
  constructor(relativePath: string, reason: string) {
    super(`refusing to write ${JSON.stringify(relativePath)}: ${reason}`);
    this.name = 'UnsafePathError';
  }
}

/**
 * NodeFileSystem that can also write: through a temporary file in the same folder and a rename,
 * creating parent folders one by one. Paths that leave the root ('..', absolute, backslashes) and
 * folders that are symbolic links are refused, so a write never lands outside the root.
 */
export class NodeWritableFileSystem extends NodeFileSystem implements WritableFileSystem {
  private segments(relativePath: string): string[] {
    if (relativePath.includes('\\') || relativePath.includes('\u0000'))
      throw new UnsafePathError(relativePath, 'backslashes and NUL are not allowed');
    if (relativePath.startsWith('/') || /^[A-Za-z]:/.test(relativePath)) throw new UnsafePathError(relativePath, 'the path is absolute');
    const parts = relativePath.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.includes('..')) throw new UnsafePathError(relativePath, 'the path leaves the folder');
    if (parts.length === 0) throw new UnsafePathError(relativePath, 'the path is the folder itself');
    return parts;
  }

  /** Creates (or checks) each parent folder below the root, refusing symbolic links; returns the file's absolute path. */
  private async parentFolder(relativePath: string, create: boolean): Promise<string | undefined> {
    const parts = this.segments(relativePath);
    let dir = this.root;
    for (const part of parts.slice(0, -1)) {
      dir = path.join(dir, part);
      let stat;
      try {
        stat = await fs.lstat(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        if (!create) return undefined;
        try {
          await fs.mkdir(dir);
        } catch (mkdirError) {
          if ((mkdirError as NodeJS.ErrnoException).code !== 'EEXIST') throw mkdirError;
        }
        stat = await fs.lstat(dir);
      }
      if (stat.isSymbolicLink()) throw new UnsafePathError(relativePath, `${path.relative(this.root, dir)} is a symbolic link`);
      if (!stat.isDirectory()) throw new UnsafePathError(relativePath, `${path.relative(this.root, dir)} is not a folder`);
    }
    return path.join(dir, parts[parts.length - 1]);
  }

  async writeFileAtomic(relativePath: string, bytes: Uint8Array): Promise<void> {
    await writeFileAtomically((await this.parentFolder(relativePath, true))!, bytes);
  }

  async createExclusive(relativePath: string, bytes: Uint8Array): Promise<boolean> {
    const file = (await this.parentFolder(relativePath, true))!;
    try {
      await fs.writeFile(file, bytes, { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  async deleteFile(relativePath: string): Promise<void> {
    const file = await this.parentFolder(relativePath, false);
    if (file === undefined) return;
    try {
      await fs.unlink(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** Writes a file whole or not at all: a temporary file beside it, then a rename over it. */
export async function writeFileAtomically(file: string, content: string | Uint8Array): Promise<void> {
  // Loaded on the first write: the commands that only read never pay for crypto at start-up.
  const { randomBytes } = await import('crypto');
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temp, content, { flag: 'wx' });
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
