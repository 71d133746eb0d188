/**
 * A minimal XML reader for pom.xml and .slnx: elements, attributes and text; comments, processing
 * instructions, the DOCTYPE and CDATA are handled; anything unbalanced is an error that names its
 * line. Hand-written rather than a library: the smallest XML parser at hand (sax 1.6) adds about
 * 22 KB to the minified bundles against about 3 KB for this one, and reads more than two build
 * files need (namespaces, entities from a DOCTYPE, streaming).
 */
import { lineAt as lineOf } from './position';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export function parseXml(source: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const lineAt = (index: number): number => lineOf(source, index);
  const addText = (text: string, at: number): void => {
    if (stack.length > 0) stack[stack.length - 1].text += text;
    else if (text.trim()) throw new Error(`text outside the root element on line ${lineAt(at)}`);
  };
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    addText(decodeEntities(source.slice(i, lt < 0 ? source.length : lt)), i);
    if (lt < 0) break;
    const skipTo = (terminator: string, what: string): number => {
      const end = source.indexOf(terminator, lt);
      if (end < 0) throw new Error(`unterminated ${what} on line ${lineAt(lt)}`);
      return end + terminator.length;
    };
    if (source.startsWith('<!--', lt)) {
      i = skipTo('-->', 'comment');
    } else if (source.startsWith('<![CDATA[', lt)) {
      i = skipTo(']]>', 'CDATA section');
      addText(source.slice(lt + 9, i - 3), lt);
    } else if (source.startsWith('<?', lt)) {
      i = skipTo('?>', 'processing instruction');
    } else if (source.startsWith('<!', lt)) {
      i = skipDeclaration(source, lt, lineAt);
    } else if (source.startsWith('</', lt)) {
      i = skipTo('>', 'end tag');
      const name = source.slice(lt + 2, i - 1).trim();
      const open = stack.pop();
      if (!open) throw new Error(`unexpected </${name}> on line ${lineAt(lt)}`);
      if (open.name !== name) throw new Error(`</${name}> on line ${lineAt(lt)} does not close <${open.name}>`);
    } else {
      i = startTagEnd(source, lt, lineAt);
      const element = startTag(source.slice(lt + 1, i - 1), lineAt(lt));
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      else if (root) throw new Error(`a second root element <${element.name}> on line ${lineAt(lt)}`);
      else root = element;
      if (!source.slice(lt, i).endsWith('/>')) stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** `<!DOCTYPE …>`, whose internal subset in brackets may itself hold `>`. */
function skipDeclaration(source: string, start: number, lineAt: (index: number) => number): number {
  let depth = 0;
  for (let i = start + 2; i < source.length; i++) {
    if (source[i] === '[') depth++;
    else if (source[i] === ']') depth--;
    else if (source[i] === '>' && depth <= 0) return i + 1;
  }
  throw new Error(`unterminated declaration on line ${lineAt(start)}`);
}

/** Index just past the `>` of a start tag; a `>` inside a quoted attribute value does not end it. */
function startTagEnd(source: string, start: number, lineAt: (index: number) => number): number {
  let quote: string | undefined;
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    } else if (c === '<') {
      break;
    }
  }
  throw new Error(`unterminated tag on line ${lineAt(start)}`);
}

function startTag(body: string, line: number): XmlElement {
  const inner = body.endsWith('/') ? body.slice(0, -1) : body;
  const name = /^[^\s/>="']+/.exec(inner)?.[0];
  if (!name) throw new Error(`a tag without a name on line ${line}`);
  const attributes: Record<string, string> = {};
  const rest = inner.slice(name.length);
  const attribute = /\s*([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')|\s+/gy;
  let match: RegExpExecArray | null;
  while (attribute.lastIndex < rest.length && (match = attribute.exec(rest))) {
    if (match[1]) attributes[match[1]] = decodeEntities(match[2] ?? match[3]);
  }
  if (attribute.lastIndex < rest.length) throw new Error(`a malformed attribute in <${name}> on line ${line}`);
  return { name, attributes, children: [], text: '' };
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (entity, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[name] ?? entity;
  });
}

/** Element names without a namespace prefix (`pom:modules` → `modules`). */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

export function children(parents: readonly XmlElement[], name: string): XmlElement[] {
  return parents.flatMap((parent) => parent.children.filter((child) => localName(child.name) === name));
}

export function descendants(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...descendants(child, name)]);
}
