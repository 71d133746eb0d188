import * as assert from 'assert';
import { detectFolder } from '../../src/core/detect/detector';
import type { FileSystem } from '../../src/core/fileSystem';
import { Debouncer, Pause, SerialQueue, withPauses } from '../../src/core/timing';
import { MemoryFileSystem } from './memoryFileSystem';

describe('timing helpers', () => {
  it('Debouncer runs once after a burst, and never after dispose', async () => {
    let runs = 0;
    const debouncer = new Debouncer(20, () => runs++);
    for (let i = 0; i < 5; i++) debouncer.schedule();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.strictEqual(runs, 1);
    debouncer.schedule();
    debouncer.dispose();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.strictEqual(runs, 1);
  });

  it('SerialQueue finishes tasks in order even when a later one is faster, and survives a failure', async () => {
    const queue = new SerialQueue();
    const done: string[] = [];
    const slow = queue.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      done.push('slow');
    });
    const failing = queue.run(async () => {
      throw new Error('boom');
    });
    const fast = queue.run(async () => {
      done.push('fast');
    });
    await slow;
    await assert.rejects(failing, /boom/);
    await fast;
    assert.deepStrictEqual(done, ['slow', 'fast']);
  });

  it('withPauses lets the event loop run during a long detection over a file system that never waits', async () => {
    // Every call holds the thread for 4 ms and finishes without waiting, as Node's synchronous
    // reads do: without the pauses a timer set before the run fires only after it. Slices of
    // 10 ms over about 56 ms of calls give several yields.
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`services/s${i}/go.mod`] = `module s${i}\n`;
    const memory = new MemoryFileSystem(files);
    const busy = (): void => {
      const until = Date.now() + 4;
      while (Date.now() < until) {
        // holding the thread, like a synchronous read
      }
    };
    const blocking: FileSystem = {
      readDirectory: (p) => (busy(), memory.readDirectory(p)),
      readFile: (p, o) => (busy(), memory.readFile(p, o)),
    };
    const gaps: number[] = [];
    let last = Date.now();
    const timer = setInterval(() => {
      gaps.push(Date.now() - last);
      last = Date.now();
    }, 1);
    try {
      const detection = await detectFolder(withPauses(blocking, new Pause(10)), 'w');
      assert.strictEqual(detection.components.length, 12, 'the same answer');
    } finally {
      clearInterval(timer);
    }
    assert.ok(gaps.length >= 3, `the timer ran ${gaps.length} time(s) during the run`);
  });

  it('withPauses turns a file system call that throws at once into a rejected promise', async () => {
    const throwing: FileSystem = {
      readDirectory: () => {
        throw new Error('EACCES: permission denied');
      },
      readFile: () => {
        throw new Error('EISDIR');
      },
    };
    const paused = withPauses(throwing);
    let listing: Promise<unknown> | undefined;
    assert.doesNotThrow(() => (listing = paused.readDirectory('.')));
    await assert.rejects(listing!, /EACCES/);
    await assert.rejects(paused.readFile('x'), /EISDIR/);
  });
});
