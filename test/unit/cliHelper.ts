import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, type CliIo } from '../../src/node/cli';
import type { Clock } from '../../src/core/review/expiry';
import { loadProfiles } from '../../src/core/profiles/loader';
import { checklistItems } from '../../src/core/profiles/model';
import { PROFILES_DIR, REPO } from './treeHelper';

/** The shipped Go page's checklist: tests count from it, so a new Go check does not break them. */
const shippedGo = loadProfiles([{ file: 'go.yaml', bytes: fs.readFileSync(path.join(PROFILES_DIR, 'go.yaml')) }]).profiles[0];
export const GO_ITEMS = checklistItems(shippedGo).length;

/** A Go HTTP service in a container with a database: every item of the Go page applies to it (a bare go.mod has no server, so some would not). */
export const GO_SERVICE: Record<string, string> = {
  'go.mod': '',
  'main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\tsrv := &http.Server{Addr: ":8080"}\n\t_ = srv.ListenAndServe()\n}\n',
  'store.go': 'package main\n\nimport "database/sql"\n\nvar db *sql.DB\n',
  Dockerfile: 'FROM golang:1.25\n',
};
export const GO_HIGH = checklistItems(shippedGo).filter((item) => item.severity === 'high');

export const VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;

/** Runs the CLI in this process, with its output captured: the same code path as dist/cli.js, without a Node start per call. */
export function cliIn(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith({}, cwd, ...args);
}

/** cliIn with the CLI's clock fixed (undefined: the system clock): what "today" is for decisions that expire. */
export function cliAt(clock: Clock | undefined, cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith(clock ? { clock } : {}, cwd, ...args);
}

/** cliIn with some of the CLI's I/O given (e.g. `profilesBundle`, as dist/cli.js passes it). */
export async function cliWith(
  io: Partial<CliIo>,
  cwd: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    cwd,
    profilesDir: PROFILES_DIR,
    version: VERSION,
    ...io,
  });
  return { code, stdout, stderr };
}

export function cli(...args: string[]) {
  return cliIn(process.cwd(), ...args);
}

/** Characters that must never reach a terminal: every control but newline and tab, DEL, C1, bidi controls, line separators. */
export const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * Output a CI log can show: no unsafe character, no line that GitHub Actions reads as a command
 * (after leading white space, `::` or `##[`), no Azure Pipelines `##vso[`. `annotation` accepts
 * the lines `--format github` writes on purpose.
 */
export function assertTerminalSafe(text: string, what: string, annotation?: RegExp): void {
  const bad = UNSAFE.exec(text);
  if (bad)
    throw new Error(
      `${what}: unsafe character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${bad.index}: ${JSON.stringify(text.slice(Math.max(0, bad.index - 40), bad.index + 40))}`,
    );
  if (/##vso\[/i.test(text)) throw new Error(`${what}: holds ##vso[`);
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/^\s+/u, '');
    if ((trimmed.startsWith('::') || trimmed.startsWith('##[')) && !(annotation && annotation.test(line))) {
      throw new Error(`${what}: a line reads as a workflow command: ${JSON.stringify(line.slice(0, 200))}`);
    }
  }
}

/** Decodes the five XML entities and character references. */
export function xmlDecode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#x[0-9A-Fa-f]+|#[0-9]+);/g, (_, name: string) =>
    name[0] === '#'
      ? String.fromCodePoint(name[1] === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1)))
      : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name],
  );
}

const XML_CHAR = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd]$/;

/**
 * A strict well-formedness check for the subset JUnit output uses (declaration, elements,
 * double-quoted attributes, text): XML 1.0 characters only, every entity and character reference
 * valid, attributes unique and free of "<", tags nested and closed, one root element.
 */
export function assertWellFormedXml(xml: string): { name: string; attributes: Record<string, string>; text: string; children: unknown[] } {
  for (const c of xml)
    if (!XML_CHAR.test(c) && !(c.codePointAt(0)! >= 0x10000 && c.codePointAt(0)! <= 0x10ffff))
      assert.fail(`character U+${c.codePointAt(0)!.toString(16)} is not allowed in XML 1.0`);
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'), 'XML declaration');
  const body = xml.slice('<?xml version="1.0" encoding="UTF-8"?>\n'.length);
  const reference = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/;
  const token = /<\/([A-Za-z_][\w.-]*)>|<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  type Node = { name: string; attributes: Record<string, string>; text: string; children: Node[] };
  const root: Node = { name: '#document', attributes: {}, text: '', children: [] };
  const stack: Node[] = [root];
  let match: RegExpExecArray | null;
  token.lastIndex = 0;
  while (token.lastIndex < body.length) {
    const at = token.lastIndex;
    match = token.exec(body);
    if (!match) assert.fail(`not well-formed at ${at}: ${JSON.stringify(body.slice(at, at + 60))}`);
    const [, close, open, attrs, selfClosing, text] = match;
    const top = stack[stack.length - 1];
    if (text !== undefined) {
      assert.ok(!reference.test(text), `a bare & in text: ${JSON.stringify(text.slice(0, 80))}`);
      assert.ok(!text.includes(']]>'), 'no ]]> in text');
      for (const ref of text.match(/&#x?[0-9A-Fa-f]+;/g) ?? []) assert.match(xmlDecode(ref), XML_CHAR, ref);
      if (stack.length === 1) assert.match(text, /^\s*$/, 'only white space outside the root');
      top.text += xmlDecode(text);
    } else if (close !== undefined) {
      assert.strictEqual(close, top.name, `</${close}> closes <${top.name}>`);
      stack.pop();
    } else {
      const attributes: Record<string, string> = {};
      for (const [, name, value] of attrs.matchAll(/\s+([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
        assert.ok(!(name in attributes), `attribute ${name} given twice`);
        assert.ok(!reference.test(value), `a bare & in an attribute: ${JSON.stringify(value.slice(0, 80))}`);
        assert.ok(!/[\n\r\t]/.test(value), 'white space in attributes is written as references');
        attributes[name] = xmlDecode(value);
      }
      if (stack.length === 1) assert.strictEqual(root.children.length, 0, 'one root element');
      const node: Node = { name: open, attributes, text: '', children: [] };
      top.children.push(node);
      if (!selfClosing) stack.push(node);
    }
  }
  assert.strictEqual(stack.length, 1, `unclosed <${stack[stack.length - 1].name}>`);
  return root.children[0];
}

export type XmlNode = ReturnType<typeof assertWellFormedXml>;
export const xmlChildren = (node: XmlNode, name: string) => (node.children as XmlNode[]).filter((child) => child.name === name);

/** Microsoft's SARIF Multitool (a devDependency), `validate`: the JSON schema and the SARIF rules. Returns its errors and warnings. */
export function multitoolValidate(sarif: string): string[] {
  let binary: string;
  try {
    binary = require('@microsoft/sarif-multitool') as string;
  } catch (error) {
    throw new Error(`@microsoft/sarif-multitool is a devDependency; run npm ci (${(error as Error).message})`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-sarif-'));
  const input = path.join(dir, 'report.sarif');
  const output = path.join(dir, 'validation.sarif');
  fs.writeFileSync(input, sarif);
  const run = spawnSync(binary, ['validate', input, '--output', output, '--log', 'ForceOverwrite', '--quiet'], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
  });
  assert.strictEqual(run.status, 0, `multitool: ${run.error ?? ''} ${run.stdout} ${run.stderr}`);
  const log = JSON.parse(fs.readFileSync(output, 'utf8'));
  assert.strictEqual(log.runs[0].invocations[0].executionSuccessful, true, 'the validation ran');
  return (log.runs[0].results ?? [])
    .filter((result: { level?: string }) => (result.level ?? 'warning') !== 'note' && result.level !== 'none')
    .map(
      (result: { level?: string; ruleId: string; message: { arguments?: string[] } }) =>
        `${result.level ?? 'warning'} ${result.ruleId}: ${(result.message.arguments ?? []).join(' | ')}`,
    );
}

/** What GitHub shows for Markdown text: backslash escapes and the three entities undone. */
export function renderedMarkdown(markdown: string): string {
  return markdown
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&(lt|gt|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', amp: '&' })[name]!);
}

/**
 * GitHub's rules that turn text into a link or a notification (GFM's extended autolinks, read
 * from the Markdown source, and mentions, found in the rendered text). Returns what would fire.
 */
export function gitHubLinksAndMentions(markdown: string): string[] {
  const found: string[] = [];
  const source = markdown;
  const text = renderedMarkdown(markdown);
  // Extended www and URL autolinks: at the start, after white space, or after * _ ~ (.
  for (const match of source.matchAll(/(?:^|[\s*_~(])((?:https?|ftp):\/\/|www\.)[^\s<]*/gim)) found.push(`autolink ${match[0].trim()}`);
  for (const match of source.matchAll(/\b(?:mailto|xmpp):[^\s<]*/gi)) found.push(`autolink ${match[0]}`);
  // Extended email autolinks: local part, @, a domain with a dot.
  for (const match of source.matchAll(/[A-Za-z0-9.+_-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+/g)) found.push(`email ${match[0]}`);
  // Mentions: @ after the start or a non-word character, then a letter or digit (user, org/team).
  for (const match of text.matchAll(/(?:^|[^A-Za-z0-9_`])@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][A-Za-z0-9_-]*)?/g))
    found.push(`mention ${match[0].trim()}`);
  return found;
}
