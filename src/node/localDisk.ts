import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { GitAnswer, LocalDisk } from '../vscode/files/localDisk';
import { changedSince, ChangeInputError, gitRefs, upstreamOf } from './git';
import { withPauses } from '../core/timing';
import { listFolder, NodeFileSystem, readUserFile } from './nodeFileSystem';
import { git, readGitHistory } from './history';

/** The Node extension host's local disk: Node's fs, synchronous where a busy start-up loop would make a round trip slow. */
export const nodeLocalDisk: LocalDisk = {
  fileSystem: (root) => withPauses(new NodeFileSystem(root)),
  readUserFile,
  listFolder,
  // The same resolution as each read's (nodeFileSystem.ts realPath), so the two compare.
  realpath: (folder) =>
    new Promise((resolve, reject) => fs.realpath.native(folder, (error, real) => (error ? reject(error) : resolve(real)))),
  readBundled: (file) => fs.readFileSync(file),
  async isReadOnly(file) {
    return ((await fs.promises.stat(file)).mode & 0o200) === 0;
  },
  globalGitConfig: () => path.join(os.homedir(), '.gitconfig'),
  reviewHistory: (dir, layout, maxCommits) => readGitHistory(dir, layout, { maxCommits }),
  gitHead: (dir) =>
    git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).then(
      (out) => out.toString('utf8').trim() || undefined,
      () => undefined,
    ),
  userName() {
    try {
      return os.userInfo().username;
    } catch {
      return undefined;
    }
  },
  git: {
    changedSince: (folder, ref) => answer(() => changedSince(folder, ref)),
    upstream: (folder) => answer(() => upstreamOf(folder)),
    refs: (folder) => answer(() => gitRefs(folder)),
  },
};

/** git's failures as data: the editor words them, and no error class crosses the bundle seam. */
async function answer<T>(run: () => Promise<T>): Promise<GitAnswer<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof ChangeInputError) return { ok: false, problem: error.problem, message: error.message };
    return { ok: false, problem: 'failed', message: (error as Error).message };
  }
}
