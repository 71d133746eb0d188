import * as vscode from 'vscode';
import type { DirEntry } from './core/fileSystem';
import type { WritableFileSystem } from './core/review/reviewData';

/** The core's FileSystem over vscode.workspace.fs, rooted at a folder URI (works on remote and virtual folders). */
export class VscodeFileSystem implements WritableFileSystem {
  constructor(private readonly root: vscode.Uri) {}

  private uri(relativePath: string): vscode.Uri {
    const parts = relativePath.split('/').filter((part) => part && part !== '.');
    if (parts.includes('..')) throw new Error(`${relativePath} leaves the workspace folder`);
    return parts.length === 0 ? this.root : vscode.Uri.joinPath(this.root, ...parts);
  }

  async readDirectory(relativePath: string): Promise<DirEntry[]> {
    const entries = await vscode.workspace.fs.readDirectory(this.uri(relativePath));
    return entries.map(([name, type]) => ({
      name,
      kind: type & vscode.FileType.Directory ? 'directory' : type & vscode.FileType.File ? 'file' : 'other',
      symlink: (type & vscode.FileType.SymbolicLink) !== 0,
    }));
  }

  readFile(relativePath: string): Promise<Uint8Array> {
    return Promise.resolve(vscode.workspace.fs.readFile(this.uri(relativePath)));
  }

  /** A temporary file beside the target, then a rename over it: a reader never sees half a file. */
  async writeFileAtomic(relativePath: string, bytes: Uint8Array): Promise<void> {
    const target = this.uri(relativePath);
    const dir = vscode.Uri.joinPath(target, '..');
    await vscode.workspace.fs.createDirectory(dir);
    const temp = vscode.Uri.joinPath(dir, `.${target.path.split('/').pop()}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
    await vscode.workspace.fs.writeFile(temp, bytes);
    try {
      await vscode.workspace.fs.rename(temp, target, { overwrite: true });
    } catch (error) {
      await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
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
