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
