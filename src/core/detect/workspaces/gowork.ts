import { GO, stripComments } from '../../formats/comments';
import { goTokens } from '../../formats/goTokens';
import { resolveEntry } from '../../paths';
import { workspace } from './members';
import type { ManifestContext, Workspace, WorkspaceReader } from './types';

/** go.work: `use ./a` and `use ( … )`. */
export const goWork: WorkspaceReader<'go-work'> = { kind: 'go-work', ecosystems: ['go'], names: ['go.work'], read: goWorkspace };

function goWorkspace(ctx: ManifestContext): Workspace | undefined {
  const text = ctx.manifests.text(ctx.file);
  if (text === undefined) return undefined;
  const uses = goWorkUses(text);
  if (typeof uses === 'string') {
    ctx.manifests.problem(ctx.file, `Invalid go.work: ${uses}`);
    return undefined;
  }
  // `use .` is how go.work makes its own folder a module of the workspace.
  const paths = uses.map((entry) => resolveEntry(ctx.folder, entry)).filter((path): path is string => path !== undefined);
  return workspace(
    ctx,
    'go-work',
    paths.filter((path) => ctx.components.has(path)),
  );
}

/** The `use` paths, or an error message. Other directives (go, toolchain, replace, godebug) are skipped. */
function goWorkUses(text: string): string[] | string {
  const uses: string[] = [];
  let block: string | undefined;
  for (const [index, line] of stripComments(text, GO).split('\n').entries()) {
    const tokens = goTokens(line);
    if (typeof tokens === 'string') return `${tokens} on line ${index + 1}`;
    if (tokens.length === 0) continue;
    if (block !== undefined) {
      if (tokens[0] === ')') block = undefined;
      else if (block === 'use') uses.push(tokens[0]);
    } else if (tokens[1] === '(') {
      block = tokens[0];
    } else if (tokens[0] === 'use' && tokens.length > 1) {
      uses.push(tokens[1]);
    }
  }
  return block === undefined ? uses : `unclosed "${block} (" block`;
}
