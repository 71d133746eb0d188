import { children, localName } from '../../formats/xml';
import { resolveEntry } from '../../paths';
import { rootIf, workspace } from './members';
import type { ManifestContext, Workspace, WorkspaceReader } from './types';

/** Maven: <modules><module> (Maven 4: <subprojects><subproject>), in the project and its profiles. */
export const maven: WorkspaceReader<'maven'> = {
  kind: 'maven',
  ecosystems: ['java', 'kotlin', 'scala'],
  names: ['pom.xml'],
  read: mavenWorkspace,
};

function mavenWorkspace(ctx: ManifestContext): Workspace | undefined {
  const project = ctx.manifests.xml(ctx.file);
  if (!project) return undefined;
  if (localName(project.name) !== 'project') {
    ctx.manifests.problem(ctx.file, `Not a Maven POM: the root element is <${project.name}>`);
    return undefined;
  }
  const holders = [project, ...children(children([project], 'profiles'), 'profile')];
  const lists = [...children(holders, 'modules'), ...children(holders, 'subprojects')];
  if (lists.length === 0) return undefined;
  const members = [...children(lists, 'module'), ...children(lists, 'subproject')]
    .map((element) => element.text.trim().replace(/\\/g, '/'))
    // A module may name the pom file itself (`core/pom-core.xml`): its folder is the module.
    .map((entry) => (/\.xml$/i.test(entry) ? entry.replace(/\/?[^/]*$/, '') || '.' : entry))
    .map((entry) => resolveEntry(ctx.folder, entry))
    .filter((path): path is string => path !== undefined && path !== ctx.folder && ctx.components.has(path));
  const packaging = children([project], 'packaging')[0]?.text.trim() || 'jar';
  return workspace(ctx, 'maven', [...members, ...rootIf(ctx, packaging !== 'pom')]);
}
