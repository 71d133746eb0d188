/**
 * Issue 14 in the real VS Code host: the extension reads review and profile files through
 * vscode.workspace.fs / the bounded reader. A FIFO, a huge file and a link out of the workspace
 * must each give a clear message (a refused tick, a diagnostic) and never hang the host.
 * Each test removes what it made, so the next starts from a clean folder.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { StackGuideApi } from '../../../src/vscode/api';
import { activateApi, eventually, workspaceRoot } from '../helpers';

const ITEM = 'go.delivery.timeouts';
const SECRET = 'TOP-SECRET-CONTENT-5678';

/** The message of the tick's refusal, or undefined when the tick was recorded. */
async function tickError(api: StackGuideApi, state: 'done' | 'open' = 'done'): Promise<string | undefined> {
  try {
    await api.setItemState(ITEM, state);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('hostile files in the real VS Code host', function () {
  let api: StackGuideApi;
  let root: string;
  let review: string;
  const made: string[] = [];
  const make = (file: string): string => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    made.push(file);
    return file;
  };

  before(async function () {
    if (process.platform === 'win32') this.skip(); // FIFOs and symbolic links need a POSIX file system
    api = await activateApi();
    await api.ready();
    root = workspaceRoot().fsPath;
    review = path.join(root, '.stackguide', 'review');
    await eventually('the Go checklist', () => api.checklist().some((item) => item.id === ITEM));
  });

  afterEach(() => {
    for (const file of made.splice(0)) fs.rmSync(file, { force: true });
  });

  it('a decision file that is a FIFO refuses the tick with a message, and nothing hangs', async () => {
    execFileSync('mkfifo', [make(path.join(review, `${ITEM}.yaml`))]);
    assert.match((await tickError(api)) ?? 'the tick was recorded', /not a regular file/);
  });

  it('a version-1 review file that is a FIFO refuses the tick with a message', async () => {
    execFileSync('mkfifo', [make(path.join(root, '.stackguide', 'review.yaml'))]);
    assert.match((await tickError(api)) ?? 'the tick was recorded', /review\.yaml/);
  });

  it('a 50 MB decision file is refused before it is read, naming the limit', async () => {
    const file = make(path.join(review, 'huge.yaml'));
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 50 * 1024 * 1024); // sparse: no disk, no memory
    assert.match(
      (await tickError(api)) ?? 'the tick was recorded',
      /huge\.yaml.*50\.0 MB, more than the limit of 262144 bytes|50\.0 MB, more than the limit of 262144 bytes.*huge\.yaml/,
    );
  });

  it('a decision file linked to a file outside the workspace is refused without quoting it', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-outside-'));
    made.push(path.join(outside, 'secret.yaml'));
    fs.writeFileSync(path.join(outside, 'secret.yaml'), `version: 2\nunit: .\nitem: ${ITEM}\nstate: ${SECRET}\n`);
    fs.symlinkSync(path.join(outside, 'secret.yaml'), make(path.join(review, 'linked.yaml')));
    const message = (await tickError(api)) ?? 'the tick was recorded';
    assert.match(message, /symbolic link/);
    assert.ok(!message.includes(SECRET), message);
  });

  it('with the hostile files gone, the tick is recorded', async () => {
    await eventually('the tick to go through', async () => (await tickError(api)) === undefined);
    // On failure, say what is stored and whether the store can read it now.
    const stored = () =>
      fs.readdirSync(review).map((name) => `${name}: ${fs.readFileSync(path.join(review, name), 'utf8').replace(/\n/g, ' ')}`);
    await eventually('the checklist to show the tick', () => api.checklist().find((item) => item.id === ITEM)?.state === 'done').catch(
      async (error: Error) => {
        throw new Error(`${error.message}; stored: ${JSON.stringify(stored())}; a tick now: ${(await tickError(api)) ?? 'recorded'}`);
      },
    );
    assert.strictEqual(await tickError(api, 'open'), undefined);
  });

  it('team profiles that are a FIFO or a link out of the folder show as problems; the others load', async () => {
    const profiles = path.join(root, '.stackguide', 'profiles');
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-outside-'));
    made.push(path.join(outside, 'secret.yaml'));
    fs.writeFileSync(path.join(outside, 'secret.yaml'), `schema: 1\nextends: go\nsummary: ${SECRET}\n`);
    execFileSync('mkfifo', [make(path.join(profiles, 'pipe.yaml'))]);
    fs.symlinkSync(path.join(outside, 'secret.yaml'), make(path.join(profiles, 'linked.yaml')));
    fs.writeFileSync(
      make(path.join(profiles, 'good.yaml')),
      'schema: 1\nextends: go\nchecklist:\n  delivery:\n    - id: acme.delivery.readiness\n      text: The service exposes /readyz.\n      severity: high\n',
    );
    const problemsOf = (name: string) =>
      vscode.languages
        .getDiagnostics(vscode.Uri.file(path.join(profiles, name)))
        .filter((d) => d.source === 'Stack Guide')
        .map((d) => d.message);
    await eventually('the good team profile to load', () => api.checklist().some((item) => item.id === 'acme.delivery.readiness'), 30_000);
    await eventually(
      'a problem on the FIFO',
      () => problemsOf('pipe.yaml').some((message) => /named pipe \(FIFO\), not a regular file/.test(message)),
      30_000,
    );
    await eventually(
      'a problem on the link',
      () => problemsOf('linked.yaml').some((message) => /symbolic link to a file outside/.test(message)),
      30_000,
    );
    assert.ok(!problemsOf('linked.yaml').join('\n').includes(SECRET));
    assert.ok(!api.listProfiles().some((profile) => profile.summary.includes(SECRET)));
  });
});
