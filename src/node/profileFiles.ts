import { promises as fsp } from 'fs';
import * as path from 'path';
import { joinRelative, mapBounded, READ_CONCURRENCY, type FileSystem } from '../core/fileSystem';
import { NodeFileSystem } from './nodeFileSystem';
import { loadProfiles, PROFILE_READ, profileReadProblem, type LoadResult, type ProfileSource } from '../core/profiles/loader';
import type { Profile } from '../core/profiles/model';

/**
 * Reads every `*.yaml` / `*.yml` in a folder of the given file system and loads them as profiles,
 * on top of `base`. Files are read a few at a time (a folder of a thousand profiles never holds a
 * thousand descriptors) through the bounded reader: a file over the profile limit, a FIFO or
 * device, or a link out of the folder is reported as that file's problem, and the others load.
 */
export async function loadProfileFolder(
  fs: FileSystem,
  folder: string,
  display: (name: string) => string,
  base: readonly Profile[] = [],
): Promise<LoadResult> {
  const entries = await fs.readDirectory(folder);
  // Anything named like a profile that is not a folder is read, so a FIFO or device says why it is not loaded.
  const names = entries
    .filter((entry) => entry.kind !== 'directory' && /\.ya?ml$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  const sources = await mapBounded(names, READ_CONCURRENCY, (name) => readProfileSource(fs, joinRelative(folder, name), display(name)));
  return loadProfiles(sources, base);
}

/** One profile file, read bounded; a refusal becomes the source's problem rather than an exception. */
export async function readProfileSource(fs: FileSystem, relativePath: string, file: string): Promise<ProfileSource> {
  try {
    return { file, bytes: await fs.readFile(relativePath, PROFILE_READ) };
  } catch (error) {
    return { file, bytes: new Uint8Array(), unreadable: profileReadProblem(error) };
  }
}

/**
 * What `stack-guide validate DIR` checks: the folder's files, on top of the built-in profiles in
 * `builtInsDir` unless DIR is that folder, so a team file that extends a built-in (`extends: go`)
 * is checked against it instead of being reported as naming no known profile. `profiles` holds
 * what the folder defines or changes; built-ins it leaves alone are not counted.
 */
export async function validateProfileFolder(dir: string, builtInsDir: string): Promise<LoadResult> {
  const load = (folder: string, base?: readonly Profile[]) =>
    loadProfileFolder(new NodeFileSystem(folder), '.', (name) => path.join(folder, name), base);
  const [real, builtInsReal] = await Promise.all([fsp.realpath(dir), fsp.realpath(builtInsDir).catch(() => undefined)]);
  if (builtInsReal === undefined || real === builtInsReal) return load(dir);
  const builtIns = await load(builtInsDir);
  const result = await load(dir, builtIns.profiles);
  return {
    profiles: result.profiles.filter((profile) => !builtIns.profiles.includes(profile)),
    problems: [...builtIns.problems, ...result.problems],
  };
}
