import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeWritableFileSystem } from '../../src/node/nodeFileSystem';
import { DEFAULT_LAYOUT, type ReviewEntry } from '../../src/core/review/reviewData';
import { ReviewWriteError, updateEntry } from '../../src/core/review/reviewWriter';
import { makeTree } from './treeHelper';

const entry: ReviewEntry = { state: 'done', by: 'Ana', at: '2026-11-29T10:00:00.000Z', textHash: '00000001' };
const key = { unit: '.', id: 'go.a.b' };

function refusal(error: unknown): ReviewWriteError['error'] {
  assert.ok(error instanceof ReviewWriteError, String(error));
  return error.error;
}

describe('write failures say what is actually wrong', () => {
  it("a folder at the decision's path is named as such, not as a permission problem", async () => {
    const root = makeTree({ '.stackguide/review/go.a.b.yaml/keep.txt': '' });
    const error = refusal(await updateEntry(new NodeWritableFileSystem(root), DEFAULT_LAYOUT, key, () => entry).catch((e: unknown) => e));
    assert.strictEqual(error.file, '.stackguide/review/go.a.b.yaml');
    assert.match(error.message, /a folder \(or something else that is not a file\) is at its path/);
    assert.match(error.hint, /Move or remove what is there/);
    assert.doesNotMatch(`${error.message} ${error.hint}`, /permission/i);
    assert.ok(fs.statSync(path.join(root, '.stackguide/review/go.a.b.yaml')).isDirectory());
  });

  for (const [name, thrown] of [
    ['Node (code ENOSPC)', Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })],
    [
      'vscode.workspace.fs (the code only in the message)',
      new Error('Unable to write file (Unknown (FileSystemError): Error: ENOSPC: no space left on device)'),
    ],
  ] as const) {
    it(`a full disk says the disk is full: ${name}`, async () => {
      const root = makeTree({ 'README.md': '' });
      const inner = new NodeWritableFileSystem(root);
      const full = Object.assign(Object.create(inner) as NodeWritableFileSystem, {
        writeFileAtomic: () => Promise.reject(thrown),
      });
      const error = refusal(await updateEntry(full, DEFAULT_LAYOUT, key, () => entry).catch((e: unknown) => e));
      assert.match(error.message, /the disk is full/);
      assert.match(error.hint, /Free some space/);
      assert.doesNotMatch(`${error.message} ${error.hint}`, /permission/i);
    });
  }
});
