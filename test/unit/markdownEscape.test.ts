import * as assert from 'assert';
import { markdownText } from '../../src/core/report/text';
import { gitHubLinksAndMentions, renderedMarkdown as rendered } from './cliHelper';

describe('markdownText: the one Markdown escaper', () => {
  const hostile = [
    'cc @team and @acme/platform-security, ask @bob.',
    '@octocat at the start',
    '(@paren) *@star* _@under_ ~@tilde~',
    'see https://evil.example/x?y=1 or http://a.b and ftp://c.d',
    'www.evil.example and (WWW.Evil.example) and *www.x.y*',
    'mail me at ana.lopez+ci@corp.example.com or mailto:x@y.z and xmpp:bot@chat.example',
    '<https://angle.example> [t](https://md.example) ![i](https://img.example/a.png)',
  ];

  it("the model of GitHub's rules sees links and mentions in the raw texts", () => {
    for (const text of hostile) assert.ok(gitHubLinksAndMentions(text).length > 0, text);
  });

  for (const text of hostile) {
    it(`no link and no mention: ${JSON.stringify(text)}`, () => {
      const escaped = markdownText(text);
      assert.deepStrictEqual(gitHubLinksAndMentions(escaped), []);
      assert.strictEqual(rendered(escaped).replace(/\u2060/g, ''), text, 'shown as written (the word joiner is invisible)');
    });
  }

  it('what would start a block at the start of the text is escaped', () => {
    for (const text of ['# heading', '- item', '+ item', '= underline', '12. ordered', '3) ordered']) {
      const escaped = markdownText(text);
      assert.notStrictEqual(escaped, text);
      assert.strictEqual(rendered(escaped), text);
    }
  });
});
