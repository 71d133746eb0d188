import type { FileSystem } from './fileSystem';

/** Runs `work` once, `delayMs` after the last call to `schedule`; `dispose` drops a pending run. */
export class Debouncer {
  private timer: ReturnType<typeof setTimeout> | undefined;

  private disposed = false;

  constructor(
    private readonly delayMs: number,
    private readonly work: () => unknown,
    /** Errors of `work` go here rather than becoming unhandled rejections. */
    private readonly onError: (error: unknown) => void = (error) => console.error(error),
  ) {}

  schedule(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      Promise.resolve()
        .then(() => this.work())
        .catch(this.onError);
    }, this.delayMs);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }
}

/** Runs tasks one after another, so an older task never finishes after a newer one; a failed task does not stop the next. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Hands the thread back now and then. Reads through Node's fs (done synchronously) and reads
 * answered from memory (a cached re-detection) finish without waiting: a long run of them would
 * otherwise hold the extension host until it is over. Work started through `run` yields to the
 * event loop first once `sliceMs` have passed since the slice began.
 */
export class Pause {
  private last = Date.now();
  /** Counts the slices: callers that waited on the same yield start one slice, not one each. */
  private slices = 0;

  constructor(readonly sliceMs = 30) {}

  /**
   * Starts `work` now, or after a yield. The check and the start of the work happen together, so
   * concurrent callers (a detection lists eight folders at a time) cannot all pass the check and
   * then all work in one go: the first one back from a yield starts the next slice, and the
   * others check again.
   */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (Date.now() - this.last < this.sliceMs) return settle(work);
    const slice = this.slices;
    return new Promise((resolve) => setTimeout(resolve, 0)).then(() => {
      if (this.slices !== slice) return this.run(work);
      this.slices++;
      this.last = Date.now();
      return settle(work);
    });
  }

  /** Whether the slice is over: a caller in a tight loop skips `now()` (and its promise) until it is. */
  get due(): boolean {
    return Date.now() - this.last >= this.sliceMs;
  }

  /** How long the current slice has held the thread, in ms. */
  get held(): number {
    return Date.now() - this.last;
  }

  /** Resolves at once, or after a yield when the slice is over. */
  now(): Promise<void> {
    return this.run(() => Promise.resolve());
  }
}

/** `work()`, with a synchronous throw turned into a rejection, as callers of a promise expect. */
function settle<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * The same file system, handing the thread back between calls once a slice (30 ms unless the
 * pause says otherwise) is over: for a file system whose calls do their work synchronously
 * (NodeFileSystem) when it is used inside the extension host.
 */
export function withPauses(fs: FileSystem, pause = new Pause()): FileSystem {
  return {
    readDirectory: (relativePath) => pause.run(() => fs.readDirectory(relativePath)),
    readFile: (relativePath, options) => pause.run(() => fs.readFile(relativePath, options)),
  };
}
