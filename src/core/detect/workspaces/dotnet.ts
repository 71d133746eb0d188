import { descendants } from '../../formats/xml';
import { parentOf, resolveEntry } from '../../paths';
import { workspace } from './members';
import type { ManifestContext, Workspace, WorkspaceReader } from './types';

/** .NET: .sln Project(...) lines and .slnx <Project Path>. */
export const dotnet: WorkspaceReader<'dotnet'> = {
  kind: 'dotnet',
  ecosystems: ['csharp'],
  names: [],
  endings: ['.sln', '.slnx'],
  // `dotnet sln migrate` leaves X.sln beside the new X.slnx: one solution, not two.
  supersededBy: (name) => (name.endsWith('.sln') ? `${name}x` : undefined),
  read: (ctx) => (ctx.file.endsWith('.slnx') ? slnxWorkspace(ctx) : slnWorkspace(ctx)),
};

/** An MSBuild project file (.csproj, .fsproj, .vbproj, …); solution folders have no extension. */
const PROJECT_FILE = /\.[A-Za-z0-9]*proj$/;
const SOLUTION_FOLDER_TYPE = '2150E333-8FDC-42A3-9474-1A3956D46DE8';

function slnWorkspace(ctx: ManifestContext): Workspace | undefined {
  const text = ctx.manifests.text(ctx.file);
  if (text === undefined) return undefined;
  if (!/^\s*Microsoft Visual Studio Solution File, Format Version/m.test(text)) {
    ctx.manifests.problem(ctx.file, 'Not a Visual Studio solution: no "Microsoft Visual Studio Solution File" header');
    return undefined;
  }
  const projects: string[] = [];
  const line = /^\s*Project\(\s*"\{([^}]*)\}"\s*\)\s*=\s*"[^"]*"\s*,\s*"([^"]*)"/gm;
  for (let match = line.exec(text); match; match = line.exec(text)) {
    if (match[1].toUpperCase() !== SOLUTION_FOLDER_TYPE) projects.push(match[2]);
  }
  return dotnetWorkspace(ctx, projects);
}

function slnxWorkspace(ctx: ManifestContext): Workspace | undefined {
  const solution = ctx.manifests.xml(ctx.file);
  if (!solution) return undefined;
  if (solution.name !== 'Solution') {
    ctx.manifests.problem(ctx.file, `Not a solution: the root element is <${solution.name}>`);
    return undefined;
  }
  // Projects sit at the top or inside (nested) <Folder> elements.
  const projects = descendants(solution, 'Project').map((element) => element.attributes.Path ?? '');
  return dotnetWorkspace(ctx, projects);
}

function dotnetWorkspace(ctx: ManifestContext, projectFiles: readonly string[]): Workspace {
  const members = projectFiles
    .map((file) => file.trim().replace(/\\/g, '/'))
    .filter((file) => PROJECT_FILE.test(file))
    .map((file) => resolveEntry(ctx.folder, parentOf(file)))
    .filter((path): path is string => path !== undefined && ctx.components.has(path));
  return workspace(ctx, 'dotnet', members);
}
