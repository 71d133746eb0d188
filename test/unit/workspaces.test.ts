import * as assert from 'assert';
import { CancelledError, type FileSystem } from '../../src/core/fileSystem';
import { NodeFileSystem } from '../../src/node/nodeFileSystem';
import {
  isWorkspaceManifestName,
  readWorkspaces,
  type ListedFolder,
  type Workspace,
  type WorkspaceProblem,
} from '../../src/core/detect/workspaces';
import { makeTree } from './treeHelper';

/**
 * Builds the tree and calls readWorkspaces the way detection does: every folder holding a
 * manifest name (with those names), and the component paths the test says were detected.
 */
async function read(
  files: Record<string, string>,
  components: string[],
  fs?: (root: string) => FileSystem,
): Promise<{ workspaces: Workspace[]; problems: WorkspaceProblem[] }> {
  const root = makeTree(files);
  const folders = new Map<string, string[]>();
  for (const file of Object.keys(files)) {
    const slash = file.lastIndexOf('/');
    const folder = slash < 0 ? '.' : file.slice(0, slash);
    const name = file.slice(slash + 1);
    if (isWorkspaceManifestName(name)) folders.set(folder, [...(folders.get(folder) ?? []), name]);
  }
  const listed: ListedFolder[] = [...folders].map(([path, names]) => ({ path, files: names }));
  return readWorkspaces(fs ? fs(root) : new NodeFileSystem(root), listed, components);
}

/** manifest → members, the shape most tests assert. */
async function members(files: Record<string, string>, components: string[]): Promise<Record<string, string[]>> {
  const { workspaces, problems } = await read(files, components);
  assert.deepStrictEqual(problems, []);
  return Object.fromEntries(workspaces.map((ws) => [`${ws.kind} ${ws.manifest}`, ws.members]));
}

describe('workspaces', () => {
  describe('cargo', () => {
    it('reads members globs and exclude paths; a virtual root is not a member', async () => {
      const result = await members(
        {
          'Cargo.toml': '[workspace]\nmembers = ["crates/*", "tools/cli"]\nexclude = ["crates/old"]\ndefault-members = ["tools/cli"]\n',
          'crates/a/Cargo.toml': '[package]\nname = "a"',
          'crates/old/Cargo.toml': '[package]\nname = "old"',
          'tools/cli/Cargo.toml': '[package]\nname = "cli"',
          'other/Cargo.toml': '[package]\nname = "other"',
        },
        ['crates/a', 'crates/old', 'tools/cli', 'other'],
      );
      assert.deepStrictEqual(result, { 'cargo Cargo.toml': ['crates/a', 'tools/cli'] });
    });

    it('counts the root when it has [package], and path dependencies inside the workspace', async () => {
      const { workspaces } = await read(
        {
          'Cargo.toml':
            '[package]\nname = "app"\n[workspace]\n[workspace.dependencies]\nshared = { path = "libs/shared" }\n[dependencies]\ncore = { path = "core" }\n',
          'core/Cargo.toml': '[package]\nname = "core"\n[dependencies]\nshared.workspace = true\n',
          'libs/shared/Cargo.toml': '[package]\nname = "shared"',
          'libs/unused/Cargo.toml': '[package]\nname = "unused"',
        },
        ['.', 'core', 'libs/shared', 'libs/unused'],
      );
      assert.deepStrictEqual(workspaces, [{ kind: 'cargo', root: '.', manifest: 'Cargo.toml', members: ['.', 'core', 'libs/shared'] }]);
    });

    it('ignores members that climb out of the workspace folder', async () => {
      const result = await members(
        { 'rust/Cargo.toml': '[workspace]\nmembers = ["../../outside", "../web", "a"]', 'rust/a/Cargo.toml': '[package]' },
        ['rust/a', 'web'],
      );
      assert.deepStrictEqual(result, { 'cargo rust/Cargo.toml': ['rust/a', 'web'] });
    });

    it('reports a broken Cargo.toml and does not throw', async () => {
      const { workspaces, problems } = await read(
        { 'Cargo.toml': '[workspace\nmembers = ["a"]', 'a/Cargo.toml': '[package]\nname = "a"' },
        ['a'],
      );
      assert.deepStrictEqual(workspaces, []);
      assert.strictEqual(problems.length, 1);
      assert.strictEqual(problems[0].file, 'Cargo.toml');
      assert.match(problems[0].message, /^Invalid TOML: .*\(line 1\)$/);
    });
  });

  describe('go.work', () => {
    it('reads single and block use directives, with comments and `use .`', async () => {
      const result = await members(
        {
          'go.work':
            'go 1.22\n\nuse . // the root module\nuse (\n\t./svc/api\n\t"./svc/worker" // quoted\n\t// ./svc/old\n)\nreplace example.com/x => ./x\n',
          'go.mod': 'module root',
          'svc/api/go.mod': 'module api',
          'svc/worker/go.mod': 'module worker',
          'svc/old/go.mod': 'module old',
          'x/go.mod': 'module x',
        },
        ['.', 'svc/api', 'svc/worker', 'svc/old', 'x'],
      );
      assert.deepStrictEqual(result, { 'go-work go.work': ['.', 'svc/api', 'svc/worker'] });
    });

    it('reports an unclosed use block', async () => {
      const { workspaces, problems } = await read({ 'go.work': 'go 1.22\nuse (\n ./a\n' }, ['a']);
      assert.deepStrictEqual(workspaces, []);
      assert.deepStrictEqual(problems, [{ file: 'go.work', message: 'Invalid go.work: unclosed "use (" block' }]);
    });
  });

  describe('npm, yarn, bun', () => {
    it('reads workspaces globs with negations; a shell root is not a member', async () => {
      const result = await members(
        {
          'package.json': JSON.stringify({
            private: true,
            workspaces: ['packages/*', '!packages/legacy', 'apps/**'],
            devDependencies: { turbo: '2' },
          }),
          'packages/ui/package.json': '{}',
          'packages/legacy/package.json': '{}',
          'apps/package.json': '{}',
          'apps/web/package.json': '{}',
          'apps/web/e2e/package.json': '{}',
        },
        ['.', 'packages/ui', 'packages/legacy', 'apps', 'apps/web', 'apps/web/e2e'],
      );
      assert.deepStrictEqual(result, { 'npm package.json': ['apps', 'apps/web', 'apps/web/e2e', 'packages/ui'] });
    });

    it("reads yarn classic's { packages } form; a root with runtime dependencies is a member", async () => {
      const result = await members(
        {
          'package.json': JSON.stringify({
            workspaces: { packages: ['./libs/*'], nohoist: ['**/x'] },
            dependencies: { express: '4', prettier: '3' },
          }),
          'libs/a/package.json': '{}',
        },
        ['.', 'libs/a'],
      );
      assert.deepStrictEqual(result, { 'npm package.json': ['.', 'libs/a'] });
    });

    it('a root with only tooling dependencies and no entry point is not a member; one with bin is', async () => {
      const shell = await members(
        { 'package.json': JSON.stringify({ workspaces: ['a'], dependencies: { husky: '9' } }), 'a/package.json': '{}' },
        ['.', 'a'],
      );
      assert.deepStrictEqual(shell, { 'npm package.json': ['a'] });
      const built = await members({ 'package.json': JSON.stringify({ workspaces: ['a'], bin: 'cli.js' }), 'a/package.json': '{}' }, [
        '.',
        'a',
      ]);
      assert.deepStrictEqual(built, { 'npm package.json': ['.', 'a'] });
    });

    it('reports a workspaces field that is not a list, and ignores the workspace', async () => {
      const { workspaces, problems } = await read({ 'package.json': '{"workspaces": "packages/*"}' }, ['packages/a']);
      assert.deepStrictEqual(workspaces, []);
      assert.deepStrictEqual(problems, [{ file: 'package.json', message: '"workspaces" is not a list of strings' }]);
    });

    it('reports a broken package.json and does not throw', async () => {
      const { workspaces, problems } = await read({ 'package.json': '{"workspaces": ["a",]}', 'a/package.json': '{}' }, ['a']);
      assert.deepStrictEqual(workspaces, []);
      assert.strictEqual(problems.length, 1);
      assert.strictEqual(problems[0].file, 'package.json');
      assert.match(problems[0].message, /^Invalid JSON: /);
    });
  });

  describe('pnpm', () => {
    it('reads packages globs with negations and takes precedence over package.json workspaces', async () => {
      const result = await members(
        {
          'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n  - 'components/**'\n  - '!**/test/**'\ncatalog:\n  chalk: ^4\n",
          'package.json': JSON.stringify({ workspaces: ['packages/*'], main: 'index.js' }),
          'packages/a/package.json': '{}',
          'components/b/package.json': '{}',
          'components/test/c/package.json': '{}',
        },
        ['.', 'packages/a', 'components/b', 'components/test/c'],
      );
      assert.deepStrictEqual(result, { 'pnpm pnpm-workspace.yaml': ['.', 'components/b', 'packages/a'] });
    });

    it('reports invalid YAML', async () => {
      const { workspaces, problems } = await read({ 'pnpm-workspace.yaml': 'packages: [a\nb: 1\n' }, []);
      assert.deepStrictEqual(workspaces, []);
      assert.strictEqual(problems.length, 1);
      assert.match(problems[0].message, /^Invalid YAML: /);
    });
  });

  describe('gradle', () => {
    it('reads include calls of the Kotlin DSL, nested paths and projectDir overrides; includeBuild is not a member', async () => {
      const result = await members(
        {
          'settings.gradle.kts': [
            'pluginManagement { includeBuild("build-logic") }',
            'rootProject.name = "shop"',
            'include(":app", ":core:data")',
            '// include(":old")',
            'include(":legacy")',
            'project(":legacy").projectDir = file("modules/legacy")',
            'includeBuild("tools")',
          ].join('\n'),
          'build.gradle.kts': '',
          'app/build.gradle.kts': '',
          'core/data/build.gradle.kts': '',
          'modules/legacy/build.gradle.kts': '',
          'old/build.gradle.kts': '',
          'build-logic/build.gradle.kts': '',
          'tools/build.gradle.kts': '',
        },
        ['.', 'app', 'core/data', 'modules/legacy', 'old', 'build-logic', 'tools'],
      );
      assert.deepStrictEqual(result, { 'gradle settings.gradle.kts': ['.', 'app', 'core/data', 'modules/legacy'] });
    });

    it("reads Groovy's command syntax over several lines, and the parent projects it creates", async () => {
      const result = await members(
        {
          'settings.gradle': "include ':lib',\n        'services:api'\ninclude 'cli' /* , 'ghost' */\n",
          'lib/build.gradle': '',
          'services/build.gradle': '',
          'services/api/build.gradle': '',
          'cli/build.gradle': '',
          'ghost/build.gradle': '',
        },
        ['lib', 'services', 'services/api', 'cli', 'ghost'],
      );
      assert.deepStrictEqual(result, { 'gradle settings.gradle': ['cli', 'lib', 'services', 'services/api'] });
    });
  });

  describe('maven', () => {
    it('reads modules, also in profiles, ignoring comments; a pom-packaged root is not a member', async () => {
      const result = await members(
        {
          'pom.xml': `<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <packaging>pom</packaging>
  <modules>
    <module>core</module>
    <!-- <module>old</module> -->
    <module>./web/</module>
  </modules>
  <build><plugins><plugin><configuration><modules><module>ear-only</module></modules></configuration></plugin></plugins></build>
  <profiles><profile><id>it</id><modules><module>it-tests</module></modules></profile></profiles>
</project>`,
          'core/pom.xml': '<project><modules><module>../core-api</module></modules></project>',
          'core-api/pom.xml': '<project/>',
          'web/pom.xml': '<project/>',
          'old/pom.xml': '<project/>',
          'ear-only/pom.xml': '<project/>',
          'it-tests/pom.xml': '<project/>',
        },
        ['.', 'core', 'core-api', 'web', 'old', 'ear-only', 'it-tests'],
      );
      assert.deepStrictEqual(result, {
        'maven core/pom.xml': ['core', 'core-api'],
        'maven pom.xml': ['core', 'it-tests', 'web'],
      });
    });

    it('reports malformed XML and does not throw', async () => {
      const { workspaces, problems } = await read(
        { 'pom.xml': '<project><modules><module>a</module></project>', 'a/pom.xml': '<project/>' },
        ['.', 'a'],
      );
      assert.deepStrictEqual(workspaces, []);
      assert.deepStrictEqual(problems, [{ file: 'pom.xml', message: 'Invalid XML: </project> on line 1 does not close <modules>' }]);
    });
  });

  describe('.NET', () => {
    it('reads .sln project entries with backslashes and skips solution folders', async () => {
      const sln = [
        '',
        'Microsoft Visual Studio Solution File, Format Version 12.00',
        'Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "src", "src", "{11111111-1111-1111-1111-111111111111}"',
        'EndProject',
        'Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Shop.Api", "src\\Shop.Api\\Shop.Api.csproj", "{22222222-2222-2222-2222-222222222222}"',
        'EndProject',
        'Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Tool", "Tool.csproj", "{33333333-3333-3333-3333-333333333333}"',
        'EndProject',
      ].join('\r\n');
      const result = await members(
        {
          'Shop.sln': sln,
          'Tool.csproj': '<Project/>',
          'src/Shop.Api/Shop.Api.csproj': '<Project/>',
          'src/Other/Other.csproj': '<Project/>',
        },
        ['.', 'src/Shop.Api', 'src/Other'],
      );
      assert.deepStrictEqual(result, { 'dotnet Shop.sln': ['.', 'src/Shop.Api'] });
    });

    it('reads .slnx projects, also inside folders; the solution folder without a listed project is not a member', async () => {
      const result = await members(
        {
          'Shop.slnx':
            '<Solution>\n  <Folder Name="/tests/">\n    <Project Path="tests/Shop.Tests/Shop.Tests.csproj" />\n  </Folder>\n  <Project Path="src\\Shop\\Shop.csproj" />\n</Solution>',
          'src/Shop/Shop.csproj': '<Project/>',
          'tests/Shop.Tests/Shop.Tests.csproj': '<Project/>',
        },
        ['.', 'src/Shop', 'tests/Shop.Tests'],
      );
      assert.deepStrictEqual(result, { 'dotnet Shop.slnx': ['src/Shop', 'tests/Shop.Tests'] });
    });
  });

  describe('mix umbrella', () => {
    it('takes the components directly under apps_path; the root is not a member', async () => {
      const result = await members(
        {
          'mix.exs':
            'defmodule Shop.MixProject do\n  def project do\n    # apps_path: "old"\n    [apps_path: "apps", version: "0.1.0"]\n  end\nend\n',
          'apps/web/mix.exs': 'defmodule Web.MixProject do end',
          'apps/core/mix.exs': 'defmodule Core.MixProject do end',
          'apps/core/priv/tool/mix.exs': 'defmodule Tool.MixProject do end',
        },
        ['.', 'apps/web', 'apps/core', 'apps/core/priv/tool'],
      );
      assert.deepStrictEqual(result, { 'mix mix.exs': ['apps/core', 'apps/web'] });
    });
  });

  describe('dart', () => {
    it('reads the workspace list; a root with only environment is not a member', async () => {
      const result = await members(
        {
          'pubspec.yaml': 'name: _\npublish_to: none\nenvironment:\n  sdk: ^3.6.0\nworkspace:\n  - packages/shared\n  - packages/app\n',
          'packages/shared/pubspec.yaml': 'name: shared\nresolution: workspace\n',
          'packages/app/pubspec.yaml': 'name: app\nresolution: workspace\n',
          'packages/extra/pubspec.yaml': 'name: extra\n',
        },
        ['.', 'packages/shared', 'packages/app', 'packages/extra'],
      );
      assert.deepStrictEqual(result, { 'dart pubspec.yaml': ['packages/app', 'packages/shared'] });
    });

    it('counts a Flutter root and reads glob entries', async () => {
      const result = await members(
        {
          'pubspec.yaml': 'name: app\nflutter:\n  uses-material-design: true\nworkspace:\n  - packages/*\n',
          'packages/a/pubspec.yaml': 'name: a',
        },
        ['.', 'packages/a'],
      );
      assert.deepStrictEqual(result, { 'dart pubspec.yaml': ['.', 'packages/a'] });
    });
  });

  describe('deno', () => {
    it('reads deno.jsonc with comments and trailing commas, leaving comment markers in strings alone', async () => {
      const result = await members(
        {
          'deno.jsonc':
            '{\n  // members\n  "workspace": ["./add", "./sub", "packages/*",],\n  /* shared */ "imports": { "x": "https://example.com/x//y" },\n}\n',
          'add/deno.json': '{}',
          'sub/deno.json': '{}',
          'packages/p/deno.json': '{}',
        },
        ['.', 'add', 'sub', 'packages/p'],
      );
      assert.deepStrictEqual(result, { 'deno deno.jsonc': ['add', 'packages/p', 'sub'] });
    });

    it('accepts the { members } form; a root with exports is a member', async () => {
      const result = await members({ 'deno.json': '{"workspace": {"members": ["./a"]}, "exports": "./mod.ts"}', 'a/deno.json': '{}' }, [
        '.',
        'a',
      ]);
      assert.deepStrictEqual(result, { 'deno deno.json': ['.', 'a'] });
    });
  });

  describe('uv', () => {
    it('reads members and exclude globs; a root with [project] is a member', async () => {
      const result = await members(
        {
          'pyproject.toml': '[project]\nname = "app"\n[tool.uv.workspace]\nmembers = ["packages/*"]\nexclude = ["packages/seeds"]\n',
          'packages/lib/pyproject.toml': '[project]\nname = "lib"',
          'packages/seeds/pyproject.toml': '[project]\nname = "seeds"',
        },
        ['.', 'packages/lib', 'packages/seeds'],
      );
      assert.deepStrictEqual(result, { 'uv pyproject.toml': ['.', 'packages/lib'] });
    });

    it('a virtual root (no [project]) is not a member; a pyproject without the table is no workspace', async () => {
      const result = await members(
        { 'pyproject.toml': '[tool.uv.workspace]\nmembers = ["lib"]\n', 'lib/pyproject.toml': '[project]\nname = "lib"\n[tool.ruff]\n' },
        ['.', 'lib'],
      );
      assert.deepStrictEqual(result, { 'uv pyproject.toml': ['lib'] });
    });
  });

  describe('cmake', () => {
    it('reads add_subdirectory folders, quoted, conditional or from CMAKE_CURRENT_SOURCE_DIR; comments and unknown variables are left out', async () => {
      const result = await members(
        {
          'CMakeLists.txt': [
            'cmake_minimum_required(VERSION 3.20)',
            'project(acme LANGUAGES CXX)',
            'add_subdirectory(src)',
            'if(BUILD_TESTING)',
            '  add_subdirectory("tests")',
            'endif()',
            'add_subdirectory(${CMAKE_CURRENT_SOURCE_DIR}/examples ${CMAKE_BINARY_DIR}/examples EXCLUDE_FROM_ALL)',
            '# add_subdirectory(old)',
            '#[[ add_subdirectory(older) ]]',
            'add_subdirectory(${ACME_FUZZ_DIR})',
            'ADD_SUBDIRECTORY(fuzzing)',
            'add_subdirectory(../outside)',
          ].join('\n'),
          'src/CMakeLists.txt': 'add_library(acme acme.cpp)\nadd_subdirectory(detail)',
          'src/detail/CMakeLists.txt': 'target_sources(acme PRIVATE detail.cpp)',
          'tests/CMakeLists.txt': 'add_executable(tests tests.cpp)\ntarget_link_libraries(tests acme)',
          'examples/CMakeLists.txt': 'add_executable(hello hello.cpp)',
          'fuzzing/CMakeLists.txt': 'add_executable(fuzz fuzz.cpp)',
          'old/CMakeLists.txt': '',
          'older/CMakeLists.txt': '',
        },
        ['.', 'src', 'src/detail', 'tests', 'examples', 'fuzzing', 'old', 'older'],
      );
      assert.deepStrictEqual(result, {
        'cmake CMakeLists.txt': ['.', 'examples', 'fuzzing', 'src', 'tests'],
        'cmake src/CMakeLists.txt': ['src', 'src/detail'],
      });
    });

    it('a CMakeLists.txt that adds no folder is no workspace', async () => {
      assert.deepStrictEqual(await members({ 'CMakeLists.txt': 'project(solo)\nadd_executable(solo main.cpp)' }, ['.']), {});
    });
  });

  describe('bounds', () => {
    it('reports a manifest over 1 MB without parsing it', async () => {
      const { workspaces, problems } = await read({ 'package.json': `{"workspaces": ["a"], "x": "${'x'.repeat(1024 * 1024)}"}` }, ['.']);
      assert.deepStrictEqual(workspaces, []);
      assert.deepStrictEqual(problems, [{ file: 'package.json', message: 'Larger than 1 MB; not read' }]);
    });

    it('reports an unreadable manifest', async () => {
      const failing = (root: string): FileSystem => {
        const inner = new NodeFileSystem(root);
        return {
          readDirectory: (path) => inner.readDirectory(path),
          readFile: (path) => (path === 'Cargo.toml' ? Promise.reject(new Error('EACCES: permission denied')) : inner.readFile(path)),
        };
      };
      const { problems } = await read({ 'Cargo.toml': '[workspace]' }, [], failing);
      assert.deepStrictEqual(problems, [{ file: 'Cargo.toml', message: 'Cannot read the file: EACCES: permission denied' }]);
    });

    it('reads each manifest once and stops with CancelledError when cancelled', async () => {
      const root = makeTree({ 'Cargo.toml': '[workspace]\nmembers = ["a"]', 'a/Cargo.toml': '[package]', 'b/package.json': '{}' });
      const reads: string[] = [];
      const token = { isCancellationRequested: false };
      const fs: FileSystem = {
        readDirectory: () => Promise.resolve([]),
        readFile: (path) => {
          reads.push(path);
          return new NodeFileSystem(root).readFile(path);
        },
      };
      const folders: ListedFolder[] = [
        { path: '.', files: ['Cargo.toml'] },
        { path: 'a', files: ['Cargo.toml'] },
        { path: 'b', files: ['package.json'] },
      ];
      const result = await readWorkspaces(fs, folders, ['a', 'b'], token);
      assert.deepStrictEqual(reads.sort(), ['Cargo.toml', 'a/Cargo.toml', 'b/package.json']);
      assert.deepStrictEqual(
        result.workspaces.map((ws) => ws.members),
        [['a']],
      );
      token.isCancellationRequested = true;
      await assert.rejects(readWorkspaces(fs, folders, ['a', 'b'], token), CancelledError);
    });
  });
});
