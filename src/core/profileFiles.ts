import type { FileSystem } from './fileSystem';
import { loadProfiles, type LoadResult, type ProfileSource } from './profiles/loader';
import type { Profile } from './profiles/model';

/** Reads every `*.yaml` in a folder of the given file system and loads them as profiles, on top of `base`. */
export async function loadProfileFolder(fs: FileSystem, folder: string, display: (name: string) => string, base: readonly Profile[] = []): Promise<LoadResult> {
  const entries = await fs.readDirectory(folder);
  const names = entries.filter((entry) => entry.kind === 'file' && /\.ya?ml$/.test(entry.name)).map((entry) => entry.name).sort();
  const sources: ProfileSource[] = await Promise.all(
    names.map(async (name) => ({ file: display(name), bytes: await fs.readFile(folder === '.' ? name : `${folder}/${name}`) })),
  );
  return loadProfiles(sources, base);
}

