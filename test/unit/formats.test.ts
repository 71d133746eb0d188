import * as assert from 'assert';
import { ELIXIR, GO, GRADLE, stripComments } from '../../src/core/formats/comments';
import { goTokens } from '../../src/core/formats/goTokens';
import { gradleCallArguments } from '../../src/core/formats/gradleCalls';
import { JsoncError, parseJsonc } from '../../src/core/formats/jsonc';
import { lineAt } from '../../src/core/formats/position';
import { children, descendants, localName, parseXml } from '../../src/core/formats/xml';

// The format readers are exercised through the workspace readers and the key probe; these pin
// what each one accepts and says on its own, so that a reader changed for one caller (or swapped
// for a library) shows what it changes for the others.
describe('formats', () => {
  describe('comments', () => {
    it('removes comments outside strings and keeps every newline', () => {
      assert.strictEqual(stripComments('a // x\nb /* y\nz */ c\n"//" \'/*\'', GRADLE), 'a \nb \n  c\n"//" \'/*\'');
      assert.strictEqual(stripComments('x = "/*" // c', GRADLE), 'x = "/*" ');
      assert.strictEqual(stripComments('use `./a//b` // c\n', GO), 'use `./a//b` \n');
      assert.strictEqual(stripComments('apps_path: "apps" # c\n"multi\n#line"', ELIXIR), 'apps_path: "apps" \n"multi\n#line"');
    });

    it('ends a one-line string at its line, so an unterminated quote hides nothing after it', () => {
      assert.strictEqual(stripComments('a "open\nb // c\n', GRADLE), 'a "open\nb \n');
    });
  });

  describe('jsonc', () => {
    it('reads comments and trailing commas, leaving comment markers in strings alone', () => {
      assert.deepStrictEqual(parseJsonc('{\n  // c\n  "a": [1, 2,],\n  /* b */ "u": "https://x//y",\n}\n'), {
        a: [1, 2],
        u: 'https://x//y',
      });
      assert.deepStrictEqual(parseJsonc('{"a": 1} /* open to the end'), { a: 1 });
    });

    it('throws a JsoncError with its line and column for anything else', () => {
      for (const text of ['', '{"a": 1,,}', "{'a': 1}", '{"a": 01}', '{"a": "\t"}', '[1 /* c */ 2]', '{"a": [,]}', '{,}']) {
        assert.throws(() => parseJsonc(text), JsoncError, JSON.stringify(text));
      }
      assert.throws(
        () => parseJsonc('{\n  "a": 1\n  "b": 2\n}'),
        (error: JsoncError) => error.line === 3 && error.column === 3 && /comma expected/.test(error.message),
      );
    });

    it('keeps a "__proto__" key as an own property, as JSON.parse does', () => {
      const value = parseJsonc('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
      assert.ok(Object.prototype.hasOwnProperty.call(value, '__proto__'));
      assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
    });

    it('reads comments and a comma before the closer, as tsconfig.json allows', () => {
      assert.deepStrictEqual(parseJsonc('{\n  // c\n  "a": [1, 2,], /* d */ "b": {"c": "//",},\n}'), { a: [1, 2], b: { c: '//' } });
    });
  });

  describe('xml', () => {
    it('reads elements, attributes, text, CDATA and entities; skips comments, declarations and the DOCTYPE', () => {
      const root = parseXml(
        '<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY x "y">]>\n<p:project a="1 &gt; 0">\n<!-- <modules> -->\n<p:modules><module>a &amp; b</module><module><![CDATA[<c>]]></module></p:modules>\n<Folder><Project Path="x.csproj"/></Folder></p:project>',
      );
      assert.strictEqual(localName(root.name), 'project');
      assert.strictEqual(root.attributes.a, '1 > 0');
      assert.deepStrictEqual(
        children(children([root], 'modules'), 'module').map((element) => element.text),
        ['a & b', '<c>'],
      );
      assert.deepStrictEqual(
        descendants(root, 'Project').map((element) => element.attributes.Path),
        ['x.csproj'],
      );
    });

    it('says what is unbalanced and on which line', () => {
      const messages = ['<a>\n<b></a>', '<a>', '<a/><b/>', '<a>\n<!-- open', 'text', '<a x=1/>'].map((text) => {
        try {
          parseXml(text);
          return 'parsed';
        } catch (error) {
          return (error as Error).message;
        }
      });
      assert.deepStrictEqual(messages, [
        '</a> on line 2 does not close <b>',
        '<a> is never closed',
        'a second root element <b> on line 1',
        'unterminated comment on line 2',
        'text outside the root element on line 1',
        'a malformed attribute in <a> on line 1',
      ]);
    });
  });

  describe('go tokens', () => {
    it('splits words, parentheses, interpreted and raw strings; says when a string is open', () => {
      assert.deepStrictEqual(goTokens('  use ( "./a\\tb" `./c d` ./e )'), ['use', '(', './a\tb', './c d', './e', ')']);
      assert.strictEqual(goTokens('use "./a'), 'unterminated string');
    });
  });

  describe('gradle calls', () => {
    it('reads string literals of both call syntaxes and skips interpolated ones', () => {
      const code = 'include(":a", ":b")\ninclude ":c",\n  ":d"\ninclude "$x"\nincludeBuild("e")\nmyinclude("f")\n';
      assert.deepStrictEqual(gradleCallArguments(code, 'include'), [':a', ':b', ':c', ':d']);
    });
  });

  it('counts lines as editors do', () => {
    assert.deepStrictEqual(
      [0, 1, 2, 3, 4].map((offset) => lineAt('a\nb\n', offset)),
      [1, 1, 2, 2, 3],
    );
  });
});
