import { matchesFolderPattern } from '../glob';
import { isTable } from './manifests';
import { compilePatterns, componentsMatching, rootIf, stringList, workspace } from './members';
import type { ManifestContext, Workspace, WorkspaceReader } from './types';

/** uv: pyproject.toml [tool.uv.workspace]. */
export const uv: WorkspaceReader<'uv'> = { kind: 'uv', ecosystems: ['python'], names: ['pyproject.toml'], read: uvWorkspace };

function uvWorkspace(ctx: ManifestContext): Workspace | undefined {
  const pyproject = ctx.manifests.toml(ctx.file);
  const tool = pyproject && pyproject.tool;
  const uv = isTable(tool) ? tool.uv : undefined;
  const ws = isTable(uv) ? uv.workspace : undefined;
  if (!pyproject || !isTable(ws)) return undefined;
  const memberEntries = stringList(ctx, ws.members, '[tool.uv.workspace] members');
  const excludeEntries = stringList(ctx, ws.exclude, '[tool.uv.workspace] exclude');
  if (!memberEntries || !excludeEntries) return undefined;
  const included = compilePatterns(ctx.folder, memberEntries);
  // uv's exclude entries are globs matched against the member folder, and win over members.
  const excluded = compilePatterns(ctx.folder, excludeEntries);
  const members = componentsMatching(ctx, included).filter((path) => !excluded.some((pattern) => matchesFolderPattern(pattern, path)));
  return workspace(ctx, 'uv', [...members, ...rootIf(ctx, isTable(pyproject.project))]);
}
