import { DETECTED_THRESHOLD, type Component, type FolderDetection } from '../detect/detector';
import { WORKSPACE_ECOSYSTEMS, type Workspace, type WorkspaceKind } from '../detect/workspaces';

/**
 * What one review covers: a build workspace's members of one ecosystem (a Cargo workspace and its
 * crates, a Gradle build and its modules), or a lone component. An item is ticked once per unit.
 */
export interface ReviewUnit {
  /** The workspace root, or the lone component's path; relative to the workspace folder. */
  path: string;
  ecosystem: string;
  /** Component paths reviewed together, sorted; empty for a lone component. */
  members: string[];
  /** The manifest that groups the members, for workspace units. */
  workspace?: { kind: WorkspaceKind; manifest: string };
}

/** The review units of one folder: every detected (component, ecosystem) belongs to exactly one. */
export function reviewUnits(folder: FolderDetection): ReviewUnit[] {
  const units = new Map<string, ReviewUnit & { memberSet: Set<string> }>();
  for (const component of folder.components) {
    for (const match of component.ecosystems) {
      if (match.confidence < DETECTED_THRESHOLD) continue;
      const workspace = outermostWorkspace(folder.workspaces, component.path, match.id);
      const path = workspace?.root ?? component.path;
      const id = `${path}\u0000${match.id}`;
      let unit = units.get(id);
      if (!unit) {
        unit = { path, ecosystem: match.id, members: [], memberSet: new Set() };
        if (workspace) unit.workspace = { kind: workspace.kind, manifest: workspace.manifest };
        units.set(id, unit);
      }
      // A virtual manifest's folder (a Cargo root without [package]) is the unit's root, not a member.
      if (!workspace || workspace.root !== component.path || workspace.members.includes(component.path)) unit.memberSet.add(component.path);
    }
  }
  return [...units.values()]
    .map(({ memberSet, ...unit }) => {
      const members = [...memberSet].sort(comparePaths);
      // A unit that holds only its own root is a lone component, whatever manifest it has.
      const lone = members.length === 1 && members[0] === unit.path;
      return { ...unit, members: lone ? [] : members };
    })
    .sort((a, b) => comparePaths(a.path, b.path) || a.ecosystem.localeCompare(b.ecosystem));
}

/**
 * The workspace whose review covers a component: the one listing it (or rooted at it), then the
 * one listing that workspace's root, and so on up, so a Maven aggregator inside an aggregator, or
 * a nested npm workspace, joins the outer review. Only workspaces of the component's ecosystem count.
 */
function outermostWorkspace(workspaces: readonly Workspace[], path: string, ecosystem: string): Workspace | undefined {
  const fits = (workspace: Workspace) => WORKSPACE_ECOSYSTEMS[workspace.kind].includes(ecosystem);
  const holding = (target: string) =>
    workspaces
      .filter((workspace) => fits(workspace) && (workspace.root === target || workspace.members.includes(target)))
      // The outer of two candidates is the one nearer the folder's root.
      .sort((a, b) => depth(a.root) - depth(b.root) || a.root.localeCompare(b.root))[0];
  // A package inside a member that the workspace does not list (a template, a fixture, an example
  // shipped with that member) is part of the member, not a unit of its own.
  let current =
    holding(path) ??
    workspaces
      .filter(
        (workspace) => fits(workspace) && workspace.members.some((member) => member !== workspace.root && path.startsWith(`${member}/`)),
      )
      .sort((a, b) => depth(a.root) - depth(b.root))[0];
  const seen = new Set<string>();
  while (current && !seen.has(current.root)) {
    seen.add(current.root);
    const outer = workspaces
      .filter((workspace) => fits(workspace) && workspace.root !== current.root && workspace.members.includes(current.root))
      .sort((a, b) => depth(a.root) - depth(b.root))[0];
    if (!outer) break;
    current = outer;
  }
  return current;
}

function depth(path: string): number {
  return path === '.' ? 0 : path.split('/').length;
}

/** '.' first, then by path. */
export function comparePaths(a: string, b: string): number {
  return a === b ? 0 : a === '.' ? -1 : b === '.' ? 1 : a.localeCompare(b);
}

/** The unit that reviews a component in an ecosystem, if any. */
export function unitOf(units: readonly ReviewUnit[], component: string, ecosystem: string): ReviewUnit | undefined {
  return units.find((unit) => unit.ecosystem === ecosystem && (unit.path === component || unit.members.includes(component)));
}

/** The components one build workspace groups, shown under one row. */
export interface WorkspaceGroup {
  root: string;
  manifest: string;
  kind: NonNullable<ReviewUnit['workspace']>['kind'];
  ecosystems: string[];
  members: string[];
  components: Component[];
}

/** Build workspaces with the components they group, from the review units (one group per manifest). */
export function workspaceGroups(folder: FolderDetection): WorkspaceGroup[] {
  const groups = new Map<string, WorkspaceGroup>();
  for (const unit of reviewUnits(folder)) {
    if (!unit.workspace || unit.members.length === 0) continue;
    const id = `${unit.path}\u0000${unit.workspace.manifest}`;
    const group = groups.get(id) ?? {
      root: unit.path,
      manifest: unit.workspace.manifest,
      kind: unit.workspace.kind,
      ecosystems: [],
      members: [],
      components: [],
    };
    group.ecosystems.push(unit.ecosystem);
    for (const member of unit.members) if (!group.members.includes(member)) group.members.push(member);
    groups.set(id, group);
  }
  const claimed = new Set<string>();
  for (const group of groups.values()) {
    group.members.sort(comparePaths);
    // The root's own row belongs with its workspace even when the manifest is virtual.
    const paths = new Set([group.root, ...group.members]);
    group.components = folder.components.filter((component) => paths.has(component.path) && !claimed.has(component.path));
    for (const component of group.components) claimed.add(component.path);
  }
  return [...groups.values()].filter((group) => group.components.length > 0);
}
