import { JSONC, stripComments } from './comments';

/**
 * JSON with comments and trailing commas (tsconfig.json, deno.jsonc, .vscode files), as JSON.parse
 * reads it once the comments and the commas before `}` or `]` are gone; errors are JSON.parse's.
 *
 * Not `jsonc-parser` yet, though it accepts the same texts (the one difference 300,000 generated
 * inputs showed: a lone comma, `[,]` or `{,}`, read here as an empty list or table, which
 * jsonc-parser rejects) for about 11 KB more in the minified bundles. Its `main` is a UMD build
 * that esbuild cannot bundle for Node: dist/cli.js then fails on start with "Cannot find module
 * './impl/format'" (microsoft/node-jsonc-parser#57). Using it needs its ES module build for the
 * Node bundles too, a change to esbuild.js: `alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' }`.
 */
export function parseJsonc(text: string): unknown {
  return JSON.parse(stripTrailingCommas(stripComments(text, JSONC)));
}

/** Whether the next non-space character from `from` closes an object or array; linear in the spaces skipped. */
function closesNext(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return text[i] === '}' || text[i] === ']';
}

/** JSONC allows a comma before `}` or `]`; JSON.parse does not. */
function stripTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\' && i + 1 < text.length) out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === ',' && closesNext(text, i + 1)) {
      continue;
    } else {
      if (c === '"') inString = true;
      out += c;
    }
  }
  return out;
}
