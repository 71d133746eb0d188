import type { DirEntry, FileSystem, ReadOptions } from '../fileSystem';
import { isWithin, normaliseRelative, parentOf } from '../paths';

/**
 * Keeps what detection read (folder listings and manifests) between runs, so a change re-reads
 * only what it touched: the file itself and the listing of its folder. Detection then runs over
 * memory for everything else and gives the same answer as a full run, since every read it makes
 * goes through here. A failed read is not kept: the next run tries again.
 */
export class DetectionCache implements FileSystem {
  private readonly listings = new Map<string, Promise<DirEntry[]>>();
  private readonly files = new Map<string, Promise<Uint8Array>>();
  /** Reads that reached the file system since the last `takeStats`, for the log and the benchmark. */
  private reads = 0;
  private hits = 0;

  constructor(private readonly inner: FileSystem) {}

  readDirectory(relativePath: string): Promise<DirEntry[]> {
    return this.remember(this.listings, normaliseRelative(relativePath), (path) => this.inner.readDirectory(path));
  }

  /**
   * The first read of a path sets its limit: a file over it is refused and not kept, so a later
   * reader with a larger limit reads it then. The evidence probes' smaller limit thus also keeps
   * large files out of this cache.
   */
  readFile(relativePath: string, options?: ReadOptions): Promise<Uint8Array> {
    return this.remember(this.files, normaliseRelative(relativePath), (path) => this.inner.readFile(path, options));
  }

  private remember<T>(cache: Map<string, Promise<T>>, path: string, read: (path: string) => Promise<T>): Promise<T> {
    const cached = cache.get(path);
    if (cached) {
      this.hits++;
      return cached;
    }
    this.reads++;
    const pending = read(path);
    cache.set(path, pending);
    pending.catch(() => {
      if (cache.get(path) === pending) cache.delete(path);
    });
    return pending;
  }

  /**
   * Something at `relativePath` was created, changed or deleted: forget it, everything below it
   * (a deleted or replaced folder), and the listing of the folder that holds it.
   */
  invalidate(relativePath: string): void {
    const path = normaliseRelative(relativePath);
    for (const cache of [this.listings, this.files] as Map<string, unknown>[]) {
      for (const key of [...cache.keys()]) if (isWithin(path, key)) cache.delete(key);
    }
    this.listings.delete(parentOf(path));
  }

  clear(): void {
    this.listings.clear();
    this.files.clear();
  }

  takeStats(): { reads: number; hits: number } {
    const stats = { reads: this.reads, hits: this.hits };
    this.reads = 0;
    this.hits = 0;
    return stats;
  }
}
