import { joinRelative } from '../../paths';
import { isBuiltPackage } from './npm';
import { componentsMatchingWithNegations, rootIf, stringList, workspace } from './members';
import type { ManifestContext, Workspace, WorkspaceReader } from './types';

/** pnpm: pnpm-workspace.yaml `packages`. */
export const pnpm: WorkspaceReader<'pnpm'> = {
  kind: 'pnpm',
  ecosystems: ['javascript', 'typescript'],
  names: ['pnpm-workspace.yaml'],
  read: pnpmWorkspace,
};

function pnpmWorkspace(ctx: ManifestContext): Workspace | undefined {
  const doc = ctx.manifests.yaml(ctx.file);
  if (!doc) return undefined;
  // Without `packages`, pnpm's workspace is the root package alone (pnpm 10 docs).
  const entries = stringList(ctx, doc.packages, '"packages"');
  if (!entries) return undefined;
  const members = componentsMatchingWithNegations(ctx, entries, true);
  const rootPackage = ctx.manifests.json(joinRelative(ctx.folder, 'package.json'));
  return workspace(ctx, 'pnpm', [...members, ...rootIf(ctx, rootPackage !== undefined && isBuiltPackage(rootPackage))]);
}
