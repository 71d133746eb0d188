import { type Cancellation, type FileSystem } from '../../fileSystem';
import { compareCodeUnits, joinRelative, resolveEntry } from '../../paths';
import { cargo } from './cargo';
import { cmake } from './cmake';
import { deno } from './deno';
import { dotnet } from './dotnet';
import { goWork } from './gowork';
import { gradle } from './gradle';
import { Manifests, readAll } from './manifests';
import { maven } from './maven';
import { mix } from './mix';
import { npm } from './npm';
import { pnpm } from './pnpm';
import { pub } from './pub';
import type { ListedFolder, Workspace, WorkspaceKind, WorkspaceProblem, WorkspaceReader } from './types';
import { uv } from './uv';

export type { ListedFolder, Workspace, WorkspaceKind, WorkspaceProblem } from './types';
export { MAX_MANIFEST_BYTES } from './manifests';

/**
 * The readers, one per workspace kind (a new kind does not compile until it has one here). Each
 * lives in ./<tool>.ts and says which manifest names it reads.
 */
const READERS: { [K in WorkspaceKind]: WorkspaceReader<K> } = {
  cargo,
  'go-work': goWork,
  npm,
  pnpm,
  gradle,
  maven,
  dotnet,
  mix,
  dart: pub,
  deno,
  uv,
  cmake,
};

const READER_LIST: readonly WorkspaceReader[] = Object.values(READERS);

/** Ecosystems a workspace kind can group; a member of another ecosystem stays its own unit. */
export const WORKSPACE_ECOSYSTEMS = Object.fromEntries(READER_LIST.map((reader) => [reader.kind, reader.ecosystems])) as Record<
  WorkspaceKind,
  readonly string[]
>;

/** The manifest names every reader reads by name (a solution, *.sln, is read by its ending). */
export const WORKSPACE_MANIFEST_NAMES: ReadonlySet<string> = new Set(READER_LIST.flatMap((reader) => reader.names));

// Asked for every file name detection lists: a map for the names, then the few endings.
const READER_BY_NAME = new Map(READER_LIST.flatMap((reader) => reader.names.map((name) => [name, reader] as const)));
const READER_BY_ENDING = READER_LIST.flatMap((reader) => (reader.endings ?? []).map((ending) => [ending, reader] as const));

function readerFor(name: string): WorkspaceReader | undefined {
  return READER_BY_NAME.get(name) ?? READER_BY_ENDING.find(([ending]) => name.endsWith(ending))?.[1];
}

/** File names that can declare a workspace; detection reports every listed folder holding one. */
export function isWorkspaceManifestName(name: string): boolean {
  return readerFor(name) !== undefined;
}

/**
 * Reads the workspace manifests found in `folders` and matches their member lists against the
 * detected component paths. A manifest that cannot be read or parsed is reported as a problem and
 * otherwise ignored: its members stay units of their own.
 *
 * Root membership (is the manifest's own folder a member?), per kind:
 * - cargo: when the same Cargo.toml has [package].
 * - go-work: when it says `use .`.
 * - npm, pnpm: when the root package.json is more than a workspace shell (see isBuiltPackage).
 * - gradle: when the settings folder is a detected component (it has its own build script).
 * - maven: when the pom is a detected component whose packaging is not `pom`.
 * - dotnet: when the solution lists a project file in its own folder.
 * - mix: never (an umbrella root is not an application).
 * - dart: when the root pubspec has dependencies or a `flutter` section.
 * - deno: when the root deno.json has `exports` (it is a package, not only shared settings).
 * - uv: when pyproject.toml has a [project] table.
 * - cmake: always (the CMakeLists.txt that adds subdirectories defines targets of its own).
 * Members are always detected component paths; the root counts only if it is one too.
 */
export async function readWorkspaces(
  fs: FileSystem,
  folders: readonly ListedFolder[],
  componentPaths: readonly string[],
  token?: Cancellation,
): Promise<{ workspaces: Workspace[]; problems: WorkspaceProblem[] }> {
  const listed = folders.map((folder) => ({ path: normalisePath(folder.path), files: manifestsToRead(folder.files) }));
  const paths = [...new Set(listed.flatMap((folder) => folder.files.map((name) => joinRelative(folder.path, name))))];
  const manifests = new Manifests(await readAll(fs, paths, token));
  const components = new Set(componentPaths.map(normalisePath));
  const workspaces: Workspace[] = [];
  for (const folder of listed) {
    for (const name of folder.files) {
      const ctx = { manifests, components, folder: folder.path, file: joinRelative(folder.path, name), siblings: folder.files };
      const workspace = readerFor(name)?.read(ctx);
      if (workspace) workspaces.push(workspace);
    }
  }
  workspaces.sort((a, b) => compareCodeUnits(a.manifest, b.manifest) || compareCodeUnits(a.kind, b.kind));
  const problems = manifests.problems.sort((a, b) => compareCodeUnits(a.file, b.file));
  return { workspaces, problems };
}

/** 'a/b', never './a/b/' ; '' and './' are '.'. */
function normalisePath(path: string): string {
  return resolveEntry('.', path) ?? path;
}

/** The manifest names of a folder that the build tool itself would read. */
function manifestsToRead(files: readonly string[]): string[] {
  const names = new Set(files.filter(isWorkspaceManifestName));
  for (const name of names) {
    const winner = readerFor(name)?.supersededBy?.(name);
    if (winner !== undefined && names.has(winner)) names.delete(name);
  }
  return [...names].sort(compareCodeUnits);
}
