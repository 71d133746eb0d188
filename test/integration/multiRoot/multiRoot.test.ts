import * as assert from 'assert';
import { activateApi } from '../helpers';

describe('Stack Guide in a multi-root workspace', () => {
  it('detects each workspace folder on its own', async () => {
    const api = await activateApi();
    const detection = await api.detect();
    const summary = detection.folders.map((folder) => [folder.folder, folder.components.map((c) => `${c.path}:${c.ecosystems[0].id}`)]);
    assert.deepStrictEqual(summary, [
      ['api', ['.:go']],
      ['app', ['.:rust']],
    ]);
    const components = new Set(api.checklist().map((item) => `${item.folder}/${item.ecosystem}`));
    assert.deepStrictEqual([...components].sort(), ['api/go', 'app/rust']);
  });
});
