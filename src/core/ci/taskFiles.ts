import { parseJsonc } from '../formats/jsonc';
import { lineAt } from '../formats/position';
import type { TaskScript } from './taskRunners';

/** The files task runners read: Makefiles, justfiles, tox.ini, JSON script sections. */

export function quoteWord(word: string): string {
  return /^[A-Za-z0-9_./=:@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The commands of tox.ini environments (`[testenv:x]`, `[testenv]` as their base), one per line. */
export function toxIni(text: string, path: string, envs: string[] | undefined): TaskScript[] {
  const sections = new Map<string, { key: string; lines: { text: string; line: number }[] }[]>();
  let section = '';
  let key = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      section = header[1].trim();
      key = '';
      continue;
    }
    if (/^\s*[#;]/.test(line) || line.trim() === '') continue;
    const entry = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    let list = sections.get(section);
    if (!list) sections.set(section, (list = []));
    if (entry) {
      key = entry[1];
      list.push({ key, lines: entry[2].trim() ? [{ text: entry[2].trim(), line: i + 1 }] : [] });
    } else if (/^\s/.test(line) && key && list.length > 0) {
      list[list.length - 1].lines.push({ text: line.trim(), line: i + 1 });
    }
  }
  const commandsOf = (name: string) => sections.get(name)?.find((entry) => entry.key === 'commands')?.lines;
  const envList =
    sections
      .get('tox')
      ?.find((entry) => entry.key === 'envlist' || entry.key === 'env_list')
      ?.lines.flatMap((line) => line.text.split(','))
      .map((name) => name.trim())
      .filter(Boolean) ?? [];
  const out: TaskScript[] = [];
  for (const name of envs ?? envList) {
    for (const command of commandsOf(`testenv:${name}`) ?? commandsOf('testenv') ?? []) {
      const ignore = command.text.startsWith('-');
      out.push({
        script: ignore ? command.text.slice(1) : command.text,
        at: () => ({ path, line: command.line }),
        errexit: false,
        ...(ignore ? { ignoreErrors: 'a `-` tox command (its exit status is ignored)' } : {}),
      });
    }
  }
  return out;
}

/** A top-level object of a JSON(C) file, and where its key is (to find the lines of its entries). */
export function jsonSection(text: string, key: string): { value: Record<string, unknown>; offset: number } | undefined {
  let parsed: unknown;
  try {
    parsed = parseJsonc(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const value = (parsed as Record<string, unknown>)[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const offset = text.indexOf(`"${key}"`);
  return { value: value as Record<string, unknown>, offset: Math.max(0, offset) };
}

/** The line of `"name":` after `from`. */
export function keyLine(text: string, from: number, name: string): number {
  const quoted = JSON.stringify(name);
  let at = text.indexOf(quoted, from);
  while (at >= 0) {
    let next = at + quoted.length;
    while (text[next] === ' ' || text[next] === '\t' || text[next] === '\n' || text[next] === '\r') next++;
    if (text[next] === ':') return lineAt(text, at);
    at = text.indexOf(quoted, at + 1);
  }
  return lineAt(text, from);
}

export interface RecipeLine {
  text: string;
  line: number;
  ignore: boolean;
}

/** Rules of a Makefile: targets, prerequisites and recipe lines (with `\` continuations joined). */
export function parseMakefile(text: string): { rules: Map<string, { prerequisites: string[]; recipe: RecipeLine[] }>; first?: string } {
  const rules = new Map<string, { prerequisites: string[]; recipe: RecipeLine[] }>();
  let first: string | undefined;
  let current: { prerequisites: string[]; recipe: RecipeLine[] }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/\r$/, '');
    const number = i + 1;
    if (line.startsWith('\t')) {
      if (current.length === 0) continue;
      while (line.endsWith('\\') && i + 1 < lines.length)
        line = line.slice(0, -1) + '\n' + lines[++i].replace(/\r$/, '').replace(/^\t/, '');
      let body = line.slice(1);
      let ignore = false;
      for (;;) {
        const prefix = /^[@+-]/.exec(body);
        if (!prefix) break;
        if (prefix[0] === '-') ignore = true;
        body = body.slice(1);
      }
      body = body.replace(/\$\$/g, '$');
      if (body.trim() === '' || body.trimStart().startsWith('#')) continue;
      for (const rule of current) rule.recipe.push({ text: body, line: number, ignore });
      continue;
    }
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = /^([^:=#\t][^:=#]*?)\s*::?(?!=)\s*([^;#]*)(?:;(.*))?$/.exec(line);
    if (!match || /^(ifeq|ifneq|ifdef|ifndef|else|endif|include|-include|export|define|endef|override)\b/.test(line)) {
      current = [];
      continue;
    }
    const targets = match[1].split(/\s+/).filter((target) => target !== '' && !target.includes('%'));
    const prerequisites = match[2]
      .split('|')[0]
      .split(/\s+/)
      .filter((name) => name !== '');
    current = targets.map((target) => {
      let rule = rules.get(target);
      if (!rule) rules.set(target, (rule = { prerequisites: [], recipe: [] }));
      rule.prerequisites.push(...prerequisites);
      return rule;
    });
    if (match[3] !== undefined && match[3].trim() !== '')
      for (const rule of current) rule.recipe.push({ text: match[3].trim(), line: number, ignore: false });
    if (first === undefined) first = targets.find((target) => !target.startsWith('.'));
  }
  return { rules, first };
}

/** Recipes of a justfile: name, dependencies and body lines. */
export function parseJustfile(text: string): { recipes: Map<string, { dependencies: string[]; lines: RecipeLine[] }>; first?: string } {
  const recipes = new Map<string, { dependencies: string[]; lines: RecipeLine[] }>();
  let first: string | undefined;
  let current: { dependencies: string[]; lines: RecipeLine[] } | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (/^[ \t]/.test(line)) {
      if (!current) continue;
      let body = line.trim();
      if (body === '') continue;
      if (body.startsWith('#')) continue;
      let ignore = false;
      while (/^[@-]/.test(body)) {
        if (body[0] === '-') ignore = true;
        body = body.slice(1);
      }
      current.lines.push({ text: body, line: i + 1, ignore });
      continue;
    }
    if (line.trim() === '' || line.startsWith('#') || line.startsWith('[')) continue;
    const match = /^@?([A-Za-z_][A-Za-z0-9_-]*)\b([^:=]*):(?!=)(.*)$/.exec(line);
    if (!match || /^(set|alias|export|import|mod)\s/.test(line)) {
      current = undefined;
      continue;
    }
    const dependencies = match[3]
      .replace(/\([^)]*\)/g, (call) => call.slice(1, -1).split(/\s+/)[0] ?? '')
      .split(/[\s&]+/)
      .filter((name) => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name));
    current = { dependencies, lines: [] };
    recipes.set(match[1], current);
    first ??= match[1];
  }
  return { recipes, first };
}
