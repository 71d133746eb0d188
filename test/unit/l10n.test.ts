/**
 * Localization: every %key% of package.json is in package.nls.json and in each translation, every
 * message given to vscode.l10n.t in the extension's sources, or to the core's translator `t`
 * (src/core/review/display.ts, which the extension gives vscode.l10n.t), is in each l10n bundle,
 * and no user-facing call or property of the VS Code surfaces is given English text directly.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO } from './treeHelper';

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(REPO, file), 'utf8')) as T;
const manifest = readJson<Record<string, unknown>>('package.json');
const nls = readJson<Record<string, string>>('package.nls.json');
/** Every translation shipped: the language and its two files. */
const LANGUAGES = ['de'];

/** `{0}`, `{name}`: the placeholders of a message, as a sorted list (a repeated one counts once). */
const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1]))].sort();
/** Command links, setting links and inline code: what a translation must keep as it is. */
const fixedParts = (text: string): string[] =>
  [...text.matchAll(/\]\((command:[^)]+)\)|(`[^`]+`)/g)].map((match) => match[1] ?? match[2]).sort();

function manifestStrings(value: unknown, at: string, out: { at: string; text: string }[] = []): { at: string; text: string }[] {
  if (typeof value === 'string') out.push({ at, text: value });
  else if (Array.isArray(value)) value.forEach((entry, index) => manifestStrings(entry, `${at}[${index}]`, out));
  else if (value && typeof value === 'object')
    for (const [key, entry] of Object.entries(value)) manifestStrings(entry, at ? `${at}.${key}` : key, out);
  return out;
}

describe('localization: package.json and package.nls.*.json', () => {
  const keys = new Set(manifestStrings(manifest, '').flatMap(({ text }) => (/^%[^%]+%$/.test(text) ? [text.slice(1, -1)] : [])));

  it('has every %key% of package.json in package.nls.json, and no key package.json does not use', () => {
    assert.deepStrictEqual(Object.keys(nls).sort(), [...keys].sort());
    for (const [key, text] of Object.entries(nls)) assert.ok(text.trim(), `${key} is empty`);
  });

  for (const language of LANGUAGES) {
    it(`has every key translated in package.nls.${language}.json, with the same links, code and placeholders`, () => {
      const translated = readJson<Record<string, string>>(`package.nls.${language}.json`);
      assert.deepStrictEqual(Object.keys(translated).sort(), Object.keys(nls).sort());
      for (const [key, english] of Object.entries(nls)) {
        assert.ok(translated[key].trim(), `${key} is empty`);
        assert.deepStrictEqual(fixedParts(translated[key]), fixedParts(english), `${key}: links and code stay as they are`);
        assert.deepStrictEqual(placeholders(translated[key]), placeholders(english), `${key}: placeholders`);
      }
    });
  }

  it('gives every user-visible contribution string as a %key%', () => {
    const contributes = manifest.contributes as Record<string, unknown>;
    // Titles, names, descriptions and welcome texts; ids, when clauses, paths and icons are not shown as text.
    const shown = /\.(title|category|name|contextualTitle|contents|description|markdownDescription|enumDescriptions\[\d+\])$/;
    const literal = manifestStrings(contributes, 'contributes').filter(({ at, text }) => shown.test(at) && !/^%[^%]+%$/.test(text));
    assert.deepStrictEqual(literal, []);
    assert.match(String(manifest.description), /^%[^%]+%$/, 'the extension description');
    assert.strictEqual(manifest.l10n, './l10n');
  });

  it('ships the translations in the VSIX (.vscodeignore lets them through)', () => {
    const shipped = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split('\n');
    for (const entry of ['!package.nls.json', '!package.nls.*.json', '!l10n/*.json']) assert.ok(shipped.includes(entry), entry);
  });
});

interface Message {
  key: string;
  message: string;
  /** Positional arguments given, or undefined for named ones (an object). */
  args?: number;
  where: string;
}

/** The extension's VS Code side: everything in src but the core, the Node CLI and the webview script. */
function extensionSources(): string[] {
  const skip = new Set(['core', 'node', 'webview']);
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return skip.has(entry.name) && dir === path.join(REPO, 'src') ? [] : walk(full);
      return entry.name.endsWith('.ts') ? [full] : [];
    });
  return walk(path.join(REPO, 'src')).filter((file) => !['cli.ts'].includes(path.relative(path.join(REPO, 'src'), file)));
}

/** The core: its wording calls the translator it is given, `t` (see src/core/review/display.ts). */
function coreSources(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      return entry.name.endsWith('.ts') ? [full] : [];
    });
  return walk(path.join(REPO, 'src', 'core'));
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

function where(node: ts.Node): string {
  const source = node.getSourceFile();
  return `${path.relative(REPO, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

function literalText(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

const isL10nT = (call: ts.CallExpression): boolean => /^(vscode\.)?l10n\.t$/.test(call.expression.getText());
/** A call of the core's translator: whatever the caller gave (vscode.l10n.t in the extension) looks the message up. */
const isCoreT = (call: ts.CallExpression): boolean => call.expression.getText() === 't';

/** The messages given to vscode.l10n.t and to the core's `t`, keyed as VS Code looks them up (`message/comment` with a comment). */
function messages(): { found: Message[]; problems: string[] } {
  const found: Message[] = [];
  const problems: string[] = [];
  const sources = [
    ...extensionSources().map((file) => ({ file, isCall: isL10nT })),
    ...coreSources().map((file) => ({ file, isCall: isCoreT })),
  ];
  for (const { file, isCall } of sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isCall(node)) {
        const [first, ...rest] = node.arguments;
        const plain = literalText(first);
        if (plain !== undefined) {
          const named = rest.length === 1 && ts.isObjectLiteralExpression(rest[0]);
          found.push({ key: plain, message: plain, args: named ? undefined : rest.length, where: where(node) });
        } else if (first && ts.isObjectLiteralExpression(first)) {
          const property = (name: string) =>
            first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name)?.initializer;
          const message = literalText(property('message'));
          const comment = property('comment');
          const commentText =
            comment && ts.isArrayLiteralExpression(comment) ? comment.elements.map(literalText).join('') : literalText(comment);
          const args = property('args');
          if (message === undefined || (comment && commentText === undefined))
            problems.push(`${where(node)}: message and comment must be string literals`);
          else
            found.push({
              key: commentText ? `${message}/${commentText}` : message,
              message,
              args: args && ts.isArrayLiteralExpression(args) ? args.elements.length : args ? undefined : 0,
              where: where(node),
            });
        } else {
          problems.push(`${where(node)}: vscode.l10n.t needs a string literal (or { message, comment }) to be found by the bundle tools`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(parse(file));
  }
  return { found, problems };
}

describe('localization: vscode.l10n.t and the l10n bundles', () => {
  const { found, problems } = messages();
  const keys = [...new Set(found.map((entry) => entry.key))].sort();

  it('finds the messages (the scan works)', () => {
    assert.deepStrictEqual(problems, []);
    assert.ok(found.length > 100, `${found.length} calls found`);
    assert.ok(keys.includes('Detecting ecosystems'));
  });

  it('fills every placeholder of a message with an argument, and uses every argument', () => {
    for (const entry of found) {
      if (entry.args === undefined) continue;
      const wanted = Array.from({ length: entry.args }, (_, index) => String(index)).sort();
      assert.deepStrictEqual(placeholders(entry.message), wanted, `${entry.where}: ${entry.message}`);
    }
  });

  it("has the English bundle l10n/bundle.l10n.json in step with the sources (npx @vscode/l10n-dev export --outDir l10n src finds the vscode.l10n.t calls, not the core's t calls)", () => {
    const bundle = readJson<Record<string, string>>('l10n/bundle.l10n.json');
    assert.deepStrictEqual(Object.keys(bundle).sort(), keys);
    for (const entry of found) assert.strictEqual(bundle[entry.key], entry.message, entry.where);
  });

  for (const language of LANGUAGES) {
    it(`translates every message in l10n/bundle.l10n.${language}.json, no stale key, the same placeholders`, () => {
      const bundle = readJson<Record<string, string>>(`l10n/bundle.l10n.${language}.json`);
      assert.deepStrictEqual(
        keys.filter((key) => !(key in bundle)),
        [],
        'untranslated',
      );
      assert.deepStrictEqual(
        Object.keys(bundle).filter((key) => !keys.includes(key)),
        [],
        'stale',
      );
      for (const entry of found) {
        assert.ok(bundle[entry.key].trim(), `${entry.key} is empty`);
        assert.deepStrictEqual(placeholders(bundle[entry.key]), placeholders(entry.message), `${entry.where}: ${entry.key}`);
      }
    });
  }
});

describe('localization: no English text handed straight to the VS Code surfaces', () => {
  /** Two letters in a row outside placeholders and codicons ($(name)): words a person reads. */
  const words = (text: string): boolean => /[A-Za-z]{2,}/.test(text.replace(/\$\([\w~-]+\)/g, ''));

  /** Literal words in what an expression can evaluate to; a call (vscode.l10n.t, a helper) or a variable is trusted. */
  function englishIn(node: ts.Expression): string | undefined {
    if (ts.isParenthesizedExpression(node)) return englishIn(node.expression);
    if (ts.isConditionalExpression(node)) return englishIn(node.whenTrue) ?? englishIn(node.whenFalse);
    if (ts.isBinaryExpression(node) && ['??', '||', '+'].includes(node.operatorToken.getText()))
      return englishIn(node.left) ?? englishIn(node.right);
    const plain = literalText(node);
    if (plain !== undefined) return words(plain) ? plain : undefined;
    if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
      if (words(parts)) return node.getText();
      for (const span of node.templateSpans) {
        const inner = englishIn(span.expression);
        if (inner) return inner;
      }
    }
    return undefined;
  }

  /** Properties and assignments that VS Code shows: titles, prompts, quick pick and tree item texts, status bar texts. */
  const SHOWN = new Set([
    'title',
    'placeHolder',
    'prompt',
    'label',
    'detail',
    'description',
    'tooltip',
    'message',
    'text',
    'name',
    'value',
  ]);
  const MESSAGES = /^vscode\.window\.(showInformationMessage|showWarningMessage|showErrorMessage|setStatusBarMessage)$/;

  it('gives window messages, quick picks, input boxes, tree items and the status bar only localized text', () => {
    const found: string[] = [];
    const flag = (node: ts.Node, expression: ts.Expression) => {
      const english = englishIn(expression);
      if (english) found.push(`${where(node)}: ${english}`);
    };
    for (const file of extensionSources()) {
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && MESSAGES.test(node.expression.getText().replace(/\s+/g, ''))) {
          for (const argument of node.arguments) if (!ts.isObjectLiteralExpression(argument)) flag(node, argument);
        } else if (
          ts.isNewExpression(node) &&
          /^vscode\.(TreeItem|MarkdownString)$/.test(node.expression.getText()) &&
          node.arguments?.[0]
        ) {
          flag(node, node.arguments[0]);
        } else if (ts.isPropertyAssignment(node) && SHOWN.has(node.name.getText())) {
          flag(node, node.initializer);
        } else if (
          ts.isBinaryExpression(node) &&
          node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          ts.isPropertyAccessExpression(node.left) &&
          SHOWN.has(node.left.name.text)
        ) {
          flag(node, node.right);
        } else if (ts.isCallExpression(node) && /\.append(Text|Markdown)$/.test(node.expression.getText()) && node.arguments[0]) {
          flag(node, node.arguments[0]);
        }
        ts.forEachChild(node, visit);
      };
      visit(parse(file));
    }
    assert.deepStrictEqual(found, []);
  });

  it('sees English text where there is some (the check works)', () => {
    const source = ts.createSourceFile(
      'probe.ts',
      "vscode.window.showInformationMessage(`Stack Guide: ${file} merged.`); item.tooltip = flag ? 'Open it' : x;",
      ts.ScriptTarget.Latest,
      true,
    );
    const texts: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && MESSAGES.test(node.expression.getText())) texts.push(String(englishIn(node.arguments[0])));
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) texts.push(String(englishIn(node.right)));
      ts.forEachChild(node, visit);
    };
    visit(source);
    assert.deepStrictEqual(texts, ['`Stack Guide: ${file} merged.`', 'Open it']);
  });
});
