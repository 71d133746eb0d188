import { isTable } from './manifests';
import { compilePatterns, componentsMatching, rootIf, stringList, workspace } from './members';
import type { ManifestContext, Workspace, WorkspaceReader } from './types';

/** Dart pub workspaces: pubspec.yaml `workspace:` (paths; globs since Dart 3.11). */
export const pub: WorkspaceReader<'dart'> = { kind: 'dart', ecosystems: ['dart'], names: ['pubspec.yaml'], read: dartWorkspace };

function dartWorkspace(ctx: ManifestContext): Workspace | undefined {
  const pubspec = ctx.manifests.yaml(ctx.file);
  if (!pubspec || pubspec.workspace === undefined) return undefined;
  const entries = stringList(ctx, pubspec.workspace, '"workspace"');
  if (!entries) return undefined;
  const members = componentsMatching(ctx, compilePatterns(ctx.folder, entries));
  // The root pubspec is often only `name: _`, `environment` and `workspace`; it is a package of
  // its own when it has dependencies or is a Flutter app.
  const hasDependencies = isTable(pubspec.dependencies) && Object.keys(pubspec.dependencies).length > 0;
  return workspace(ctx, 'dart', [...members, ...rootIf(ctx, hasDependencies || pubspec.flutter !== undefined)]);
}
