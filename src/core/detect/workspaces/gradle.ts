import { GRADLE, stripComments } from '../../formats/comments';
import { gradleCallArguments } from '../../formats/gradleCalls';
import { resolveEntry } from '../../paths';
import { rootIf, workspace } from './members';
import type { ManifestContext, Workspace, WorkspaceReader } from './types';

/** Gradle: settings.gradle(.kts) include / includeFlat, project(":x").projectDir = file("…"). */
export const gradle: WorkspaceReader<'gradle'> = {
  kind: 'gradle',
  ecosystems: ['java', 'kotlin', 'scala'],
  names: ['settings.gradle', 'settings.gradle.kts'],
  // Gradle reads settings.gradle before settings.gradle.kts.
  supersededBy: (name) => (name === 'settings.gradle.kts' ? 'settings.gradle' : undefined),
  read: gradleWorkspace,
};

function gradleWorkspace(ctx: ManifestContext): Workspace | undefined {
  const text = ctx.manifests.text(ctx.file);
  if (text === undefined) return undefined;
  const code = stripComments(text, GRADLE);
  const directories = gradleProjectDirectories(code);
  const projects = new Map<string, string>();
  for (const path of gradleCallArguments(code, 'include')) {
    // `include("a:b:c")` creates :a and :a:b too (Gradle docs, "Declaring subprojects").
    const segments = path.split(':').filter((segment) => segment !== '');
    for (let depth = 1; depth <= segments.length; depth++) {
      const project = `:${segments.slice(0, depth).join(':')}`;
      projects.set(project, directories.get(project) ?? segments.slice(0, depth).join('/'));
    }
  }
  // includeFlat (deprecated) puts the project beside the root folder.
  for (const name of gradleCallArguments(code, 'includeFlat')) {
    const project = `:${name.replace(/^:/, '')}`;
    projects.set(project, directories.get(project) ?? `../${name.replace(/^:/, '')}`);
  }
  const members = [...projects.values()]
    .map((directory) => resolveEntry(ctx.folder, directory))
    .filter((path): path is string => path !== undefined && path !== ctx.folder && ctx.components.has(path));
  // includeBuild(…) is a separate (often build-logic) build, never a project of this one.
  return workspace(ctx, 'gradle', [...members, ...rootIf(ctx, true)]);
}

/** `project(":x").projectDir = file("dir")` or `= File(settingsDir | rootDir, "dir")`, by project path. */
function gradleProjectDirectories(code: string): Map<string, string> {
  const directories = new Map<string, string>();
  const assignment =
    /\b(?:findProject|project)\(\s*(["'])([^"'$]*)\1\s*\)\s*!?!?\??\.\s*projectDir\s*=\s*(?:file\(\s*(["'])([^"'$]*)\3\s*\)|(?:new\s+)?File\(\s*(?:settingsDir|rootDir)\s*,\s*(["'])([^"'$]*)\5\s*\))/g;
  for (let match = assignment.exec(code); match; match = assignment.exec(code)) {
    directories.set(`:${match[2].replace(/^:/, '')}`, match[4] ?? match[6]);
  }
  return directories;
}
