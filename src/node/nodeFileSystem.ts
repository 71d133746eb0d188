import { randomBytes } from 'crypto';
import { constants as fsConstants, promises as fs, type Stats } from 'fs';
import * as path from 'path';
import { DEFAULT_MAX_READ_BYTES, FileReadError, notRegularError, outsideError, tooLargeError, type DirEntry, type FileSystem, type ReadOptions } from '../core/fileSystem';
import type { WritableFileSystem } from '../core/review/reviewData';

/** FileSystem over Node's fs, rooted at an absolute folder. Used by the CLI and the tests. */
export class NodeFileSystem implements FileSystem {
  private realRoot: Promise<string> | undefined;

  constructor(protected readonly root: string) {}

  protected resolve(relativePath: string): string {
    return path.join(this.root, ...relativePath.split('/').filter((part) => part && part !== '.'));
  }

  async readDirectory(relativePath: string): Promise<DirEntry[]> {
    const dir = this.resolve(relativePath);
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return Promise.all(
      entries.map(async (entry): Promise<DirEntry> => {
        if (!entry.isSymbolicLink()) {
          return { name: entry.name, kind: entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other', symlink: false };
        }
        try {
          const target = await fs.stat(path.join(dir, entry.name));
          return { name: entry.name, kind: target.isDirectory() ? 'directory' : target.isFile() ? 'file' : 'other', symlink: true };
        } catch {
          return { name: entry.name, kind: 'other', symlink: true };
        }
      }),
    );
  }

  /**
   * A regular file inside the root, bounded: see FileSystem.readFile. A symbolic link is followed
   * only when its target is inside the root too.
   */
  readFile(relativePath: string, options: ReadOptions = {}): Promise<Uint8Array> {
    const display = relativePath.split('/').filter((part) => part && part !== '.').join('/') || '.';
    if (display.split('/').includes('..')) return Promise.reject(new FileReadError(display, 'outside', `leaves ${this.root}; Stack Guide reads only files inside it`));
    if (!this.realRoot) {
      // Looked up once per file system, not once per file; a failure is not kept.
      const real = fs.realpath(this.root);
      real.catch(() => (this.realRoot = undefined));
      this.realRoot = real;
    }
    return readUserFile(this.resolve(relativePath), { maxBytes: options.maxBytes, display, within: { real: this.realRoot, shown: this.root } });
  }
}

export interface UserFileOptions {
  /** Defaults to DEFAULT_MAX_READ_BYTES. */
  maxBytes?: number;
  /** The name used in errors; defaults to the path. */
  display?: string;
  /** Refuse a file whose real path (symbolic links resolved) is outside this folder. */
  within?: { real: Promise<string> | string; shown: string };
}

/**
 * The one way Stack Guide reads a user file from a local disk: a regular file only (a FIFO, device
 * or socket is refused without being opened for reading, so nothing hangs or streams forever), its
 * size checked before reading, and never more than `maxBytes` + 1 bytes read whatever the file does
 * meanwhile. Errors are FileReadError (or the fs error, e.g. ENOENT) and never quote the content.
 */
export async function readUserFile(file: string, options: UserFileOptions = {}): Promise<Uint8Array> {
  const display = options.display ?? file;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  let target = file;
  let flags = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);
  if (options.within) {
    const [real, root] = await Promise.all([fs.realpath(file), options.within.real]);
    if (!isInside(root, real)) {
      if ((await fs.lstat(file)).isSymbolicLink()) throw outsideError(display, options.within.shown);
      throw new FileReadError(display, 'outside', `is reached through a symbolic link that leads outside ${options.within.shown}; Stack Guide does not follow it`);
    }
    target = real;
    // The real path has no link left in it; a link put there meanwhile is refused, not followed.
    flags |= fsConstants.O_NOFOLLOW ?? 0;
  }
  checkRegular(display, await fs.stat(target), maxBytes);
  const handle = await fs.open(target, flags);
  try {
    // The file opened may not be the one looked at (it can be swapped meanwhile): look again.
    const stat = await handle.stat();
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
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      // All the size promised: done without another read (a file of size 0, as in /proc, is read to its end).
      if (length === stat.size) break;
    }
    if (length > maxBytes) throw tooLargeError(display, length, maxBytes);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
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
    if (relativePath.includes('\\') || relativePath.includes('\u0000')) throw new UnsafePathError(relativePath, 'backslashes and NUL are not allowed');
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
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temp, content, { flag: 'wx' });
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
