import * as assert from 'assert';
import {
  baseName,
  comparePaths,
  compareCodeUnits,
  isBelow,
  isWithin,
  normaliseRelative,
  parentOf,
  resolveEntry,
} from '../../src/core/paths';

describe('paths', () => {
  it('normalises, splits and compares relative paths', () => {
    assert.deepStrictEqual(['', '.', './a//b/', 'a/./b'].map(normaliseRelative), ['.', '.', 'a/b', 'a/b']);
    assert.deepStrictEqual(['a', 'a/b/c'].map(parentOf), ['.', 'a/b']);
    assert.deepStrictEqual(['a', 'a/b.json'].map(baseName), ['a', 'b.json']);
    assert.deepStrictEqual([isWithin('.', '.'), isWithin('a', 'a'), isWithin('a', 'a/b'), isWithin('a', 'ab')], [true, true, true, false]);
    assert.deepStrictEqual([isBelow('.', '.'), isBelow('.', 'a'), isBelow('a', 'a'), isBelow('a', 'a/b')], [false, true, false, true]);
    assert.deepStrictEqual(['b', 'B', '.', 'a'].sort(comparePaths), ['.', 'a', 'b', 'B']);
    assert.deepStrictEqual(['b', 'B', 'a'].sort(compareCodeUnits), ['B', 'a', 'b']);
  });

  it('resolves a manifest entry inside the workspace folder, or not at all', () => {
    assert.strictEqual(resolveEntry('apps', ' ..\\libs/./x/ '), 'libs/x');
    assert.strictEqual(resolveEntry('a', '..'), '.');
    for (const entry of ['', '/abs', '~/x', 'C:/x', '../..', 'p/*/../x']) assert.strictEqual(resolveEntry('a', entry), undefined, entry);
  });
});
