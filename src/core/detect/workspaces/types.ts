import type { Manifests } from './manifests';

/**
 * Build workspaces: the manifests in which a build tool lists the packages it builds together
 * (a Cargo workspace, go.work, npm/pnpm workspaces, a Gradle build, a Maven aggregator, a .NET
 * solution, …). Their members are reviewed together: one review per workspace and ecosystem.
 */
export type WorkspaceKind = 'cargo' | 'go-work' | 'npm' | 'pnpm' | 'gradle' | 'maven' | 'dotnet' | 'mix' | 'dart' | 'deno' | 'uv' | 'cmake';

export interface Workspace {
  kind: WorkspaceKind;
  /** Folder of the workspace manifest, relative to the workspace folder ('.' is its root). */
  root: string;
  /** The manifest that lists the members, relative to the workspace folder. */
  manifest: string;
  /**
   * Paths of detected component folders the manifest lists, sorted, relative to the workspace
   * folder. The root is included only when it is itself a package of the workspace (a Cargo
   * root with [package], a package.json that is also built, …), not for a virtual manifest.
   */
  members: string[];
}

export interface WorkspaceProblem {
  /** The manifest, relative to the workspace folder. */
  file: string;
  message: string;
}

/** What detection saw in one folder: the file names there, for the manifests it may hold. */
export interface ListedFolder {
  /** Relative to the workspace folder; '.' is its root. */
  path: string;
  files: readonly string[];
}

/** What a reader is given for one manifest. */
export interface ManifestContext {
  manifests: Manifests;
  components: ReadonlySet<string>;
  /** Folder of the manifest, normalised ('.' is the root). */
  folder: string;
  file: string;
  /** The manifest names read in the same folder, this one included. */
  siblings: readonly string[];
}

/** One build tool's workspace manifests: which files, and how their members are read. */
export interface WorkspaceReader<K extends WorkspaceKind = WorkspaceKind> {
  kind: K;
  /** Ecosystems the kind can group; a member of another ecosystem stays its own unit. */
  ecosystems: readonly string[];
  /** Manifest file names it reads. */
  names: readonly string[];
  /** Endings of manifest names it reads besides `names` (a solution is any `*.sln`). */
  endings?: readonly string[];
  /**
   * The name that wins over `name` when both are in one folder, because the build tool reads
   * only that one (deno.json before deno.jsonc); undefined when `name` never gives way.
   */
  supersededBy?(name: string): string | undefined;
  read(ctx: ManifestContext): Workspace | undefined;
}
