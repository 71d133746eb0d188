import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_EVIDENCE_LIMITS, EvidenceReader } from '../../src/core/evidence/evaluate';
import { applicabilityOf, checkCondition, evaluateCondition, type FactView } from '../../src/core/facts/condition';
import { readDependencyNames } from '../../src/core/facts/dependencies';
import type { Condition, DependencyRule, FactsSpec } from '../../src/core/facts/model';
import { computeUnitFacts, FactsCache, probesFor } from '../../src/core/facts/unitFacts';
import { CancelledError, type FileSystem } from '../../src/core/fileSystem';
import { loadProfiles } from '../../src/core/profiles/loader';
import { checklistItems, type Profile } from '../../src/core/profiles/model';
import { blocking, buildChecklist, progress } from '../../src/core/review/checklist';
import { evaluateFacts, attachApplicability } from '../../src/core/facts/checklistFacts';
import type { Detection } from '../../src/core/detect/detector';
import type { ReviewData } from '../../src/core/review/reviewData';
import { textHash } from '../../src/core/review/legacy/legacyFile';
import { MemoryFileSystem } from './memoryFileSystem';
import { applicabilityFixturePath, checkApplicabilityFixtures } from './applicabilityFixtures';
import { cliIn } from './cliHelper';
import { makeTree, PROFILES_DIR, REPO } from './treeHelper';

const names = (rule: DependencyRule, file: string, text: string) => readDependencyNames(rule, file, text).map((hit) => hit.name);

function builtIns(): Profile[] {
  const sources = fs
    .readdirSync(PROFILES_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => ({ file: path.join(PROFILES_DIR, name), bytes: fs.readFileSync(path.join(PROFILES_DIR, name)) }));
  const { profiles, problems } = loadProfiles(sources);
  assert.deepStrictEqual(
    problems.filter((problem) => problem.severity === 'error'),
    [],
  );
  return profiles;
}

async function factsOf(
  files: Record<string, string>,
  spec: FactsSpec,
  conditions: Condition[] = [],
  roots = ['.'],
  fs: FileSystem = new MemoryFileSystem(files),
  limits = DEFAULT_EVIDENCE_LIMITS,
) {
  return computeUnitFacts(new EvidenceReader(fs, limits), roots, spec, probesFor(spec, conditions));
}

describe('facts about a unit', () => {
  describe('dependency names, by rules that are data', () => {
    it('reads a TOML table’s keys, a lockfile’s package names and a target table (Cargo)', () => {
      const toml =
        '[package]\nname = "x"\n\n[dependencies]\nserde = "1"\ntokio = { version = "1", features = ["full"] }\n\n[target.\'cfg(unix)\'.dependencies]\nlibc = "0.2"\n';
      assert.deepStrictEqual(names({ in: 'Cargo.toml', keys: ['dependencies', 'target.*.dependencies'] }, 'Cargo.toml', toml), [
        'serde',
        'tokio',
        'libc',
      ]);
      const hits = readDependencyNames(
        { in: 'Cargo.lock', keys: ['package.*.name'] },
        'Cargo.lock',
        'version = 4\n\n[[package]]\nname = "memchr"\nversion = "2"\n',
      );
      assert.deepStrictEqual(hits, [{ name: 'memchr', line: 4 }]);
    });

    it('reads go.mod’s require lines and block, skipping what the rule skips', () => {
      const mod =
        'module m\n\ngo 1.25\n\nrequire github.com/a/b v1.0.0\n\nrequire (\n\tgithub.com/c/d/v5 v5.1.0\n\tgithub.com/e/f v0.1.0 // indirect\n)\n';
      assert.deepStrictEqual(names({ in: 'go.mod', after: ['require '], skip: ['// indirect'] }, 'go.mod', mod), ['github.com/a/b']);
      assert.deepStrictEqual(names({ in: 'go.mod', from: 'require (', to: ')', skip: ['// indirect'] }, 'go.mod', mod), [
        'github.com/c/d/v5',
      ]);
    });

    it('reads requirement specifiers, JSON and YAML tables, Gradle coordinates, PackageReference, gems and Hex packages', () => {
      assert.deepStrictEqual(
        names(
          { in: 'requirements.txt' },
          'requirements.txt',
          '# pinned\nDjango==5.2\nfastapi[standard]>=0.1\n  # via x\npsycopg ; python_version>"3"\n',
        ),
        ['Django', 'fastapi', 'psycopg'],
      );
      assert.deepStrictEqual(
        names(
          { in: 'pyproject.toml', keys: ['project.dependencies'] },
          'pyproject.toml',
          '[project]\ndependencies = ["flask>=3", "sqlalchemy[asyncio]"]\n',
        ),
        ['flask', 'sqlalchemy'],
      );
      assert.deepStrictEqual(
        names(
          { in: 'package.json', keys: ['dependencies', 'devDependencies'] },
          'package.json',
          '{ // comment\n "dependencies": { "react": "19" }, "devDependencies": { "@types/node": "20" } }',
        ),
        ['react', '@types/node'],
      );
      assert.deepStrictEqual(
        names(
          { in: 'pubspec.yaml', keys: ['dependencies'] },
          'pubspec.yaml',
          'name: app\ndependencies:\n  flutter:\n    sdk: flutter\n  http: ^1.2.0\n',
        ),
        ['flutter', 'http'],
      );
      assert.deepStrictEqual(
        names({ in: 'composer.json', keys: ['require'] }, 'composer.json', '{"require": {"php": ">=8.3", "laravel/framework": "^12"}}'),
        ['php', 'laravel/framework'],
      );
      const gradle =
        'dependencies {\n    implementation("org.springframework.boot:spring-boot-starter-web")\n    testImplementation \'org.junit.jupiter:junit-jupiter:5.11.0\'\n    // implementation("commented:out")\n}\n';
      assert.deepStrictEqual(
        names({ in: 'build.gradle.kts', after: ['implementation', 'testImplementation'] }, 'build.gradle.kts', gradle),
        ['org.springframework.boot:spring-boot-starter-web', 'org.junit.jupiter:junit-jupiter:5.11.0'],
      );
      assert.deepStrictEqual(
        names(
          { in: 'gradle/libs.versions.toml', keys: ['libraries.*.module'] },
          'gradle/libs.versions.toml',
          '[libraries]\ncoroutines = { module = "org.jetbrains.kotlinx:kotlinx-coroutines-core", version.ref = "c" }\n',
        ),
        ['org.jetbrains.kotlinx:kotlinx-coroutines-core'],
      );
      assert.deepStrictEqual(
        names(
          { in: 'pom.xml', after: ['<artifactId>'] },
          'pom.xml',
          '<project>\n  <artifactId>app</artifactId>\n  <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId></dependency>\n</project>\n',
        ),
        ['app', 'postgresql'],
      );
      assert.deepStrictEqual(
        names(
          { in: '*.csproj', after: ['<PackageReference Include='] },
          'a.csproj',
          '<ItemGroup>\n  <PackageReference Include="Microsoft.EntityFrameworkCore" Version="9.0.0" />\n</ItemGroup>\n',
        ),
        ['Microsoft.EntityFrameworkCore'],
      );
      assert.deepStrictEqual(
        names({ in: 'Gemfile', after: ['gem '] }, 'Gemfile', "source 'https://rubygems.org'\ngem 'rails', '~> 8.0'\ngem \"sidekiq\"\n"),
        ['rails', 'sidekiq'],
      );
      assert.deepStrictEqual(
        names(
          { in: 'mix.exs', after: ['{:'] },
          'mix.exs',
          'defp deps do\n  [\n    {:phoenix, "~> 1.7"},\n    {:ecto_sql, "~> 3.10"}\n  ]\nend\n',
        ),
        ['phoenix', 'ecto_sql'],
      );
    });

    it('throws for a keys file that does not parse, and never expands a YAML alias', () => {
      assert.throws(() => readDependencyNames({ in: 'Cargo.toml', keys: ['dependencies'] }, 'Cargo.toml', '[dependencies\n'));
      assert.throws(() =>
        readDependencyNames({ in: 'pubspec.yaml', keys: ['dependencies'] }, 'pubspec.yaml', 'a: &a { x: 1 }\ndependencies: *a\n'),
      );
    });
  });

  describe('conditions', () => {
    const spec: FactsSpec = {
      dependencies: [{ in: 'Cargo.toml', keys: ['dependencies'] }],
      frameworks: { 'async-runtime': { name: 'async runtime', when: { dependency: ['tokio', 'smol'] } } },
      kinds: { library: { name: 'library', when: { file: 'src/lib.rs' } } },
    };
    const tokio = { 'Cargo.toml': '[package]\nname = "a"\n\n[dependencies]\ntokio = "1"\n', 'src/main.rs': '' };
    const plain = { 'Cargo.toml': '[package]\nname = "a"\n\n[dependencies]\nregex = "1"\n', 'src/lib.rs': '' };

    it('dependency, framework and kind are true, false or unknown, with the deciding file', async () => {
      const withTokio = await factsOf(tokio, spec);
      assert.deepStrictEqual(applicabilityOf({ framework: 'async-runtime' }, withTokio), {
        status: 'applies',
        reason: 'async runtime: tokio is among the dependencies (Cargo.toml:5)',
        locations: [{ path: 'Cargo.toml', line: 5 }],
      });
      const without = applicabilityOf({ framework: 'async-runtime' }, await factsOf(plain, spec));
      assert.strictEqual(without.status, 'not-applicable');
      assert.strictEqual(without.reason, 'no async runtime: none of tokio, smol is among the dependencies (Cargo.toml)');
      assert.deepStrictEqual(without.locations, [{ path: 'Cargo.toml' }]);
      assert.strictEqual(applicabilityOf({ kind: 'library' }, await factsOf(plain, spec, [{ kind: 'library' }])).status, 'applies');
      assert.strictEqual(applicabilityOf({ kind: 'library' }, await factsOf(tokio, spec)).status, 'not-applicable');
    });

    it('a file condition that found nothing names the files in words, not as a brace glob', async () => {
      const container = { file: '{Dockerfile,Containerfile,*.Dockerfile}' } as Condition;
      const missing = applicabilityOf(container, await factsOf(plain, spec, [container]));
      assert.deepStrictEqual([missing.status, missing.reason], ['not-applicable', 'no Dockerfile, Containerfile or *.Dockerfile']);
      const nested = { file: 'cmd/{a,b}/main.go' } as Condition;
      assert.strictEqual(applicabilityOf(nested, await factsOf(plain, spec, [nested])).reason, 'no cmd/{a,b}/main.go');
    });

    it('any, all and not combine three-valued: unknown stays unknown and is never not applicable', () => {
      const view = (dependencies: string[], incomplete?: string): FactView => ({
        dependencies: new Map(dependencies.map((name) => [name, [{ path: 'Cargo.lock', line: 1 }]])),
        dependencySources: ['Cargo.lock'],
        dependenciesIncomplete: incomplete,
        frameworks: new Map(),
        kinds: new Map(),
        probes: new Map(),
        names: { frameworks: {}, kinds: {} },
      });
      const value = (condition: Condition, facts: FactView) => evaluateCondition(condition, facts).value;
      assert.strictEqual(value({ any: [{ dependency: 'a' }, { dependency: 'b' }] }, view(['b'])), true);
      assert.strictEqual(value({ any: [{ dependency: 'a' }, { dependency: 'b' }] }, view([])), false);
      assert.strictEqual(value({ all: [{ dependency: 'a' }, { dependency: 'b' }] }, view(['a'])), false);
      assert.strictEqual(value({ all: [{ dependency: 'a' }, { dependency: 'b' }] }, view(['a', 'b'])), true);
      assert.strictEqual(value({ not: { dependency: 'a' } }, view(['a'])), false);
      assert.strictEqual(value({ not: { dependency: 'a' } }, view([])), true);
      // A dependency file over the limit: absence cannot be told, presence still can.
      assert.strictEqual(value({ dependency: 'a' }, view([], 'Cargo.lock is too large')), undefined);
      assert.strictEqual(value({ not: { dependency: 'a' } }, view([], 'Cargo.lock is too large')), undefined);
      assert.strictEqual(value({ dependency: 'a' }, view(['a'], 'Cargo.lock is too large')), true);
      assert.strictEqual(value({ any: [{ dependency: 'x' }, { dependency: 'a' }] }, view(['a'], 'partial')), true);
      assert.strictEqual(applicabilityOf({ dependency: 'a' }, view([], 'partial')).status, 'unknown');
      assert.strictEqual(applicabilityOf({ dependency: 'a' }, undefined).status, 'unknown');
    });

    it('matches names without case, _ as -, a version or major-version suffix, and a trailing * as a prefix', () => {
      const view: FactView = {
        dependencies: new Map([
          ['github.com/jackc/pgx/v5', [{ path: 'go.mod', line: 3 }]],
          ['org.springframework.boot:spring-boot-starter-web:3.4.0', [{ path: 'build.gradle', line: 2 }]],
          ['async-std', [{ path: 'Cargo.lock', line: 9 }]],
        ]),
        dependencySources: ['go.mod'],
        frameworks: new Map(),
        kinds: new Map(),
        probes: new Map(),
        names: { frameworks: {}, kinds: {} },
      };
      for (const name of [
        'github.com/jackc/pgx',
        'org.springframework.boot:spring-boot-starter-web',
        'Async_Std',
        'org.springframework.boot:*',
      ])
        assert.strictEqual(evaluateCondition({ dependency: name }, view).value, true, name);
      for (const name of ['github.com/jackc', 'async', 'spring-boot-starter-web'])
        assert.strictEqual(evaluateCondition({ dependency: name }, view).value, false, name);
    });

    it('reads unknown when no dependency file exists, when one is over the byte limit, and when one does not parse', async () => {
      const deps: FactsSpec = {
        dependencies: [
          { in: 'Cargo.toml', keys: ['dependencies'] },
          { in: 'Cargo.lock', keys: ['package.*.name'] },
        ],
      };
      assert.strictEqual(applicabilityOf({ dependency: 'tokio' }, await factsOf({ 'README.md': '' }, deps)).status, 'unknown');
      const big = { 'Cargo.toml': '[dependencies]\nregex = "1"\n', 'Cargo.lock': `version = 4\n${'#'.repeat(4096)}\n` };
      const limited = await factsOf(big, deps, [], ['.'], new MemoryFileSystem(big), { ...DEFAULT_EVIDENCE_LIMITS, maxFileBytes: 1024 });
      const result = applicabilityOf({ dependency: 'tokio' }, limited);
      assert.strictEqual(result.status, 'unknown');
      assert.match(result.reason!, /Cargo\.lock/);
      assert.strictEqual(applicabilityOf({ dependency: 'regex' }, limited).status, 'applies', 'what was read still counts');
      assert.strictEqual(
        applicabilityOf({ dependency: 'tokio' }, await factsOf({ 'Cargo.toml': '[dependencies\n' }, deps)).status,
        'unknown',
      );
    });

    it('reads the members of a workspace unit too', async () => {
      const deps: FactsSpec = { dependencies: [{ in: 'Cargo.toml', keys: ['dependencies'] }] };
      const files = { 'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n', 'crates/a/Cargo.toml': '[dependencies]\naxum = "0.8"\n' };
      const facts = await factsOf(files, deps, [], ['.', 'crates/a']);
      assert.deepStrictEqual(applicabilityOf({ dependency: 'axum' }, facts).locations, [{ path: 'crates/a/Cargo.toml', line: 2 }]);
    });

    it('decides a kind root by root: a workspace is one when a member is, not when its parts hold in different roots', async () => {
      // vuejs/core: a private pnpm root whose members are the published packages.
      const spec: FactsSpec = {
        kinds: {
          published: {
            name: 'published package',
            when: {
              all: [
                { key: 'name', in: 'package.json' },
                { not: { key: 'private', in: 'package.json', equals: true } },
                { key: 'exports', in: 'package.json' },
              ],
            },
          },
        },
      };
      const condition: Condition = { kind: 'published' };
      const root = { 'package.json': '{ "private": true }\n', 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n' };
      const published = await factsOf(
        { ...root, 'packages/vue/package.json': '{ "name": "vue", "exports": { ".": "./index.js" } }\n' },
        spec,
        [condition],
        ['.', 'packages/vue'],
      );
      assert.strictEqual(applicabilityOf(condition, published).status, 'applies');
      // A name in one member and exports in another private one make no published package.
      const scattered = await factsOf(
        {
          ...root,
          'packages/a/package.json': '{ "name": "a" }\n',
          'packages/b/package.json': '{ "private": true, "exports": "./b.js" }\n',
        },
        spec,
        [condition],
        ['.', 'packages/a', 'packages/b'],
      );
      const result = applicabilityOf(condition, scattered);
      assert.strictEqual(result.status, 'not-applicable');
      assert.match(result.reason!, /package\.json.*none of its 2 members is one either/);
      // One root alone reads as before.
      const single = await factsOf({ 'package.json': '{ "name": "app", "private": true, "exports": "./x.js" }\n' }, spec, [condition]);
      assert.strictEqual(
        applicabilityOf(condition, single).reason,
        'not a published package: private = true in package.json (package.json:1)',
      );
    });

    it('stops on cancellation, and keeps its time budget', async () => {
      const deps: FactsSpec = { dependencies: [{ in: 'Cargo.toml', keys: ['dependencies'] }] };
      const reader = new EvidenceReader(new MemoryFileSystem({ 'Cargo.toml': '[dependencies]\n' }));
      await assert.rejects(
        computeUnitFacts(reader, ['.'], deps, new Map(), { cancellation: { isCancellationRequested: true } }),
        CancelledError,
      );
      let clock = 0;
      const late = await computeUnitFacts(reader, ['.'], deps, new Map(), { now: () => (clock += 10_000) });
      assert.match(late.dependenciesIncomplete ?? '', /time budget/);
      assert.strictEqual(applicabilityOf({ dependency: 'tokio' }, late).status, 'unknown');
    });

    it('are cached per unit, and computed again when a path they read changes', async () => {
      const cache = new FactsCache();
      let computed = 0;
      const reader = new EvidenceReader(new MemoryFileSystem({ 'Cargo.toml': '[dependencies]\n' }));
      const compute = () => {
        computed++;
        return computeUnitFacts(reader, ['.'], { dependencies: [{ in: 'Cargo.toml', keys: ['dependencies'] }] }, new Map());
      };
      await cache.get('u', 'r', compute);
      await cache.get('u', 'r', compute);
      assert.strictEqual(computed, 1);
      await cache.forget('src/lib.rs');
      await cache.get('u', 'r', compute);
      assert.strictEqual(computed, 1, 'a file in a folder the facts never listed');
      await cache.forget('Cargo.toml');
      await cache.get('u', 'r', compute);
      assert.strictEqual(computed, 2);
      await cache.get('u', 'other rules', compute);
      assert.strictEqual(computed, 3);
    });
  });

  describe('validation', () => {
    it('says what is wrong with a condition, at its place', () => {
      assert.deepStrictEqual(checkCondition({ dependency: 'tokio' }), []);
      assert.match(checkCondition({})[0].message, /needs one of/);
      assert.match(checkCondition({ dependency: 'a', kind: 'b' })[0].message, /exactly one/);
      assert.deepStrictEqual(checkCondition({ any: [{ kind: 'lib' }] }, { frameworks: [], kinds: ['library'] })[0].path, [
        'any[0]',
        'kind',
      ]);
      assert.match(checkCondition({ not: { text: 'x' } })[0].message, /needs "in"/);
      assert.match(checkCondition({ all: [] })[0].message, /non-empty list/);
      let deep: Condition = { dependency: 'a' };
      for (let i = 0; i < 8; i++) deep = { not: deep };
      assert.match(
        checkCondition(deep)
          .map((issue) => issue.message)
          .join(),
        /nest at most/,
      );
    });

    it('reports a bad appliesWhen and a bad facts block with their line', () => {
      const profile = fs.readFileSync(path.join(PROFILES_DIR, 'rust.yaml'), 'utf8');
      const broken = profile.replace('appliesWhen: { framework: async-runtime }', 'appliesWhen: { framework: async-runtimes }');
      const { problems } = loadProfiles([{ file: 'rust.yaml', bytes: new TextEncoder().encode(broken) }]);
      const line = broken.split('\n').findIndex((text) => text.includes('async-runtimes')) + 1;
      assert.deepStrictEqual(
        problems.map((problem) => [problem.line, problem.message]),
        [[line, 'appliesWhen.framework: unknown framework "async-runtimes"; this profile\'s facts define: async-runtime, sql, web-server']],
      );
      const badFacts = profile.replace(
        '{ in: "Cargo.lock", keys: ["package.*.name"] }',
        '{ in: "../Cargo.lock", keys: ["package..name"] }',
      );
      const factProblems = loadProfiles([{ file: 'rust.yaml', bytes: new TextEncoder().encode(badFacts) }]).problems;
      assert.deepStrictEqual(
        factProblems.map((problem) => problem.message.split(':')[0]),
        ['facts.dependencies[1].in', 'facts.dependencies[1].keys'],
      );
      const unknownKey = profile.replace(
        'appliesWhen: { framework: async-runtime }',
        'appliesWhen: { framework: async-runtime, because: x }',
      );
      assert.match(
        loadProfiles([{ file: 'rust.yaml', bytes: new TextEncoder().encode(unknownKey) }]).problems[0].message,
        /unknown key "because"/,
      );
    });
  });

  describe('built-in conditions', () => {
    for (const profile of builtIns().filter((candidate) => checklistItems(candidate).some((item) => item.appliesWhen))) {
      it(`${profile.id}: every item with appliesWhen has an applies and a not-applicable fixture that give those results`, async () => {
        assert.deepStrictEqual(await checkApplicabilityFixtures(profile, applicabilityFixturePath(REPO, profile.id)), []);
      });
    }
  });
});

describe('the checklist and check with applicability', () => {
  const detection = (): Detection =>
    ({
      folders: [
        {
          folder: 'f',
          root: 'file:///f',
          components: [{ path: '.', ecosystems: [{ id: 'rust', name: 'Rust', confidence: 1, evidence: ['Cargo.toml'] }] }],
          workspaces: [],
        },
      ],
    }) as unknown as Detection;
  const files = {
    'Cargo.toml': '[package]\nname = "rg"\nversion = "1.0.0"\n\n[dependencies]\nregex = "1"\n',
    'Cargo.lock': 'version = 4\n\n[[package]]\nname = "regex"\n',
    'src/main.rs': 'fn main() {}\n',
  };

  it('leaves not-applicable items out of the counts and the gate, and keeps a decision made on one', async () => {
    const profiles = builtIns();
    const rust = profiles.find((profile) => profile.id === 'rust')!;
    const asyncItem = checklistItems(rust).find((item) => item.id === 'rust.delivery.async-boundaries')!;
    const review: ReviewData = {
      entries: [
        {
          key: { unit: '.', id: asyncItem.id },
          entry: {
            state: 'done',
            by: 'ana',
            at: '2026-01-01T00:00:00Z',
            textHash: textHash(asyncItem.text),
            note: 'checked before the tokio removal',
          },
          file: 'r.yaml',
        },
      ],
    } as unknown as ReviewData;
    const { units } = buildChecklist(detection(), profiles, new Map([['file:///f', review]]));
    const reader = new EvidenceReader(new MemoryFileSystem(files));
    const facts = await evaluateFacts(units, profiles, () => reader);
    attachApplicability(units, facts);
    const items = units[0].items;
    const item = items.find((candidate) => candidate.id === asyncItem.id)!;
    assert.strictEqual(item.applicability?.status, 'not-applicable');
    assert.strictEqual(item.state, 'done', 'the decision is kept');
    assert.strictEqual(item.note, 'checked before the tokio removal');
    const counted = progress(items);
    assert.strictEqual(counted.total, items.length - counted.notApplicable);
    assert.ok(counted.notApplicable >= 1);
    assert.strictEqual(progress(items, { allItems: true }).total, items.length);
    assert.ok(!blocking(items, 'low').some((candidate) => candidate.applicability?.status === 'not-applicable'));
    assert.ok(
      blocking(items, 'low', { allItems: true }).some(
        (candidate) => candidate.applicability?.status === 'not-applicable' && candidate.state === 'open',
      ),
    );
    // buildChecklist given the facts does the same.
    const again = buildChecklist(detection(), profiles, new Map([['file:///f', review]]), facts).units[0].items.find(
      (candidate) => candidate.id === asyncItem.id,
    )!;
    assert.strictEqual(again.applicability?.status, 'not-applicable');
  });

  it('check --format json gives every item its applicability; text, junit and sarif list not-applicable items apart; --all-items fails on them', async () => {
    const dir = makeTree(files);
    const json = await cliIn(dir, 'check', '.', '--format', 'json', '--min-severity', 'low');
    const data = JSON.parse(json.stdout) as {
      components: { items: { id: string; applicability: { status: string; reason?: string; locations: unknown[] } }[] }[];
      blocking: { id: string }[];
      notApplicable: { id: string; reason: string }[];
    };
    const items = data.components[0].items;
    assert.ok(
      items.every(
        (item) =>
          ['applies', 'not-applicable', 'unknown'].includes(item.applicability.status) && Array.isArray(item.applicability.locations),
      ),
    );
    const asyncItem = items.find((item) => item.id === 'rust.delivery.async-boundaries')!;
    assert.deepStrictEqual(asyncItem.applicability, {
      status: 'not-applicable',
      reason:
        'no async runtime: none of tokio, async-std, smol, async-executor and 8 more is among the dependencies (Cargo.lock, Cargo.toml)',
      locations: [{ path: 'Cargo.lock' }, { path: 'Cargo.toml' }],
    });
    assert.ok(!data.blocking.some((item) => item.id === asyncItem.id));
    assert.ok(data.notApplicable.some((item) => item.id === asyncItem.id && item.reason === asyncItem.applicability.reason));

    const text = await cliIn(dir, 'check', '.');
    assert.match(text.stdout, /not applicable here/);
    assert.match(text.stdout, /N\/A HERE \[high\] rust\.delivery\.async-boundaries: no async runtime/);
    const junit = await cliIn(dir, 'check', '.', '--format', 'junit');
    assert.match(junit.stdout, /<skipped message="not applicable here: no async runtime/);
    const sarif = JSON.parse((await cliIn(dir, 'check', '.', '--format', 'sarif')).stdout) as {
      runs: { results: { ruleId: string }[]; properties: { notApplicable: { item: string }[] } }[];
    };
    assert.ok(!sarif.runs[0].results.some((result) => result.ruleId === asyncItem.id));
    assert.ok(sarif.runs[0].properties.notApplicable.some((entry) => entry.item === asyncItem.id));
    const markdown = await cliIn(dir, 'check', '.', '--format', 'markdown');
    assert.match(markdown.stdout, /#### Not applicable here \(\d+\)/);

    const all = JSON.parse((await cliIn(dir, 'check', '.', '--format', 'json', '--all-items')).stdout) as {
      blocking: { id: string }[];
      notApplicable: unknown[];
    };
    assert.ok(all.blocking.some((item) => item.id === asyncItem.id));
    assert.deepStrictEqual(all.notApplicable, []);
  });
});
