import { ELIXIR, stripComments } from '../../formats/comments';
import { isWithin, resolveEntry } from '../../paths';
import { workspace } from './members';
import type { ManifestContext, Workspace, WorkspaceReader } from './types';

/** Mix umbrella: apps_path (and the optional apps: [...] filter). */
export const mix: WorkspaceReader<'mix'> = { kind: 'mix', ecosystems: ['elixir'], names: ['mix.exs'], read: mixWorkspace };

function mixWorkspace(ctx: ManifestContext): Workspace | undefined {
  const text = ctx.manifests.text(ctx.file);
  if (text === undefined) return undefined;
  const code = stripComments(text, ELIXIR);
  const appsPath = /\bapps_path:\s*(["'])([^"'#]*)\1/.exec(code)?.[2];
  if (appsPath === undefined) return undefined;
  const folder = resolveEntry(ctx.folder, appsPath);
  if (folder === undefined) return workspace(ctx, 'mix', []);
  // `apps: [:a, :b]` limits the umbrella to those apps (Mix.Project, :apps option).
  const listed = /\bapps:\s*\[([^\]]*)\]/.exec(code)?.[1];
  const names = listed === undefined ? undefined : new Set([...listed.matchAll(/:(\w+)/g)].map((match) => match[1]));
  const members = [...ctx.components].filter((path) => {
    if (!isWithin(folder, path) || path === folder) return false;
    const name = folder === '.' ? path : path.slice(folder.length + 1);
    return !name.includes('/') && (!names || names.has(name));
  });
  return workspace(
    ctx,
    'mix',
    members.filter((path) => path !== ctx.folder),
  );
}
