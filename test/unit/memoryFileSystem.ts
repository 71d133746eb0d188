import { DEFAULT_MAX_READ_BYTES, tooLargeError, type DirEntry, type FileSystem, type ReadOptions } from '../../src/core/fileSystem';

/** An in-memory tree: path → content; folders are implied by the paths. */
export class MemoryFileSystem implements FileSystem {
  constructor(private readonly files: Record<string, string>) {}

  async readDirectory(dir: string): Promise<DirEntry[]> {
    const prefix = dir === '.' || dir === '' ? '' : `${dir}/`;
    const entries = new Map<string, DirEntry>();
    for (const file of Object.keys(this.files)) {
      if (!file.startsWith(prefix)) continue;
      const [name, ...rest] = file.slice(prefix.length).split('/');
      entries.set(name, { name, kind: rest.length > 0 ? 'directory' : 'file', symlink: false });
    }
    if (prefix && entries.size === 0) throw Object.assign(new Error(`ENOENT ${dir}`), { code: 'ENOENT' });
    return [...entries.values()];
  }

  async readFile(file: string, options?: ReadOptions): Promise<Uint8Array> {
    const text = Object.prototype.hasOwnProperty.call(this.files, file) ? this.files[file] : undefined;
    if (text === undefined) throw Object.assign(new Error(`ENOENT ${file}`), { code: 'ENOENT' });
    const bytes = new TextEncoder().encode(text);
    const limit = options?.maxBytes ?? DEFAULT_MAX_READ_BYTES;
    if (bytes.byteLength > limit) throw tooLargeError(file, bytes.byteLength, limit);
    return bytes;
  }
}
