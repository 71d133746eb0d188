import * as assert from 'assert';
import { NodeFileSystem } from '../../src/node/nodeFileSystem';
import { detectFolder } from '../../src/core/detect/detector';
import { MAX_MANIFEST_BYTES } from '../../src/core/detect/workspaces';
import { readKeyPath } from '../../src/core/evidence/keyPath';
import { REVIEW_LIMITS, YAML_LIMITS } from '../../src/core/limits';
import { loadProfiles } from '../../src/core/profiles/loader';
import { parseEntry } from '../../src/core/review/entryFile';
import { mergeReviewFiles } from '../../src/core/review/mergeReview';
import { parseLegacyReview } from '../../src/core/review/legacy/legacyFile';
import { parseYamlDocument, yamlOverLimits } from '../../src/core/yamlDocument';
import { makeTree } from './treeHelper';

/**
 * The worst cases at each reader's size limit. No timed assertion: each test's mocha timeout is
 * its bound (each of these took from 9 s to over 60 s, or crashed Node, before the YAML limits).
 */

/** `prefix` then distinct keys `k0: 1`, `k1: 1`… at `indent`, up to `bytes`. */
function distinctKeys(bytes: number, indent = '', prefix = ''): string {
  const lines = [prefix];
  let size = prefix.length;
  for (let i = 0; size < bytes - 40; i++) {
    const line = `${indent}k${i}: 1\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

const nested = (bytes: number) => `${'['.repeat(bytes / 2)}${']'.repeat(bytes / 2)}\n`;

describe('YAML parsing is linear in the file for every reader (src/core/yamlDocument.ts)', function () {
  // Generous for a busy machine (these took minutes before); there is no timed assertion.
  this.timeout(120_000);

  it('still finds duplicate keys, anywhere, as the package did', () => {
    for (const text of ['a: 1\na: 2\n', 'x:\n  b: 1\n  c: 2\n  b: 3\n', '{a: 1, a: 2}\n', '1: x\n1: y\n']) {
      const doc = parseYamlDocument(text);
      assert.match(doc.errors[0]?.message ?? '', /Map keys must be unique/, text);
    }
    assert.strictEqual(parseYamlDocument('1: x\n"1": y\n').errors.length, 0, 'a number and a string are different keys');
    assert.strictEqual(parseYamlDocument('a: 1\na: 2\n', { uniqueKeys: false }).errors.length, 0);
  });

  it('bounds nesting, block and flow, and the count of nodes and of keys in a mapping', () => {
    const limits = { maxDepth: 5, maxNodes: 100, maxKeysPerMapping: 10 };
    assert.strictEqual(yamlOverLimits('a:\n  b:\n    c:\n      d: [1]\n', limits), undefined);
    assert.match(
      yamlOverLimits('a:\n  b:\n    c:\n      d:\n        e:\n          f: 1\n', limits)?.message ?? '',
      /nested more than 5 deep/,
    );
    assert.match(yamlOverLimits('- - - - - - x\n', limits)?.message ?? '', /nested more than 5 deep/);
    assert.match(yamlOverLimits('[[[[[[1]]]]]]\n', limits)?.message ?? '', /nested more than 5 deep/);
    assert.match(yamlOverLimits(`[${'1,'.repeat(100)}1]\n`, limits)?.message ?? '', /more than 100 YAML nodes/);
    assert.strictEqual(
      yamlOverLimits('k: |\n  [[[[[[[[[[\n  - - - - - - -\ns: "[[[[[[[[["\n', limits),
      undefined,
      'brackets in scalars are text',
    );
    assert.match(parseYamlDocument(distinctKeys(200), { uniqueKeys: true }, limits).errors[0]?.message ?? '', /more than 10 keys/);
  });

  it('a decision file of distinct keys at the 256 KB limit is refused in linear time', () => {
    const text = distinctKeys(REVIEW_LIMITS.maxFileBytes, '', 'version: 2\nunit: .\nitem: a.b\n');
    const parsed = parseEntry(text, 'x.yaml');
    assert.ok(!parsed.ok && /unknown key "k0"/.test(parsed.error.message), JSON.stringify(parsed));
  });

  it('a version-1 file of ordinary ticks, one component at the keys-per-mapping limit, is read; one of nested brackets at the 8 MB limit is refused without the memory it took', () => {
    // 50,000 ticks of one component: the package's key check compared each with every earlier one.
    const lines = ['version: 1', 'components:', '  .:'];
    for (let i = 0; i < YAML_LIMITS.maxKeysPerMapping; i++)
      lines.push(`    go.i.t${i}:\n      state: done\n      by: Ana\n      at: "2026-11-01T00:00:00.000Z"\n      textHash: "00000001"`);
    const text = `${lines.join('\n')}\n`;
    assert.ok(text.length <= REVIEW_LIMITS.maxLegacyBytes);
    const parsed = parseLegacyReview(text, 'review.yaml');
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.error));
    const deep = parseLegacyReview(`version: 1\ncomponents: ${nested(REVIEW_LIMITS.maxLegacyBytes - 40)}`, 'review.yaml');
    assert.ok(!deep.ok && new RegExp(`nested more than ${YAML_LIMITS.maxDepth} deep`).test(deep.error.message), JSON.stringify(deep));
  });

  it('the merge driver merges two 1.7 MB version-1 files', () => {
    const side = (who: string) => {
      const lines = ['version: 1', 'components:', '  .:'];
      for (let i = 0; lines.length < 70_000; i++)
        lines.push(
          `    go.i.t${i}:`,
          '      state: done',
          `      by: ${who}`,
          '      at: "2026-11-01T00:00:00.000Z"',
          '      textHash: "00000001"',
        );
      return `${lines.join('\n')}\n`;
    };
    const result = mergeReviewFiles('', side('Ana'), side('Bo'), 'review.yaml');
    assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
  });

  it('a 1 MB team profile of 100,000 keys is refused at the keys-per-mapping limit, and one of nested brackets at the depth limit', () => {
    for (const text of [
      distinctKeys(1024 * 1024 - 100, '  ', 'id: acme\nextends: go\nx:\n'),
      `id: acme\nx: ${nested(1024 * 1024 - 100)}`,
    ]) {
      const result = loadProfiles([{ file: 'acme.yaml', bytes: new TextEncoder().encode(text) }]);
      assert.strictEqual(result.profiles.length, 0);
      assert.match(result.problems[0]?.message ?? '', /more than 50000 keys|nested more than 64 deep/);
    }
  });

  it('a 1 MB pnpm-workspace.yaml of distinct keys does not stall detection', async () => {
    const dir = makeTree({
      'package.json': '{"name":"x"}',
      'pnpm-workspace.yaml': distinctKeys(MAX_MANIFEST_BYTES - 100, '', 'packages:\n  - "a/*"\n'),
    });
    const detection = await detectFolder(new NodeFileSystem(dir), dir);
    assert.ok(detection.components.length >= 1);
  });

  it('an evidence key probe over a YAML file with a mapping at the keys limit reads it in linear time; one over it or nested too deep is unreadable', () => {
    const keys = (count: number) => `on:\n${Array.from({ length: count }, (_, i) => `  k${i}: 1\n`).join('')}`;
    assert.deepStrictEqual(
      readKeyPath(keys(YAML_LIMITS.maxKeysPerMapping), 'yaml', 'on.k1').map((hit) => hit.value),
      [1],
    );
    assert.throws(() => readKeyPath(keys(YAML_LIMITS.maxKeysPerMapping + 1), 'yaml', 'on.k1'), /a mapping with more than 50000 keys/);
    assert.throws(() => readKeyPath(`on: ${nested(1024 * 1024)}`, 'yaml', 'on'), /nested more than 64 deep/);
  });
});
