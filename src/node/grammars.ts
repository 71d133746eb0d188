import * as fs from 'fs';
import * as path from 'path';
import { SyntaxRuntime, type WasmReader } from '../core/code/syntax';

/**
 * The tree-sitter files on the local disk: dist/grammars/ beside the bundle (the CLI, the
 * extension, the packed CLI), or the build's dist/grammars when the sources run unbundled (tests).
 */
export function nodeWasmReader(): WasmReader {
  let dir: string | undefined;
  const locate = (): string => {
    if (dir) return dir;
    // Bundled: dist/grammars beside dist/cli.js. Transpiled for the tests: out/src/node, whose build copied them to dist/.
    const candidates = [path.join(__dirname, 'grammars'), path.join(__dirname, '..', '..', '..', 'dist', 'grammars')];
    dir = candidates.find((candidate) => fs.existsSync(path.join(candidate, 'tree-sitter.wasm'))) ?? candidates[0];
    return dir;
  };
  return async (file) => new Uint8Array(await fs.promises.readFile(path.join(locate(), file)));
}

let shared: SyntaxRuntime | undefined;

/** One runtime per process: grammars are loaded once, whatever number of readers use them. */
export function nodeSyntax(): SyntaxRuntime {
  shared ??= new SyntaxRuntime(nodeWasmReader());
  return shared;
}
