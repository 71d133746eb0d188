import * as vscode from 'vscode';
import type { DirEntry, FileSystem } from './core/fileSystem';

/** The core's FileSystem over vscode.workspace.fs, rooted at a folder URI (works on remote and virtual folders). */
export class VscodeFileSystem implements FileSystem {
  constructor(private readonly root: vscode.Uri) {}

  private uri(relativePath: string): vscode.Uri {
    const parts = relativePath.split('/').filter((part) => part && part !== '.');
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
}
