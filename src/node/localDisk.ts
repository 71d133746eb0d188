import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { LocalDisk } from '../vscode/files/localDisk';
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
};
