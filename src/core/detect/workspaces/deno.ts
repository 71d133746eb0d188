import { isTable } from './manifests';
import { compilePatterns, componentsMatching, rootIf, stringList, workspace } from './members';
import type { ManifestContext, Workspace, WorkspaceReader } from './types';

/** Deno: deno.json(c) `workspace`. */
export const deno: WorkspaceReader<'deno'> = {
  kind: 'deno',
  ecosystems: ['deno'],
  names: ['deno.json', 'deno.jsonc'],
  // Deno reads deno.json before deno.jsonc.
  supersededBy: (name) => (name === 'deno.jsonc' ? 'deno.json' : undefined),
  read: denoWorkspace,
};

function denoWorkspace(ctx: ManifestContext): Workspace | undefined {
  // Deno reads both names as JSON with comments.
  const config = ctx.manifests.jsonc(ctx.file);
  if (!config || config.workspace === undefined) return undefined;
  const declared = isTable(config.workspace) ? config.workspace.members : config.workspace;
  const entries = stringList(ctx, declared, isTable(config.workspace) ? '"workspace.members"' : '"workspace"');
  if (!entries) return undefined;
  const members = componentsMatching(ctx, compilePatterns(ctx.folder, entries));
  return workspace(ctx, 'deno', [...members, ...rootIf(ctx, config.exports !== undefined)]);
}
