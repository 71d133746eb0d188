import { joinRelative, isWithin, resolveEntry } from '../../paths';
import { isTable } from './manifests';
import { compilePatterns, componentsMatching, rootIf, stringList, workspace } from './members';
import type { ManifestContext, Workspace, WorkspaceReader } from './types';

/** Cargo: [workspace] members / exclude, plus path dependencies inside the workspace. */
export const cargo: WorkspaceReader<'cargo'> = { kind: 'cargo', ecosystems: ['rust'], names: ['Cargo.toml'], read: cargoWorkspace };

function cargoWorkspace(ctx: ManifestContext): Workspace | undefined {
  const doc = ctx.manifests.toml(ctx.file);
  const ws = doc && doc.workspace;
  if (!doc || !isTable(ws)) return undefined;
  const memberEntries = stringList(ctx, ws.members, '[workspace] members');
  const excludeEntries = stringList(ctx, ws.exclude, '[workspace] exclude');
  if (!memberEntries || !excludeEntries) return undefined;
  // Cargo's exclude entries are paths, not globs: everything below one is excluded, unless a
  // literal members entry names it or a folder above it (Cargo's WorkspaceRootConfig::is_excluded).
  const excluded = excludeEntries.map((entry) => resolveEntry(ctx.folder, entry));
  const explicit = memberEntries.map((entry) => resolveEntry(ctx.folder, entry));
  const isExcluded = (path: string): boolean =>
    excluded.some((entry) => entry !== undefined && isWithin(entry, path)) &&
    !explicit.some((entry) => entry !== undefined && isWithin(entry, path));
  const members = new Set(componentsMatching(ctx, compilePatterns(ctx.folder, memberEntries)).filter((path) => !isExcluded(path)));
  const isPackage = isTable(doc.package);
  addCargoPathDependencies(ctx, doc, members, isPackage, isExcluded);
  return workspace(ctx, 'cargo', [...members, ...rootIf(ctx, isPackage)]);
}

/**
 * "All path dependencies residing in the workspace directory automatically become members"
 * (Cargo book, Workspaces), transitively. Only manifests detection listed are consulted.
 */
function addCargoPathDependencies(
  ctx: ManifestContext,
  root: Record<string, unknown>,
  members: Set<string>,
  rootIsPackage: boolean,
  isExcluded: (path: string) => boolean,
): void {
  const inherited = isTable(root.workspace) && isTable(root.workspace.dependencies) ? root.workspace.dependencies : {};
  const queue: [string, Record<string, unknown>][] = [];
  if (rootIsPackage) queue.push([ctx.folder, root]);
  const enqueue = (path: string): void => {
    const doc = path === ctx.folder ? undefined : ctx.manifests.toml(joinRelative(path, 'Cargo.toml'));
    if (doc && isTable(doc.package)) queue.push([path, doc]);
  };
  members.forEach(enqueue);
  for (let item = queue.shift(); item; item = queue.shift()) {
    const [folder, doc] = item;
    for (const dependency of cargoPathDependencies(doc, folder, inherited, ctx.folder)) {
      if (members.has(dependency) || dependency === ctx.folder || !ctx.components.has(dependency)) continue;
      if (!isWithin(ctx.folder, dependency) || isExcluded(dependency)) continue;
      members.add(dependency);
      enqueue(dependency);
    }
  }
}

const CARGO_DEPENDENCY_TABLES = ['dependencies', 'dev-dependencies', 'dev_dependencies', 'build-dependencies', 'build_dependencies'];

function cargoPathDependencies(doc: Record<string, unknown>, folder: string, inherited: Record<string, unknown>, root: string): string[] {
  const tables = CARGO_DEPENDENCY_TABLES.map((key) => doc[key]);
  if (isTable(doc.target)) {
    for (const target of Object.values(doc.target)) {
      if (isTable(target)) tables.push(...CARGO_DEPENDENCY_TABLES.map((key) => target[key]));
    }
  }
  const paths: string[] = [];
  for (const table of tables) {
    if (!isTable(table)) continue;
    for (const [name, spec] of Object.entries(table)) {
      if (!isTable(spec)) continue;
      let path: string | undefined;
      if (typeof spec.path === 'string') {
        path = resolveEntry(folder, spec.path);
      } else if (spec.workspace === true) {
        // `foo.workspace = true` takes [workspace.dependencies] foo, whose path is relative to the root.
        const shared = inherited[name];
        if (isTable(shared) && typeof shared.path === 'string') path = resolveEntry(root, shared.path);
      }
      if (path !== undefined) paths.push(path);
    }
  }
  return paths;
}
