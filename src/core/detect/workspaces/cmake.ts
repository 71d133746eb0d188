import { resolveEntry } from '../../paths';
import { cmakeSubdirectories } from '../layouts';
import { rootIf, workspace } from './members';
import type { ManifestContext, Workspace, WorkspaceReader } from './types';

/**
 * CMake: the folders a CMakeLists.txt brings in with add_subdirectory(). They build only as part
 * of that project (they use its targets and options), so they are reviewed with it; a folder added
 * by a folder that is itself added joins the outer project (see outermostWorkspace).
 */
export const cmake: WorkspaceReader<'cmake'> = { kind: 'cmake', ecosystems: ['cpp'], names: ['CMakeLists.txt'], read: cmakeWorkspace };

function cmakeWorkspace(ctx: ManifestContext): Workspace | undefined {
  const text = ctx.manifests.text(ctx.file);
  if (text === undefined) return undefined;
  const folders = cmakeSubdirectories(text);
  if (folders.length === 0) return undefined;
  const members = folders
    .map((folder) => resolveEntry(ctx.folder, folder))
    .filter((path): path is string => path !== undefined && path !== ctx.folder && ctx.components.has(path));
  // The CMakeLists.txt that adds the folders is a component of the build too: it defines targets.
  return workspace(ctx, 'cmake', [...members, ...rootIf(ctx, true)]);
}
