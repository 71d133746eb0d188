import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type DirEntry, type FileSystem } from '../../src/core/fileSystem';
import { NodeFileSystem, NodeWritableFileSystem } from '../../src/node/nodeFileSystem';
import { entryPath, parseEntry, safeSegment, serializeEntry } from '../../src/core/review/entryFile';
import {
  DEFAULT_LAYOUT,
  keyString,
  readReview,
  type EntryKey,
  type ReviewData,
  type ReviewEntry,
  type ReviewLayout,
  type StoredEntry,
  type WritableFileSystem,
} from '../../src/core/review/reviewData';
import { planMigration, ReviewWriteError, updateEntry } from '../../src/core/review/reviewWriter';
import { makeTree, prng } from './treeHelper';

const FOLDER = '.stackguide/review';
const AT = (hour: number) => `2026-11-29T${String(hour).padStart(2, '0')}:00:00.000Z`;
const done = (by: string, hour: number, extra: Partial<ReviewEntry> = {}): ReviewEntry => ({
  state: 'done',
  by,
  at: AT(hour),
  textHash: '1a2b3c4d',
  ...extra,
});

async function readOk(root: string, layout: ReviewLayout = DEFAULT_LAYOUT): Promise<ReviewData> {
  const result = await readReview(new NodeFileSystem(root), layout);
  if (!result.ok) assert.fail(`${result.error.file}:${result.error.line}: ${result.error.message}`);
  return result.data;
}

function byKey(data: ReviewData): Map<string, StoredEntry> {
  return new Map(data.entries.map((stored) => [keyString(stored.key), stored]));
}

function entryText(key: EntryKey, entry: ReviewEntry): string {
  return serializeEntry(key, entry);
}

describe('review decision files (version 2)', () => {
  describe('format', () => {
    it('writes the documented, readable layout', () => {
      const text = serializeEntry(
        { unit: 'crates/api', id: 'rust.delivery.lockfile', member: 'crates/api/x' },
        { ...done('Ana', 10), note: 'checked "Cargo.lock"', history: [{ state: 'n/a', by: 'Bo', at: AT(9), from: 'merge' }] },
      );
      assert.strictEqual(
        text,
        [
          '# rust.delivery.lockfile in crates/api for crates/api/x: a Stack Guide review decision',
          'version: 2',
          'unit: crates/api',
          'item: rust.delivery.lockfile',
          'state: done',
          'by: Ana',
          'at: 2026-11-29T10:00:00.000Z',
          'note: "checked \\"Cargo.lock\\""',
          'textHash: "1a2b3c4d"',
          'member: crates/api/x',
          'history:',
          '  - {state: n/a, by: Bo, at: "2026-11-29T09:00:00.000Z", from: merge}',
          '',
        ].join('\n'),
      );
    });

    it('round-trips, and is stable', () => {
      const key: EntryKey = { unit: '.', id: 'go.delivery.timeouts' };
      const entry = done('Ana', 10);
      const text = serializeEntry(key, entry);
      assert.deepStrictEqual(parseEntry(text, 'f.yaml'), { ok: true, key, entry });
      assert.doesNotMatch(text, /note:|member:|history:/, 'optional fields only when set');
    });

    it('names the decision in a one-line comment, whatever the key holds', () => {
      const text = serializeEntry({ unit: 'a\nversion: 9', id: 'x\u2028y\r\n<<<<<<< z' }, done('Ana', 10));
      assert.strictEqual(text.split('\n')[0], '# "x\\u2028y\\r\\n<<<<<<< z" in "a\\nversion: 9": a Stack Guide review decision');
      assert.ok(parseEntry(text, 'f.yaml').ok);
    });

    it('round-trips hostile text in every field (seeded random strings)', () => {
      const random = prng(20);
      const alphabet = [
        'a',
        'Z',
        ' ',
        '#',
        ':',
        ': ',
        '-',
        '"',
        "'",
        '\\',
        '\n',
        '\r',
        '\t',
        '\u0000',
        '\u0007',
        '\u007f',
        '\u0085',
        '\u2028',
        '\ufeff',
        'é',
        '😀',
        '{',
        '}',
        '[',
        ']',
        ',',
        '&',
        '*',
        '!',
        '%',
        '@',
        '`',
        '|',
        '>',
        '?',
        'yes',
        'null',
        '~',
        '0x1',
        '1e3',
        '.inf',
        '<<<<<<< ',
        '=======',
        '\n>>>>>>> x',
      ];
      const text = () => {
        let out = '';
        const length = Math.floor(random() * 8);
        for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
        return out;
      };
      for (let i = 0; i < 300; i++) {
        const noNul = (value: string) => value.replace(/\u0000/g, '');
        const key: EntryKey = { unit: noNul(text()) || '.', id: `x${noNul(text())}` };
        if (random() < 0.5) key.member = `m${noNul(text())}`;
        const entry: ReviewEntry = { state: (['open', 'done', 'n/a'] as const)[i % 3], by: text(), at: text(), textHash: text() };
        const note = text();
        if (note) entry.note = note;
        if (random() < 0.5)
          entry.history = [
            {
              state: 'done',
              by: text(),
              at: text(),
              ...(random() < 0.5 ? { note: `n${text()}` } : {}),
              ...(random() < 0.5 ? { from: text() } : {}),
            },
          ];
        const serialized = serializeEntry(key, entry);
        const parsed = parseEntry(serialized, 'f.yaml');
        assert.deepStrictEqual(parsed, { ok: true, key, entry }, serialized);
      }
    });

    const broken: [string, string, RegExp, number, number?][] = [
      ['invalid YAML', 'version: 2\nunit: [\n', /invalid YAML/, 3],
      ['an unknown version', 'version: 3\nunit: .\n', /unknown review decision version 3/, 1, 10],
      ['a missing version', 'unit: .\nitem: a.b\n', /missing "version"/, 1],
      ['an unknown key', 'version: 2\nunit: .\nitem: a.b\nstate: done\nby: a\nat: b\ntextHash: c\nextra: 1\n', /unknown key "extra"/, 8],
      ['an unknown state', 'version: 2\nunit: .\nitem: a.b\nstate: maybe\nby: a\nat: b\ntextHash: c\n', /state "maybe"/, 4, 8],
      [
        'a number where text belongs',
        'version: 2\nunit: .\nitem: a.b\nstate: done\nby: a\nat: b\ntextHash: 00000000\n',
        /"textHash" must be text/,
        7,
        11,
      ],
      ['a missing field', 'version: 2\nunit: .\nitem: a.b\nstate: done\nby: a\nat: b\n', /missing "textHash"/, 1],
      ['a list instead of a mapping', '- a\n- b\n', /must be a mapping/, 1],
      ['an alias', 'version: 2\nunit: &u .\nitem: a.b\nstate: done\nby: *u\nat: b\ntextHash: c\n', /aliases are not allowed/, 5, 5],
      [
        'a history that is not a list',
        'version: 2\nunit: .\nitem: a.b\nstate: done\nby: a\nat: b\ntextHash: c\nhistory: 3\n',
        /"history" must be a list/,
        8,
      ],
      [
        'a history item with an unknown key',
        'version: 2\nunit: .\nitem: a.b\nstate: done\nby: a\nat: b\ntextHash: c\nhistory:\n  - {state: done, by: a, at: b, why: c}\n',
        /unknown key "why"/,
        9,
      ],
      [
        'a history item with a wrong state',
        'version: 2\nunit: .\nitem: a.b\nstate: done\nby: a\nat: b\ntextHash: c\nhistory:\n  - {state: ok, by: a, at: b}\n',
        /history item 1 has state "ok"/,
        9,
      ],
      ['a duplicated key', 'version: 2\nunit: .\nunit: x\n', /invalid YAML/, 3],
      ['two documents', 'version: 2\n---\nversion: 2\n', /invalid YAML/, 2],
      ['an empty file', '\n\n', /empty/, 1],
      ['a comment only', '# nothing\n', /must be a mapping/, 1],
    ];
    for (const [what, text, message, line, column] of broken) {
      it(`rejects ${what} with its line`, () => {
        const result = parseEntry(text, 'x.yaml');
        assert.strictEqual(result.ok, false);
        if (!result.ok) {
          assert.match(result.error.message, message);
          assert.strictEqual(result.error.file, 'x.yaml');
          assert.strictEqual(result.error.line, line, `line of ${what}`);
          if (column !== undefined) assert.strictEqual(result.error.column, column, `column of ${what}`);
          assert.ok(result.error.hint.length > 0);
          assert.ok(!result.error.conflict);
        }
      });
    }

    for (const marker of ['<<<<<<< HEAD', '=======', '>>>>>>> theirs', '||||||| base']) {
      it(`reports the conflict marker ${marker.slice(0, 7)} with conflict: true and its line`, () => {
        const text = `version: 2\nunit: .\n${marker}\r\nitem: a.b\n`;
        const result = parseEntry(text, 'x.yaml');
        assert.ok(!result.ok && result.error.conflict === true && result.error.line === 3, JSON.stringify(result));
      });
    }
  });

  describe('paths', () => {
    it('puts a decision at <folder>/<unit>/<id>.yaml, a member decision under <id>/<member>.yaml', () => {
      assert.strictEqual(
        entryPath(DEFAULT_LAYOUT, { unit: '.', id: 'go.delivery.timeouts' }),
        '.stackguide/review/go.delivery.timeouts.yaml',
      );
      assert.strictEqual(
        entryPath(DEFAULT_LAYOUT, { unit: 'crates/api', id: 'rust.delivery.lockfile' }),
        '.stackguide/review/crates/api/rust.delivery.lockfile.yaml',
      );
      assert.strictEqual(
        entryPath(DEFAULT_LAYOUT, { unit: '.', id: 'rust.quality.tests', member: 'crates/a' }),
        '.stackguide/review/rust.quality.tests/crates/a.yaml',
      );
      assert.strictEqual(entryPath({ folder: './review/', legacyFile: 'x' }, { unit: 'web', id: 'a.b' }), 'review/web/a.b.yaml');
    });

    const hostile = [
      '..',
      '.',
      '',
      '../../../etc/passwd',
      '/etc/passwd',
      'C:\\Windows\\x',
      '\\\\server\\share',
      'a/../../b',
      '.git',
      '.git/hooks/pre-commit',
      'con',
      'NUL.txt',
      'aux.go.x',
      'a:b',
      'a\u0000b',
      'a\nb',
      'trailing.',
      'trailing ',
      '%2e%2e',
      '%',
      'x'.repeat(400),
      'é'.repeat(200),
      '\u202eevil',
      'a*b?c"d<e>f|g',
    ];

    it('keeps every hostile unit, id and member inside the folder, as safe file names', () => {
      for (const a of hostile) {
        for (const key of [
          { unit: a, id: 'x.y' },
          { unit: '.', id: a },
          { unit: 'u', id: 'x.y', member: a },
          { unit: a, id: a, member: a },
        ] as EntryKey[]) {
          const file = entryPath(DEFAULT_LAYOUT, key);
          assert.ok(file.startsWith(`${FOLDER}/`), file);
          const segments = file.slice(FOLDER.length + 1).split('/');
          for (const segment of segments) {
            assert.ok(segment !== '' && !segment.startsWith('.'), `segment ${JSON.stringify(segment)} of ${JSON.stringify(file)}`);
            assert.doesNotMatch(segment, /[\\:*?"<>|\u0000-\u001f\u007f\u202e]|[. ]$/, `segment ${JSON.stringify(segment)}`);
            assert.doesNotMatch(segment, /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
            assert.ok(Buffer.byteLength(segment) <= 130, `segment length ${Buffer.byteLength(segment)}`);
          }
          assert.strictEqual(path.posix.normalize(file), file);
          assert.ok(file.endsWith('.yaml'));
        }
      }
    });

    it('gives different keys of one kind different files (percent-encoding is reversible)', () => {
      // A unit folder named like an item id can meet a member decision's folder; the writer then
      // picks another name (see "never writes over another key's file"), and reading goes by content.
      for (const member of [false, true]) {
        const seen = new Map<string, string>();
        for (const a of hostile) {
          for (const b of ['x.y', '%78.y', 'X.y']) {
            const keys: EntryKey[] = member
              ? [
                  { unit: '.', id: b, member: a },
                  { unit: b, id: b, member: a },
                  { unit: '.', id: a, member: b },
                ]
              : [
                  { unit: a, id: b },
                  { unit: b, id: a },
                ];
            for (const key of keys) {
              const file = entryPath(DEFAULT_LAYOUT, key);
              const before = seen.get(file);
              assert.ok(
                before === undefined || before === keyString(key),
                `${file} for ${JSON.stringify(key)} and ${JSON.stringify(before)}`,
              );
              seen.set(file, keyString(key));
            }
          }
        }
      }
      assert.strictEqual(safeSegment('%41'), '%2541');
    });

    it('writes and reads back hostile keys without leaving the folder (the content is what counts)', async () => {
      const root = makeTree({ 'README.md': 'x' });
      const wfs = new NodeWritableFileSystem(root);
      const keys: EntryKey[] = hostile
        .filter((a) => !a.includes('\u0000'))
        .flatMap((a, i) => [
          { unit: a || '.', id: `x.${i}` },
          { unit: '.', id: a || 'e' },
          { unit: 'u', id: 'm.m', member: a || 'm' },
        ]);
      for (const key of keys) await updateEntry(wfs, DEFAULT_LAYOUT, key, () => done('Ana', 10));
      const all = listFiles(root);
      for (const file of all) assert.ok(file === 'README.md' || file.startsWith(`${FOLDER}/`), file);
      const data = await readOk(root);
      assert.deepStrictEqual(new Set(data.entries.map((stored) => keyString(stored.key))), new Set(keys.map(keyString)));
      assert.ok(data.entries.every((stored) => stored.file === entryPath(DEFAULT_LAYOUT, stored.key)));
    });
  });
});

function listFiles(root: string, dir = ''): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(root, relative) : [relative];
  });
}

describe('readReview', () => {
  const k1: EntryKey = { unit: '.', id: 'go.delivery.timeouts' };
  const k2: EntryKey = { unit: 'crates/api', id: 'rust.delivery.lockfile', member: 'crates/api/x' };

  it('reads a missing folder and no version-1 file as an empty review', async () => {
    assert.deepStrictEqual(await readOk(makeTree({ 'README.md': 'x' })), { entries: [] });
  });

  it('reads every decision file under the folder, wherever it is, and ignores other files', async () => {
    const root = makeTree({
      [entryPath(DEFAULT_LAYOUT, k1)]: entryText(k1, done('Ana', 10)),
      [`${FOLDER}/moved/by/hand.yaml`]: entryText(k2, done('Bo', 11)),
      [`${FOLDER}/README.md`]: 'not a decision',
      [`${FOLDER}/x.yaml.orig`]: 'not a decision either',
      [`${FOLDER}/.gitkeep`]: '',
    });
    const data = await readOk(root);
    assert.strictEqual(data.legacyFile, undefined);
    assert.deepStrictEqual(
      data.entries.sort((a, b) => a.file.localeCompare(b.file)),
      [
        { key: k1, entry: done('Ana', 10), file: '.stackguide/review/go.delivery.timeouts.yaml' },
        { key: k2, entry: done('Bo', 11), file: '.stackguide/review/moved/by/hand.yaml' },
      ],
    );
  });

  it('reads a version-1 file as legacy entries keyed by component path', async () => {
    const root = makeTree({
      '.stackguide/review.yaml':
        'version: 1\ncomponents:\n  crates/a:\n    rust.x.y:\n      state: n/a\n      by: Cy\n      at: "2026-01-01T00:00:00Z"\n      note: not here\n      textHash: "00000000"\n',
      [entryPath(DEFAULT_LAYOUT, k1)]: entryText(k1, done('Ana', 10)),
    });
    const data = await readOk(root);
    assert.strictEqual(data.legacyFile, '.stackguide/review.yaml');
    assert.deepStrictEqual(
      data.entries.find((stored) => stored.legacy),
      {
        key: { unit: 'crates/a', id: 'rust.x.y' },
        entry: { state: 'n/a', by: 'Cy', at: '2026-01-01T00:00:00Z', note: 'not here', textHash: '00000000' },
        file: '.stackguide/review.yaml',
        legacy: true,
      },
    );
    assert.strictEqual(data.entries.length, 2);
  });

  it('keeps the newer of two files holding one key, the other in its history', async () => {
    const root = makeTree({
      [`${FOLDER}/a.yaml`]: entryText(k1, done('Ana', 10)),
      [`${FOLDER}/b.yaml`]: entryText(k1, { ...done('Bo', 12), state: 'n/a', note: 'why' }),
    });
    const data = await readOk(root);
    assert.deepStrictEqual(data.entries, [
      {
        key: k1,
        entry: { ...done('Bo', 12), state: 'n/a', note: 'why', history: [{ state: 'done', by: 'Ana', at: AT(10), from: 'merge' }] },
        file: `${FOLDER}/b.yaml`,
        duplicates: [`${FOLDER}/a.yaml`],
      },
    ]);
  });

  it('names the file, line and column of an invalid decision', async () => {
    const root = makeTree({
      [entryPath(DEFAULT_LAYOUT, k1)]: entryText(k1, done('Ana', 10)),
      [`${FOLDER}/web/bad.yaml`]: 'version: 2\nunit: web\nitem: a.b\nstate: maybe\nby: a\nat: b\ntextHash: c\n',
    });
    const result = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT);
    assert.ok(!result.ok);
    assert.deepStrictEqual([result.error.file, result.error.line, result.error.column], [`${FOLDER}/web/bad.yaml`, 4, 8]);
  });

  it('reports conflict markers in a decision or in the version-1 file as a conflict', async () => {
    const marked = '<<<<<<< HEAD\nversion: 2\n=======\nversion: 2\n>>>>>>> b\n';
    let result = await readReview(new NodeFileSystem(makeTree({ [`${FOLDER}/x.yaml`]: `# c\n${marked}` })), DEFAULT_LAYOUT);
    assert.ok(!result.ok && result.error.conflict && result.error.line === 2 && result.error.file === `${FOLDER}/x.yaml`);
    result = await readReview(
      new NodeFileSystem(makeTree({ '.stackguide/review.yaml': `version: 1\ncomponents:\n${marked}` })),
      DEFAULT_LAYOUT,
    );
    assert.ok(!result.ok && result.error.conflict && result.error.line === 3 && result.error.file === '.stackguide/review.yaml');
  });

  it('refuses bytes that are not UTF-8, with their line and column', async () => {
    const root = makeTree({});
    fs.mkdirSync(path.join(root, FOLDER), { recursive: true });
    fs.writeFileSync(
      path.join(root, FOLDER, 'x.yaml'),
      Buffer.concat([Buffer.from('version: 2\nby: é'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]),
    );
    const result = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT);
    assert.ok(!result.ok);
    assert.match(result.error.message, /UTF-8/);
    assert.deepStrictEqual([result.error.file, result.error.line, result.error.column], [`${FOLDER}/x.yaml`, 2, 6]);
  });

  it('refuses more files than the limit, naming the file and the limit', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`${FOLDER}/d${i}/x.yaml`] = entryText({ unit: `d${i}`, id: 'x.y' }, done('a', 1));
    const root = makeTree(files);
    const limits = { maxFiles: 4, maxFileBytes: 1000, maxLegacyBytes: 1000, maxDepth: 5, maxEntries: 100 };
    const result = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT, undefined, limits);
    assert.ok(!result.ok);
    assert.match(result.error.message, /more than 4 decision files/);
    assert.strictEqual(result.error.file, `${FOLDER}/d4/x.yaml`);
    assert.ok((await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT, undefined, { ...limits, maxFiles: 5 })).ok);
  });

  it('refuses a folder with too many entries of any kind', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`${FOLDER}/notes-${i}.txt`] = 'x';
    const result = await readReview(new NodeFileSystem(makeTree(files)), DEFAULT_LAYOUT, undefined, {
      maxFiles: 10,
      maxFileBytes: 1000,
      maxLegacyBytes: 1000,
      maxDepth: 5,
      maxEntries: 5,
    });
    assert.ok(
      !result.ok && result.error.file === `${FOLDER}/notes-5.txt` && /more than 5 files and folders/.test(result.error.message),
      JSON.stringify(result),
    );
  });

  it('reads a version-1 file configured inside the review folder as version 1', async () => {
    const layout = { folder: FOLDER, legacyFile: `${FOLDER}/old.yaml` };
    const data = await readOk(
      makeTree({
        [`${FOLDER}/old.yaml`]: 'version: 1\ncomponents:\n  .:\n    a.b:\n      state: done\n      by: a\n      at: b\n      textHash: c\n',
      }),
      layout,
    );
    assert.deepStrictEqual(
      data.entries.map((stored) => [stored.key.id, stored.legacy]),
      [['a.b', true]],
    );
  });

  it('refuses a file over 256 KB, naming it and the limit', async () => {
    const root = makeTree({ [`${FOLDER}/big.yaml`]: `# ${'x'.repeat(256 * 1024)}\n` });
    const result = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT);
    assert.ok(!result.ok);
    assert.strictEqual(result.error.file, `${FOLDER}/big.yaml`);
    assert.match(result.error.message, /more than the limit of 262144/);
  });

  it('refuses folders nested deeper than the limit', async () => {
    const root = makeTree({ [`${FOLDER}/a/b/c/x.yaml`]: entryText(k1, done('a', 1)) });
    const result = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT, undefined, {
      maxFiles: 10,
      maxFileBytes: 1000,
      maxLegacyBytes: 1000,
      maxDepth: 2,
      maxEntries: 100,
    });
    assert.ok(
      !result.ok && result.error.file === `${FOLDER}/a/b/c` && /more than 2 folders deep/.test(result.error.message),
      JSON.stringify(result),
    );
  });

  it('never follows a symbolic link: a linked file, folder or review folder is an error', async function () {
    const outside = makeTree({ 'secret.yaml': entryText(k1, done('Eve', 1)), 'dir/x.yaml': entryText(k1, done('Eve', 1)) });
    const cases: [string, (root: string) => void, string][] = [
      [
        'a linked file',
        (root) => fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, FOLDER, 'linked.yaml')),
        `${FOLDER}/linked.yaml`,
      ],
      ['a linked folder', (root) => fs.symlinkSync(path.join(outside, 'dir'), path.join(root, FOLDER, 'linked')), `${FOLDER}/linked`],
      [
        'a linked review folder',
        (root) => {
          fs.rmSync(path.join(root, FOLDER), { recursive: true });
          fs.symlinkSync(path.join(outside, 'dir'), path.join(root, FOLDER));
        },
        FOLDER,
      ],
      [
        'a linked .stackguide',
        (root) => {
          fs.rmSync(path.join(root, '.stackguide'), { recursive: true });
          fs.symlinkSync(outside, path.join(root, '.stackguide'));
        },
        '.stackguide',
      ],
      [
        'a linked version-1 file',
        (root) => fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, '.stackguide', 'review.yaml')),
        '.stackguide/review.yaml',
      ],
    ];
    for (const [what, link, file] of cases) {
      const root = makeTree({ [`${FOLDER}/ok.yaml`]: entryText(k2, done('Ana', 1)) });
      try {
        link(root);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EPERM') this.skip(); // Windows without the symlink privilege
        throw error;
      }
      const result = await readReview(new NodeFileSystem(root), DEFAULT_LAYOUT);
      assert.ok(!result.ok, what);
      assert.strictEqual(result.error.file, file, what);
      assert.match(result.error.message, /symbolic link/, what);
    }
  });

  it('names a folder it cannot list', async () => {
    const real = new NodeFileSystem(makeTree({ [`${FOLDER}/web/x.yaml`]: entryText(k1, done('a', 1)) }));
    const failing: FileSystem = {
      readDirectory: (dir: string): Promise<DirEntry[]> =>
        dir === `${FOLDER}/web` ? Promise.reject(Object.assign(new Error('no'), { code: 'EACCES' })) : real.readDirectory(dir),
      readFile: (file: string) => real.readFile(file),
    };
    const result = await readReview(failing, DEFAULT_LAYOUT);
    assert.ok(!result.ok && result.error.file === `${FOLDER}/web` && /EACCES/.test(result.error.message), JSON.stringify(result));
  });

  it('stops when cancelled', async () => {
    const root = makeTree({ [`${FOLDER}/x.yaml`]: entryText(k1, done('a', 1)) });
    await assert.rejects(readReview(new NodeFileSystem(root), DEFAULT_LAYOUT, { isCancellationRequested: true }), /Cancelled/);
  });
});

describe('planMigration', () => {
  const legacy = (unit: string, id: string, entry: ReviewEntry): StoredEntry => ({
    key: { unit, id },
    entry,
    file: '.stackguide/review.yaml',
    legacy: true,
  });

  it('maps version-1 ticks to unit keys: the newest wins, every other one is in its history', () => {
    const data: ReviewData = {
      legacyFile: '.stackguide/review.yaml',
      entries: [
        legacy('crates/a', 'rust.delivery.lockfile', done('Ana', 9)),
        legacy('crates/b', 'rust.delivery.lockfile', { ...done('Bo', 11), state: 'n/a', note: 'vendored' }),
        legacy('.', 'rust.delivery.lockfile', done('Cy', 10)),
        legacy('old', 'rust.delivery.gone', done('Di', 8)),
        { key: { unit: '.', id: 'rust.delivery.lockfile' }, entry: done('Ed', 7), file: `${FOLDER}/rust.delivery.lockfile.yaml` },
        { key: { unit: '.', id: 'rust.quality.untouched' }, entry: done('Ed', 7), file: `${FOLDER}/rust.quality.untouched.yaml` },
      ],
    };
    const resolve = (component: string, id: string): EntryKey | undefined => (component === 'old' ? undefined : { unit: '.', id });
    const planned = planMigration(data, resolve);
    assert.deepStrictEqual(planned, [
      { key: { unit: 'old', id: 'rust.delivery.gone' }, entry: done('Di', 8), file: `${FOLDER}/old/rust.delivery.gone.yaml` },
      {
        key: { unit: '.', id: 'rust.delivery.lockfile' },
        entry: {
          ...done('Bo', 11),
          state: 'n/a',
          note: 'vendored',
          history: [
            { state: 'done', by: 'Cy', at: AT(10), from: 'version 1, component .' },
            { state: 'done', by: 'Ana', at: AT(9), from: 'version 1, component crates/a' },
            { state: 'done', by: 'Ed', at: AT(7) },
          ],
        },
        file: `${FOLDER}/rust.delivery.lockfile.yaml`,
      },
    ]);
    // The same whatever the order it was read in, so two branches migrating one file agree byte for byte.
    const reversed = planMigration({ ...data, entries: [...data.entries].reverse() }, resolve);
    assert.deepStrictEqual(
      reversed.map((stored) => serializeEntry(stored.key, stored.entry)),
      planned.map((stored) => serializeEntry(stored.key, stored.entry)),
    );
  });

  it('keeps the same decision found twice once', () => {
    const planned = planMigration({ entries: [legacy('a', 'x.y', done('Ana', 9)), legacy('b', 'x.y', done('Ana', 9))] }, (_, id) => ({
      unit: '.',
      id,
    }));
    assert.deepStrictEqual(
      planned.map((stored) => stored.entry),
      [done('Ana', 9)],
    );
  });
});

/** Records every write and delete, and can fail one of them. */
class RecordingFs implements WritableFileSystem {
  readonly log: string[] = [];
  constructor(
    private readonly inner: NodeWritableFileSystem,
    private readonly failOn?: (op: string) => boolean,
  ) {}
  readDirectory(dir: string) {
    return this.inner.readDirectory(dir);
  }
  readFile(file: string) {
    return this.inner.readFile(file);
  }
  async writeFileAtomic(file: string, bytes: Uint8Array) {
    if (this.failOn?.(`write ${file}`)) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    this.log.push(`write ${file}`);
    await this.inner.writeFileAtomic(file, bytes);
  }
  createExclusive(file: string, bytes: Uint8Array) {
    return this.inner.createExclusive(file, bytes);
  }
  async deleteFile(file: string) {
    if (file.endsWith('.lock')) return this.inner.deleteFile(file); // the review lock, not a review change
    if (this.failOn?.(`delete ${file}`)) throw Object.assign(new Error('busy'), { code: 'EBUSY' });
    this.log.push(`delete ${file}`);
    await this.inner.deleteFile(file);
  }
}

describe('updateEntry', () => {
  const key: EntryKey = { unit: '.', id: 'go.delivery.timeouts' };
  const legacyText = [
    'version: 1',
    'components:',
    '  .:',
    '    go.delivery.runtime:',
    '      state: done',
    '      by: Ana',
    '      at: "2026-11-01T00:00:00.000Z"',
    '      textHash: "00000001"',
    '  svc:',
    '    go.delivery.runtime:',
    '      state: n/a',
    '      by: Bo',
    '      at: "2026-11-02T00:00:00.000Z"',
    '      note: internal tool',
    '      textHash: "00000002"',
    '    go.quality.race:',
    '      state: done',
    '      by: Bo',
    '      at: "2026-11-02T00:00:00.000Z"',
    '      textHash: "00000003"',
    '',
  ].join('\n');

  it('writes the decision to its canonical file, re-reading what is there first', async () => {
    const root = makeTree({});
    const wfs = new NodeWritableFileSystem(root);
    await updateEntry(wfs, DEFAULT_LAYOUT, key, () => done('Ana', 10));
    // Someone else (another window, a pull) adds a decision meanwhile.
    const other: EntryKey = { unit: 'web', id: 'ts.x' };
    fs.mkdirSync(path.join(root, FOLDER, 'web'), { recursive: true });
    fs.writeFileSync(path.join(root, entryPath(DEFAULT_LAYOUT, other)), entryText(other, done('Bo', 11)));
    let seen: ReviewEntry | undefined;
    const written = await updateEntry(wfs, DEFAULT_LAYOUT, key, (current) => {
      seen = current;
      return { ...done('Ana', 12), note: 'again' };
    });
    assert.deepStrictEqual(seen, done('Ana', 10));
    assert.deepStrictEqual(written, { ...done('Ana', 12), note: 'again' });
    const data = byKey(await readOk(root));
    assert.deepStrictEqual(data.get(keyString(key))?.entry, { ...done('Ana', 12), note: 'again' });
    assert.deepStrictEqual(data.get(keyString(other))?.entry, done('Bo', 11));
    assert.strictEqual(
      fs.readFileSync(path.join(root, entryPath(DEFAULT_LAYOUT, key)), 'utf8'),
      entryText(key, { ...done('Ana', 12), note: 'again' }),
    );
  });

  it('writes a reopened item as a decision with state open, and deletes only when change returns undefined', async () => {
    const root = makeTree({});
    const wfs = new NodeWritableFileSystem(root);
    await updateEntry(wfs, DEFAULT_LAYOUT, key, () => done('Ana', 10));
    await updateEntry(wfs, DEFAULT_LAYOUT, key, () => ({ ...done('Ana', 11), state: 'open' }));
    assert.strictEqual((await readOk(root)).entries[0].entry.state, 'open');
    await updateEntry(wfs, DEFAULT_LAYOUT, key, () => undefined);
    assert.deepStrictEqual((await readOk(root)).entries, []);
    assert.ok(!fs.existsSync(path.join(root, entryPath(DEFAULT_LAYOUT, key))));
  });

  it('carries the history over unless the change sets it', async () => {
    const root = makeTree({
      [`${FOLDER}/go.delivery.timeouts.yaml`]: entryText(key, {
        ...done('Ana', 10),
        history: [{ state: 'n/a', by: 'Bo', at: AT(9), from: 'merge' }],
      }),
    });
    const wfs = new NodeWritableFileSystem(root);
    await updateEntry(wfs, DEFAULT_LAYOUT, key, () => done('Cy', 11));
    assert.deepStrictEqual((await readOk(root)).entries[0].entry.history, [{ state: 'n/a', by: 'Bo', at: AT(9), from: 'merge' }]);
    await updateEntry(wfs, DEFAULT_LAYOUT, key, () => ({ ...done('Cy', 12), history: [] }));
    assert.strictEqual((await readOk(root)).entries[0].entry.history, undefined);
  });

  it('moves a decision from a file elsewhere to its canonical file, and removes duplicates', async () => {
    const root = makeTree({
      [`${FOLDER}/renamed.yaml`]: entryText(key, done('Ana', 10)),
      [`${FOLDER}/copy/of/it.yaml`]: entryText(key, done('Bo', 9)),
    });
    await updateEntry(new NodeWritableFileSystem(root), DEFAULT_LAYOUT, key, (current) => ({ ...current!, note: 'moved' }));
    assert.deepStrictEqual(listFiles(root).sort(), [entryPath(DEFAULT_LAYOUT, key)]);
    assert.deepStrictEqual((await readOk(root)).entries[0].entry, {
      ...done('Ana', 10),
      note: 'moved',
      history: [{ state: 'done', by: 'Bo', at: AT(9), from: 'merge' }],
    });
  });

  it("never writes over another key's file that sits at the canonical path", async () => {
    const squatter: EntryKey = { unit: 'elsewhere', id: 'z.z' };
    const root = makeTree({ [entryPath(DEFAULT_LAYOUT, key)]: entryText(squatter, done('Eve', 1)) });
    await updateEntry(new NodeWritableFileSystem(root), DEFAULT_LAYOUT, key, () => done('Ana', 10));
    const data = byKey(await readOk(root));
    assert.deepStrictEqual(data.get(keyString(squatter))?.entry, done('Eve', 1));
    assert.deepStrictEqual(data.get(keyString(key))?.entry, done('Ana', 10));
    assert.strictEqual(data.get(keyString(key))?.file, `${FOLDER}/go.delivery.timeouts~2.yaml`);
    // and keeps it there on the next write
    await updateEntry(new NodeWritableFileSystem(root), DEFAULT_LAYOUT, key, () => done('Ana', 11));
    assert.strictEqual(listFiles(root).length, 2);
  });

  it('refuses while anything is unreadable or conflicted, writing nothing', async () => {
    for (const [file, text, conflict] of [
      [`${FOLDER}/web/x.yaml`, 'version: 2\n<<<<<<< HEAD\n=======\n>>>>>>> b\n', true],
      [`${FOLDER}/web/x.yaml`, 'version: 9\n', false],
      ['.stackguide/review.yaml', 'version: 1\ncomponents: [\n', false],
    ] as const) {
      const root = makeTree({ [file]: text });
      const recording = new RecordingFs(new NodeWritableFileSystem(root));
      await assert.rejects(
        updateEntry(recording, DEFAULT_LAYOUT, key, () => done('Ana', 10)),
        (error: unknown) => {
          assert.ok(error instanceof ReviewWriteError);
          assert.strictEqual(error.error.file, file);
          assert.strictEqual(!!error.error.conflict, conflict);
          return true;
        },
      );
      assert.deepStrictEqual(recording.log, []);
    }
  });

  it('migrates a version-1 file: writes every decision, then the change, and deletes the version-1 file last', async () => {
    const root = makeTree({ '.stackguide/review.yaml': legacyText });
    const recording = new RecordingFs(new NodeWritableFileSystem(root));
    const resolve = (component: string, id: string): EntryKey | undefined => (id === 'go.quality.race' ? undefined : { unit: '.', id });
    await updateEntry(recording, DEFAULT_LAYOUT, key, () => done('Cy', 10), resolve);
    assert.deepStrictEqual(recording.log, [
      `write ${FOLDER}/go.delivery.runtime.yaml`,
      `write ${FOLDER}/go.delivery.timeouts.yaml`,
      `write ${FOLDER}/svc/go.quality.race.yaml`,
      'delete .stackguide/review.yaml',
    ]);
    const data = await readOk(root);
    assert.strictEqual(data.legacyFile, undefined);
    const entries = byKey(data);
    assert.deepStrictEqual(entries.get(keyString({ unit: '.', id: 'go.delivery.runtime' }))?.entry, {
      state: 'n/a',
      by: 'Bo',
      at: '2026-11-02T00:00:00.000Z',
      note: 'internal tool',
      textHash: '00000002',
      history: [{ state: 'done', by: 'Ana', at: '2026-11-01T00:00:00.000Z', from: 'version 1, component .' }],
    });
    assert.deepStrictEqual(entries.get(keyString({ unit: 'svc', id: 'go.quality.race' }))?.entry, {
      state: 'done',
      by: 'Bo',
      at: '2026-11-02T00:00:00.000Z',
      textHash: '00000003',
    });
    assert.deepStrictEqual(entries.get(keyString(key))?.entry, done('Cy', 10));
    assert.strictEqual(entries.size, 3);
  });

  it('keeps the version-1 file when a write fails, and nothing is lost', async () => {
    const root = makeTree({ '.stackguide/review.yaml': legacyText });
    const recording = new RecordingFs(new NodeWritableFileSystem(root), (op) => op === `write ${FOLDER}/go.delivery.timeouts.yaml`);
    await assert.rejects(
      updateEntry(
        recording,
        DEFAULT_LAYOUT,
        key,
        () => done('Cy', 10),
        (_, id) => ({ unit: '.', id }),
      ),
      (error: unknown) => {
        assert.ok(error instanceof ReviewWriteError && /ENOSPC/.test(error.error.message));
        return true;
      },
    );
    assert.ok(
      recording.log.every((op) => op.startsWith('write ')),
      'nothing deleted',
    );
    assert.ok(fs.existsSync(path.join(root, '.stackguide/review.yaml')));
    // Read again: the migrated files and the version-1 file together still hold every tick, and the next write finishes the job.
    await updateEntry(
      new NodeWritableFileSystem(root),
      DEFAULT_LAYOUT,
      key,
      () => done('Cy', 10),
      (_, id) => ({ unit: '.', id }),
    );
    const data = await readOk(root);
    assert.strictEqual(data.legacyFile, undefined);
    assert.deepStrictEqual(
      data.entries.map((stored) => [stored.key.id, stored.entry.by, (stored.entry.history ?? []).map((past) => past.by)]).sort(),
      [
        ['go.delivery.runtime', 'Bo', ['Ana']],
        ['go.delivery.timeouts', 'Cy', []],
        ['go.quality.race', 'Bo', []],
      ],
    );
  });

  it('deletes a migrated decision when the change removes it', async () => {
    const root = makeTree({ '.stackguide/review.yaml': legacyText });
    const runtime: EntryKey = { unit: 'svc', id: 'go.delivery.runtime' };
    await updateEntry(new NodeWritableFileSystem(root), DEFAULT_LAYOUT, runtime, () => undefined);
    const data = await readOk(root);
    assert.deepStrictEqual(
      data.entries.map((stored) => keyString(stored.key)).sort(),
      [keyString({ unit: '.', id: 'go.delivery.runtime' }), keyString({ unit: 'svc', id: 'go.quality.race' })].sort(),
    );
  });

  it('refuses a key or entry a caller got wrong, before writing anything', async () => {
    const root = makeTree({});
    const recording = new RecordingFs(new NodeWritableFileSystem(root));
    await assert.rejects(
      updateEntry(recording, DEFAULT_LAYOUT, { unit: '', id: 'x.y' }, () => done('a', 1)),
      TypeError,
    );
    await assert.rejects(
      updateEntry(recording, DEFAULT_LAYOUT, key, () => ({ ...done('a', 1), state: 'maybe' as 'done' })),
      TypeError,
    );
    assert.deepStrictEqual(recording.log, []);
  });
});

describe('NodeWritableFileSystem', () => {
  it('creates folders, replaces files atomically and deletes quietly', async () => {
    const root = makeTree({});
    const wfs = new NodeWritableFileSystem(root);
    await wfs.writeFileAtomic('a/b/c.yaml', Buffer.from('one'));
    await wfs.writeFileAtomic('a/b/c.yaml', Buffer.from('two'));
    assert.strictEqual(fs.readFileSync(path.join(root, 'a/b/c.yaml'), 'utf8'), 'two');
    assert.deepStrictEqual(fs.readdirSync(path.join(root, 'a/b')), ['c.yaml'], 'no temporary file left');
    await wfs.deleteFile('a/b/c.yaml');
    await wfs.deleteFile('a/b/c.yaml');
    await wfs.deleteFile('missing/folder/x.yaml');
    assert.deepStrictEqual(fs.readdirSync(path.join(root, 'a/b')), []);
  });

  it('refuses paths that leave the root, and folders that are symbolic links', async function () {
    const outside = makeTree({});
    const root = makeTree({ 'inside/x': '' });
    const wfs = new NodeWritableFileSystem(root);
    for (const bad of ['../x.yaml', 'a/../../x.yaml', '/etc/x.yaml', 'C:/x.yaml', 'a\\..\\..\\x.yaml', '', '.']) {
      await assert.rejects(wfs.writeFileAtomic(bad, Buffer.from('x')), /refusing/, bad);
      await assert.rejects(wfs.deleteFile(bad), /refusing/, bad);
    }
    try {
      fs.symlinkSync(outside, path.join(root, 'link'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPERM') this.skip();
      throw error;
    }
    await assert.rejects(wfs.writeFileAtomic('link/x.yaml', Buffer.from('x')), /symbolic link/);
    await assert.rejects(wfs.writeFileAtomic('link/deeper/x.yaml', Buffer.from('x')), /symbolic link/);
    assert.deepStrictEqual(fs.readdirSync(outside), []);
  });
});

describe('accepted risks in decision files', () => {
  it('round-trips an accepted risk with its reason and owner', () => {
    const key = { unit: '.', id: 'go.delivery.timeouts' };
    const entry = {
      state: 'accepted' as const,
      by: 'Bo',
      at: '2026-11-28T00:00:00.000Z',
      textHash: '1234abcd',
      note: 'fixed in Q3',
      owner: 'platform team',
    };
    const text = serializeEntry(key, entry);
    assert.match(text, /^state: accepted$/m);
    assert.match(text, /^owner: platform team$/m);
    const parsed = parseEntry(text, 'x.yaml');
    assert.ok(parsed.ok);
    if (parsed.ok) assert.deepStrictEqual(parsed.entry, entry);
  });

  it('refuses an accepted risk without a reason or an owner, naming the line', () => {
    const text =
      'version: 2\nunit: .\nitem: go.x.y\nstate: accepted\nby: Bo\nat: "2026-11-28T00:00:00.000Z"\nnote: why\ntextHash: "1234abcd"\n';
    const parsed = parseEntry(text, 'x.yaml');
    assert.strictEqual(parsed.ok, false);
    if (!parsed.ok) {
      assert.match(parsed.error.message, /an accepted risk needs a "note" \(the reason\) and an "owner"/);
      assert.strictEqual(parsed.error.line, 4);
    }
  });
});
