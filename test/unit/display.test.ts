/**
 * The core's wording (src/core/review/display.ts) through a translator: in English without one, as
 * the CLI, the exports and the page use it, and in German with the German bundle, as the extension
 * shows it when vscode.l10n.t reads l10n/bundle.l10n.de.json.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  byText,
  decisionText,
  english,
  evidenceSummary,
  evidenceText,
  groupDisplay,
  itemTitle,
  memberLabel,
  progressText,
  severityLabel,
  stateLabel,
  unitMembersText,
  type DisplayState,
  type Translate,
} from '../../src/core/review/display';
import { englishL10n } from './fakeVscode';
import { REPO } from './treeHelper';

const bundle = JSON.parse(fs.readFileSync(path.join(REPO, 'l10n', 'bundle.l10n.de.json'), 'utf8')) as Record<string, string>;

/** vscode.l10n.t with the German bundle loaded: the translation, its placeholders filled in. */
const german: Translate = (message, ...args) => {
  if (!(message in bundle)) throw new Error(`"${message}" is not in l10n/bundle.l10n.de.json`);
  return english(bundle[message], ...args);
};

const found = {
  status: 'found' as const,
  locations: [{ path: '.github/workflows/ci.yml', line: 42 }, { path: 'Makefile', line: 3 }, { path: 'go.mod' }],
};

describe("the core's wording through a translator", () => {
  it('fills placeholders as vscode.l10n.t does without a bundle (the English the CLI and the page use)', () => {
    for (const [message, args] of [
      ['by {0} on {1}', ['Ana', '2026-11-29']],
      ['{0}/{1} · {2} accepted', [3, 17, 1]],
      ['{0} and {1}', ['one']],
      ['no placeholder', []],
    ] as const) {
      assert.strictEqual(english(message, ...args), englishL10n.t(message, ...args), message);
    }
  });

  it('says a state, "by X on date" and the evidence in English when no translator is given', () => {
    assert.strictEqual(stateLabel('done', 'risks'), 'mitigated');
    assert.strictEqual(
      decisionText({ state: 'accepted', group: 'risks', by: 'Bo', at: '2026-11-20T08:00:00Z', owner: 'Cy' }),
      'accepted risk by Bo on 2026-11-20, owner Cy',
    );
    assert.strictEqual(evidenceText({ state: 'open', evidence: found }), 'evidence: .github/workflows/ci.yml:42 (+2 more)');
  });

  it('says the state names in German with the German bundle', () => {
    const states: [DisplayState, string][] = [
      ['open', 'offen'],
      ['done', 'erledigt'],
      ['n/a', 'nicht zutreffend'],
      ['accepted', 'akzeptiertes Risiko'],
      ['stale', 'veraltet: Text seit dem Abhaken geändert'],
    ];
    for (const [state, words] of states) assert.strictEqual(stateLabel(state, 'delivery', german), words, state);
    assert.strictEqual(stateLabel('done', 'risks', german), 'entschärft', 'a done risk is mitigated');
  });

  it('says "by X on date" in German, with and without a date and an owner', () => {
    assert.strictEqual(byText({ state: 'done', by: 'Ana', at: '2026-11-29T10:00:00Z' }, german), 'von Ana am 2026-11-29');
    assert.strictEqual(
      byText({ state: 'accepted', by: 'Bo', at: '2026-11-20T08:00:00Z', owner: 'Cy' }, german),
      'von Bo am 2026-11-20, verantwortlich: Cy',
    );
    assert.strictEqual(byText({ state: 'accepted', by: 'Bo', owner: 'Cy' }, german), 'von Bo, verantwortlich: Cy');
    assert.strictEqual(byText({ state: 'done', by: 'Ana', owner: 'Cy' }, german), 'von Ana', 'an owner only for an accepted risk');
    assert.strictEqual(
      decisionText({ state: 'done', group: 'risks', by: 'Ana', at: '2026-11-29T10:00:00Z' }, german),
      'entschärft von Ana am 2026-11-29',
    );
  });

  it('says what the evidence shows in German', () => {
    assert.strictEqual(evidenceText({ state: 'open', evidence: found }, german), 'Nachweis: .github/workflows/ci.yml:42 (+2 weitere)');
    assert.strictEqual(evidenceText({ state: 'open', evidence: { status: 'missing', locations: [] } }, german), 'kein Nachweis gefunden');
    assert.strictEqual(
      evidenceText({ state: 'open', evidence: { status: 'not-checked', locations: [], reason: 'the time budget ran out' } }, german),
      'Nachweis nicht geprüft (the time budget ran out)',
    );
    const lost = { state: 'done' as const, evidence: { status: 'missing' as const, locations: [] }, recordedEvidence: ['go.sum:1'] };
    assert.strictEqual(evidenceText(lost, german), 'Nachweis verloren: go.sum:1 zeigt ihn nicht mehr');
    assert.strictEqual(evidenceSummary(lost, german), 'Nachweis verloren');
    assert.strictEqual(evidenceSummary({ state: 'open', evidence: found }, german), 'Nachweis: .github/workflows/ci.yml:42');
  });

  it('names groups, severities, progress and members in German', () => {
    assert.deepStrictEqual(groupDisplay('delivery', german), {
      group: 'delivery',
      label: 'Auslieferungsprüfungen',
      noun: 'Auslieferungsprüfung',
      tickMeans: 'abgehakt: die Prüfung ist hier erfüllt',
      tickAction: 'Als erledigt markieren',
    });
    assert.deepStrictEqual(
      ['high', 'medium', 'low'].map((severity) => severityLabel(severity as 'high', german)),
      ['hoch', 'mittel', 'niedrig'],
    );
    assert.strictEqual(progressText([{ state: 'done' }, { state: 'accepted' }, { state: 'open' }], german), '1/3 · 1 akzeptiert');
    assert.strictEqual(
      unitMembersText({ members: ['a', 'b', 'c'], workspace: { kind: 'cargo', manifest: 'Cargo.toml' } }, german),
      '3 Mitglieder des Cargo-Workspaces (Cargo.toml)',
    );
    assert.strictEqual(memberLabel('.', german), '(Stammordner)');
  });
});

describe('an item title', () => {
  it("is the profile's title when it gives one", () => {
    assert.strictEqual(
      itemTitle({ title: 'Cargo.lock committed, builds --locked', text: 'Cargo.lock is committed, libraries included.' }),
      'Cargo.lock committed, builds --locked',
    );
  });

  it('is the whole text when it fits and no title is given (a team profile)', () => {
    assert.strictEqual(itemTitle({ text: '  Releases are  signed. ' }), 'Releases are signed.');
  });

  it('is the text cut at a word boundary with an ellipsis, at most 48 characters, when it does not fit', () => {
    const text =
      'Every http.Server is built explicitly with ReadHeaderTimeout (and ReadTimeout, WriteTimeout), never through http.DefaultClient.';
    const title = itemTitle({ text });
    assert.strictEqual(title, 'Every http.Server is built explicitly with…');
    assert.ok(title.length <= 48);
    assert.strictEqual(
      itemTitle({ text: 'go.mod and go.sum are committed, CI fails when go mod tidy would change them.' }),
      'go.mod and go.sum are committed, CI fails when…',
    );
    // A comma before the cut is dropped, not left before the ellipsis.
    assert.strictEqual(
      itemTitle({ text: 'Secrets, keys and tokens, credentials, passwords, certificates.' }),
      'Secrets, keys and tokens, credentials…',
    );
  });

  it('cuts a first word longer than 48 characters where the room ends', () => {
    const title = itemTitle({ text: `${'a'.repeat(60)} b` });
    assert.strictEqual(title, `${'a'.repeat(47)}…`);
  });
});
