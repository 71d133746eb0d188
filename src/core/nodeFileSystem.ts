import { promises as fs } from 'fs';
import * as path from 'path';
import type { DirEntry, FileSystem } from './fileSystem';

/** FileSystem over Node's fs, rooted at an absolute folder. Used by the CLI and the tests. */
export class NodeFileSystem implements FileSystem {
  constructor(private readonly root: string) {}

  private resolve(relativePath: string): string {
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
