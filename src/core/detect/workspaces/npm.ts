import { TOOLING_PACKAGES } from '../rules';
import { isTable } from './manifests';
import { componentsMatchingWithNegations, rootIf, stringList, workspace } from './members';
import type { ManifestContext, Workspace, WorkspaceReader } from './types';

/** npm, yarn, bun: package.json `workspaces`. */
export const npm: WorkspaceReader<'npm'> = {
  kind: 'npm',
  ecosystems: ['javascript', 'typescript'],
  names: ['package.json'],
  read: npmWorkspace,
};

function npmWorkspace(ctx: ManifestContext): Workspace | undefined {
  if (ctx.siblings.includes('pnpm-workspace.yaml')) {
    // pnpm ignores package.json `workspaces`: one workspace here, not two with the same members.
    // The file is still parsed, so that a broken one is reported.
    ctx.manifests.json(ctx.file);
    return undefined;
  }
  const pkg = ctx.manifests.json(ctx.file);
  if (!pkg || pkg.workspaces === undefined) return undefined;
  // An array, or yarn classic's (and bun's) { packages: [...], nohoist / catalog: ... }.
  const declared = isTable(pkg.workspaces) ? pkg.workspaces.packages : pkg.workspaces;
  const field = isTable(pkg.workspaces) ? '"workspaces.packages"' : '"workspaces"';
  const entries = stringList(ctx, declared, field);
  if (!entries) return undefined;
  const members = componentsMatchingWithNegations(ctx, entries, false);
  return workspace(ctx, 'npm', [...members, ...rootIf(ctx, isBuiltPackage(pkg))]);
}

/**
 * A root package.json is a package of its own, not only the workspace's shell, when it has an
 * entry point or runtime dependencies other than repository tooling (formatters, linters, hooks).
 * devDependencies never count: every workspace root has them.
 */
export function isBuiltPackage(pkg: Record<string, unknown>): boolean {
  if (['main', 'exports', 'bin', 'module'].some((key) => pkg[key] !== undefined)) return true;
  const dependencies = isTable(pkg.dependencies) ? Object.keys(pkg.dependencies) : [];
  return dependencies.some((name) => !TOOLING_PACKAGES.some((pattern) => pattern.test(name)));
}
