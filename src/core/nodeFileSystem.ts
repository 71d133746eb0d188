import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { DirEntry, FileSystem } from './fileSystem';
import type { WritableFileSystem } from './review/reviewData';

/** FileSystem over Node's fs, rooted at an absolute folder. Used by the CLI and the tests. */
export class NodeFileSystem implements FileSystem {
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

  readFile(relativePath: string): Promise<Uint8Array> {
    return fs.readFile(this.resolve(relativePath));
  }
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
    const file = (await this.parentFolder(relativePath, true))!;
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await fs.writeFile(temp, bytes, { flag: 'wx' });
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
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
