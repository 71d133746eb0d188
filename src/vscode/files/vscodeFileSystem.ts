import * as vscode from 'vscode';
import {
  DEFAULT_MAX_READ_BYTES,
  FileReadError,
  notRegularError,
  tooLargeError,
  type DirEntry,
  type ReadOptions,
} from '../../core/fileSystem';
import type { WritableFileSystem } from '../../core/review/reviewData';
import { NO_LOCAL_DISK, type Disks } from './localDisk';

export interface UriReadOptions extends ReadOptions {
  /** The name used in errors; defaults to the path (local files) or the URI. */
  display?: string;
  /**
   * Refuse a file outside this folder: on a local disk, one whose real path (links resolved) is
   * elsewhere; on other file systems, where a link's target cannot be known, any symbolic link.
   */
  within?: vscode.Uri;
}

/**
 * The extension's one way to read a user file: a regular file only, its size checked before it is
 * read. A local file goes through the same bounded reader as the CLI (nothing is opened that could
 * block, no more than the limit is read whatever the file does meanwhile); a remote or virtual one
 * is stat-ed through vscode.workspace.fs first (a FIFO, device or socket shows as Unknown there).
 */
export async function readUserUri(disks: Disks, uri: vscode.Uri, options: UriReadOptions = {}): Promise<Uint8Array> {
  const display = options.display ?? (uri.scheme === 'file' ? uri.fsPath : uri.toString());
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  const disk = disks.for(uri);
  if (disk && (!options.within || options.within.scheme === 'file')) {
    const within = options.within ? { real: disk.realpath(options.within.fsPath), shown: options.within.fsPath } : undefined;
    return disk.readUserFile(uri.fsPath, { maxBytes, display, within });
  }
  const stat = await vscode.workspace.fs.stat(uri);
  if (options.within && stat.type & vscode.FileType.SymbolicLink) {
    throw new FileReadError(
      display,
      'outside',
      'is a symbolic link; Stack Guide does not follow links on this file system: replace the link with the file itself',
    );
  }
  if (!(stat.type & vscode.FileType.File))
    throw notRegularError(display, stat.type & vscode.FileType.Directory ? 'a folder' : 'a named pipe, a device or a socket');
  if (stat.size > maxBytes) throw tooLargeError(display, stat.size, maxBytes);
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.byteLength > maxBytes) throw tooLargeError(display, bytes.byteLength, maxBytes);
  return bytes;
}

/**
 * The entries of a folder, or undefined when it is not a folder. Local folders are listed through
 * Node's fs: at window start-up a vscode.workspace.fs round trip waits for a busy workbench.
 */
export async function listUri(disks: Disks, dir: vscode.Uri): Promise<[string, vscode.FileType][] | undefined> {
  const disk = disks.for(dir);
  if (disk) {
    // Synchronous: at window start-up an asynchronous call waits for a busy event loop to finish.
    try {
      // As vscode.workspace.fs reports a link: SymbolicLink with the kind of what it points to.
      return disk
        .listFolder(dir.fsPath)
        .map((entry): [string, vscode.FileType] => [
          entry.name,
          (entry.symlink ? vscode.FileType.SymbolicLink : 0) |
            (entry.kind === 'directory'
              ? vscode.FileType.Directory
              : entry.kind === 'file'
                ? vscode.FileType.File
                : vscode.FileType.Unknown),
        ]);
    } catch {
      return undefined;
    }
  }
  try {
    // stat first: a missing folder is the usual case, and listing it makes VS Code log a warning.
    if (!((await vscode.workspace.fs.stat(dir)).type & vscode.FileType.Directory)) return undefined;
    return await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return undefined;
  }
}

/** The core's FileSystem over vscode.workspace.fs, rooted at a folder URI (works on remote and virtual folders). */
export class VscodeFileSystem implements WritableFileSystem {
  constructor(
    private readonly root: vscode.Uri,
    private readonly disks: Disks = NO_LOCAL_DISK,
  ) {}

  private uri(relativePath: string): vscode.Uri {
    const parts = relativePath.split('/').filter((part) => part && part !== '.');
    if (parts.includes('..')) throw new Error(`${relativePath} leaves the workspace folder`);
    return parts.length === 0 ? this.root : vscode.Uri.joinPath(this.root, ...parts);
  }

  async readDirectory(relativePath: string): Promise<DirEntry[]> {
    const uri = this.uri(relativePath);
    const disk = this.disks.for(uri);
    if (disk) return disk.listFolder(uri.fsPath);
    const entries = await vscode.workspace.fs.readDirectory(uri);
    return entries.map(([name, type]) => ({
      name,
      kind: type & vscode.FileType.Directory ? 'directory' : type & vscode.FileType.File ? 'file' : 'other',
      symlink: (type & vscode.FileType.SymbolicLink) !== 0,
    }));
  }

  /** A regular file inside the workspace folder, bounded: see FileSystem.readFile and readUserUri. */
  async readFile(relativePath: string, options: ReadOptions = {}): Promise<Uint8Array> {
    const display =
      relativePath
        .split('/')
        .filter((part) => part && part !== '.')
        .join('/') || '.';
    const uri = this.uri(relativePath);
    const disk = this.disks.for(uri);
    if (!disk) return readUserUri(this.disks, uri, { maxBytes: options.maxBytes, display, within: this.root });
    // The folder's real path is looked up once, not once per file (a review folder can hold thousands).
    if (!this.realRoot) {
      const real = disk.realpath(this.root.fsPath);
      real.catch(() => (this.realRoot = undefined));
      this.realRoot = real;
    }
    return disk.readUserFile(uri.fsPath, {
      maxBytes: options.maxBytes ?? DEFAULT_MAX_READ_BYTES,
      display,
      within: { real: this.realRoot, shown: this.root.fsPath },
    });
  }

  private realRoot: Promise<string> | undefined;

  writeFileAtomic(relativePath: string, bytes: Uint8Array): Promise<void> {
    return writeUriAtomically(this.uri(relativePath), bytes);
  }

  /** workspace.fs.writeFile has no exclusive create: a temporary file, renamed without overwriting. */
  async createExclusive(relativePath: string, bytes: Uint8Array): Promise<boolean> {
    const target = this.uri(relativePath);
    const dir = vscode.Uri.joinPath(target, '..');
    await vscode.workspace.fs.createDirectory(dir);
    const temp = vscode.Uri.joinPath(
      dir,
      `.${target.path.split('/').pop()}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`,
    );
    await vscode.workspace.fs.writeFile(temp, bytes);
    try {
      await vscode.workspace.fs.rename(temp, target, { overwrite: false });
      return true;
    } catch (error) {
      await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
      if (error instanceof vscode.FileSystemError && error.code === 'FileExists') return false;
      throw error;
    }
  }

  async deleteFile(relativePath: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.uri(relativePath));
    } catch (error) {
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) throw error;
    }
  }
}

/** A temporary file beside the target, then a rename over it: a reader never sees half a file. */
export async function writeUriAtomically(target: vscode.Uri, bytes: Uint8Array): Promise<void> {
  const dir = vscode.Uri.joinPath(target, '..');
  await vscode.workspace.fs.createDirectory(dir);
  const temp = vscode.Uri.joinPath(
    dir,
    `.${target.path.split('/').pop()}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`,
  );
  await vscode.workspace.fs.writeFile(temp, bytes);
  try {
    await vscode.workspace.fs.rename(temp, target, { overwrite: true });
  } catch (error) {
    await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
    throw error;
  }
}
