import * as assert from 'assert';
import { Debouncer, SerialQueue } from '../../src/core/timing';

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
});
