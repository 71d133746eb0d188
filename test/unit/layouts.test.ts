import * as assert from 'assert';
import { DETECTED_THRESHOLD, detectFolder, type FolderDetection } from '../../src/core/detect/detector';
import { cmakeLanguages, gradlePluginLanguage } from '../../src/core/detect/layouts';
import type { DirEntry, FileSystem } from '../../src/core/fileSystem';
import { reviewUnits } from '../../src/core/review/units';
import { NodeFileSystem } from '../../src/node/nodeFileSystem';
import { makeTree } from './treeHelper';

async function detect(files: Record<string, string>): Promise<FolderDetection> {
  return detectFolder(new NodeFileSystem(makeTree(files)), 'fixture');
}

/** What the user sees: component paths with the ecosystems detected there; components with none are left out. */
function seen(result: FolderDetection): Record<string, string[]> {
  const view: Record<string, string[]> = {};
  for (const component of result.components) {
    const ids = component.ecosystems.filter((match) => match.confidence >= DETECTED_THRESHOLD).map((match) => match.id);
    if (ids.length > 0) view[component.path] = ids;
  }
  return view;
}

function match(result: FolderDetection, path: string, id: string) {
  return result.components.find((component) => component.path === path)?.ecosystems.find((m) => m.id === id);
}

/** Records every listing, to check that walks happen only where the build file cannot decide. */
function recording(root: string): { fs: FileSystem; listed: string[] } {
  const inner = new NodeFileSystem(root);
  const listed: string[] = [];
  return { listed, fs: { readDirectory: (p) => (listed.push(p), inner.readDirectory(p)), readFile: (p) => inner.readFile(p) } };
}

describe('modern layouts', () => {
  describe('Gradle', () => {
    it('reports Kotlin for catalog aliases, convention plugins with Kotlin sources, and build-logic', async () => {
      const result = await detect({
        'settings.gradle.kts': 'include(":app", ":feature:home", ":core:model")',
        'build.gradle.kts':
          'plugins {\n  alias(libs.plugins.android.application) apply false\n  alias(libs.plugins.kotlin.android) apply false\n}\n',
        'app/build.gradle.kts': 'plugins {\n  alias(libs.plugins.android.application)\n  alias(libs.plugins.kotlin.android)\n}\n',
        'app/src/main/java/com/acme/app/MainActivity.kt': 'class MainActivity',
        'core/model/build.gradle': 'plugins {\n  alias(libs.plugins.jetbrains.kotlin.jvm)\n}\n',
        'feature/home/build.gradle.kts': 'plugins {\n  id("acme.android.feature")\n}\n',
        'feature/home/src/main/kotlin/com/acme/home/HomeScreen.kt': '',
        'feature/home/src/main/kotlin/com/acme/home/HomeViewModel.kt': '',
        'feature/home/src/test/java/com/acme/home/LegacyTest.java': '',
        'build-logic/convention/build.gradle.kts': 'plugins {\n  `kotlin-dsl`\n}\n',
        'build-logic/convention/src/main/kotlin/AndroidFeaturePlugin.kt': '',
      });
      assert.deepStrictEqual(seen(result), {
        '.': ['kotlin'],
        app: ['kotlin'],
        'build-logic/convention': ['kotlin'],
        'core/model': ['kotlin'],
        'feature/home': ['kotlin'],
      });
      assert.deepStrictEqual(match(result, 'feature/home', 'kotlin')?.notes, ['2 Kotlin and 1 Java source files under src/']);
    });

    it('keeps Java where the plugins or the sources say Java, whatever the script language', async () => {
      const result = await detect({
        'legacy/build.gradle.kts': 'plugins {\n  alias(libs.plugins.android.library)\n}\n',
        'legacy/src/main/java/com/acme/legacy/Store.java': '',
        'legacy/src/main/java/com/acme/legacy/Cache.java': '',
        'tool/build.gradle.kts': 'plugins {\n  id("acme.jvm.library")\n}\n',
        'tool/src/main/java/com/acme/tool/Main.java': '',
        'tool/src/main/java/com/acme/tool/Args.java': '',
        'tool/src/test/kotlin/com/acme/tool/ArgsTest.kt': '',
        'lib/build.gradle.kts': 'plugins {\n  `java-library`\n}\n',
        'cli/build.gradle.kts': 'plugins { java; application }\n',
      });
      assert.deepStrictEqual(seen(result), { cli: ['java'], legacy: ['java'], lib: ['java'], tool: ['java'] });
    });

    it("decides a module with no plugin and no sources of its own by its build's sources: a Java build written in the Kotlin DSL is Java", async () => {
      // The shape of issue 27: a root script applying no Kotlin plugin, Java in the subprojects,
      // Kotlin only in buildSrc and two test subprojects, one subproject of Groovy, one with no sources.
      const files: Record<string, string> = {
        'settings.gradle.kts': 'include(":core", ":api", ":tests:kotlin-dsl", ":tests:coroutines", ":groovy-support", ":bom")',
        'build.gradle.kts': 'allprojects {\n  repositories { mavenCentral() }\n}\n',
        'buildSrc/build.gradle.kts': 'plugins {\n  `kotlin-dsl`\n}\n',
        'buildSrc/src/main/kotlin/acme.java-conventions.gradle.kts': '',
        'buildSrc/src/main/kotlin/Versions.kt': '',
        'core/build.gradle.kts': 'plugins {\n  id("acme.java-conventions")\n}\n',
        'api/build.gradle.kts': 'plugins {\n  id("acme.java-conventions")\n}\n',
        'tests/kotlin-dsl/build.gradle.kts': 'plugins {\n  id("acme.java-conventions")\n}\n',
        'tests/kotlin-dsl/src/test/kotlin/DslTest.kt': '',
        'tests/coroutines/build.gradle.kts': 'plugins {\n  id("acme.java-conventions")\n}\n',
        'tests/coroutines/src/test/kotlin/CoroutinesTest.kt': '',
        'groovy-support/build.gradle.kts': 'plugins {\n  id("acme.java-conventions")\n  groovy\n}\n',
        'groovy-support/src/main/groovy/Support.groovy': '',
        'bom/build.gradle.kts': 'plugins {\n  `java-platform`\n}\n',
      };
      for (let i = 0; i < 30; i++) files[`core/src/main/java/com/acme/core/Type${i}.java`] = '';
      for (let i = 0; i < 20; i++) files[`api/src/main/java/com/acme/api/Endpoint${i}.java`] = '';
      const result = await detect(files);
      assert.deepStrictEqual(seen(result), {
        '.': ['java'],
        api: ['java'],
        bom: ['java'],
        buildSrc: ['kotlin'],
        core: ['java'],
        'groovy-support': ['java'],
        'tests/coroutines': ['kotlin'],
        'tests/kotlin-dsl': ['kotlin'],
      });
      assert.ok(match(result, '.', 'java')?.evidence.includes('build.gradle.kts'));
      assert.strictEqual(match(result, '.', 'kotlin'), undefined, 'the root is no longer called Kotlin');
      assert.deepStrictEqual(match(result, 'groovy-support', 'java')?.notes, [
        'no Kotlin or Java plugin, and its sources do not decide: the language of its Gradle build (settings.gradle.kts: 2 Kotlin and 50 Java source files in its modules)',
      ]);
      // One Java review for the build, one Kotlin review for the two Kotlin test projects, buildSrc its own.
      const units = reviewUnits(result).map((unit) => `${unit.ecosystem} ${unit.path} [${unit.members.join(' ')}]`);
      assert.deepStrictEqual(units.sort(), [
        'java . [. api bom core groovy-support]',
        'kotlin . [tests/coroutines tests/kotlin-dsl]',
        'kotlin buildSrc []',
      ]);
    });

    it("keeps Kotlin for the undecided modules of a Kotlin build, and gives a Groovy-DSL module with no sources its build's Kotlin", async () => {
      const result = await detect({
        'settings.gradle': "include ':app', ':docs'",
        'build.gradle.kts': 'subprojects { group = "acme" }\n',
        'app/build.gradle.kts': 'plugins { id("acme.convention") }\n',
        'app/src/main/kotlin/App.kt': '',
        'app/src/main/kotlin/Routes.kt': '',
        'docs/build.gradle': "plugins { id 'acme.docs' }\n",
      });
      assert.deepStrictEqual(seen(result), { '.': ['kotlin'], app: ['kotlin'], docs: ['kotlin'] });
      assert.strictEqual(match(result, '.', 'kotlin')?.notes, undefined, 'the DSL already said Kotlin: nothing to settle');
      assert.match(match(result, 'docs', 'kotlin')!.notes![0], /the language of its Gradle build \(settings\.gradle: 2 Kotlin and 0 Java/);
    });

    it('leaves a module outside any Gradle build, or in a build nothing decides, to its script language', async () => {
      const result = await detect({
        'alone/build.gradle.kts': 'tasks.register("hello")\n',
        'undecided/settings.gradle.kts': 'include(":a")',
        'undecided/build.gradle': '',
        'undecided/a/build.gradle.kts': 'plugins { id("acme.convention") }\n',
      });
      assert.deepStrictEqual(seen(result), { alone: ['kotlin'], undecided: ['java'], 'undecided/a': ['kotlin'] });
    });

    it('walks src/ only when the build file is inconclusive', async () => {
      const tree = makeTree({
        'decided/build.gradle.kts': 'plugins { alias(libs.plugins.kotlin.jvm) }',
        'decided/src/main/kotlin/A.kt': '',
        'open/build.gradle.kts': 'plugins { id("acme.convention") }',
        'open/src/main/kotlin/B.kt': '',
      });
      const { fs, listed } = recording(tree);
      await detectFolder(fs, 'x');
      const twice = listed.filter((p, i) => listed.indexOf(p) !== i);
      assert.ok(twice.length > 0 && twice.every((p) => p.startsWith('open/src')), twice.join());
    });

    /** A module whose src/ never ends: every folder holds `width` folders and a Kotlin file. */
    function endlessModule(width: number): { fs: FileSystem; walked: string[] } {
      const walked: string[] = [];
      const dir = (name: string): DirEntry => ({ name, kind: 'directory', symlink: false });
      const fs: FileSystem = {
        readDirectory: async (p): Promise<DirEntry[]> => {
          if (p === '.') return [{ name: 'build.gradle.kts', kind: 'file', symlink: false }, dir('src')];
          walked.push(p);
          return [...['a', 'b'].slice(0, width).map(dir), { name: 'X.kt', kind: 'file', symlink: false }];
        },
        readFile: async () => new TextEncoder().encode('plugins { id("acme.convention") }'),
      };
      return { fs, walked };
    }

    it('bounds the source walk to 200 listings and 16 levels', async () => {
      const wide = endlessModule(2);
      assert.deepStrictEqual(seen(await detectFolder(wide.fs, 'x', { maxDepth: 0 })), { '.': ['kotlin'] });
      assert.strictEqual(wide.walked.length, 200);
      const deep = endlessModule(1);
      assert.deepStrictEqual(seen(await detectFolder(deep.fs, 'x', { maxDepth: 0 })), { '.': ['kotlin'] });
      assert.strictEqual(deep.walked.length, 16);
    });

    it('finds sources in deep packages past Android resource folders', async () => {
      const files: Record<string, string> = {
        'core/data/build.gradle.kts': 'plugins { alias(libs.plugins.nowinandroid.android.library) }',
        'core/data/src/main/kotlin/com/google/samples/apps/nowinandroid/core/data/Repository.kt': '',
      };
      for (let i = 0; i < 250; i++) files[`core/data/src/main/res/values-b+x${i}/strings.xml`] = '<resources/>';
      const result = await detect(files);
      assert.deepStrictEqual(match(result, 'core/data', 'kotlin')?.notes, ['1 Kotlin and 0 Java source files under src/']);
    });

    it('reads plugin declarations the way Gradle applies them', () => {
      assert.strictEqual(gradlePluginLanguage("apply plugin: 'kotlin-android'"), 'kotlin');
      assert.strictEqual(gradlePluginLanguage('plugins { alias(libs.plugins.kotlinAndroid) }'), 'kotlin');
      assert.strictEqual(gradlePluginLanguage('plugins { java\n kotlin("jvm") version "2.0.0" }'), 'kotlin');
      assert.strictEqual(gradlePluginLanguage("apply plugin: 'java'"), 'java');
      assert.strictEqual(
        gradlePluginLanguage(
          'plugins { id("com.android.application") }\njava { toolchain { languageVersion.set(JavaLanguageVersion.of(17)) } }',
        ),
        undefined,
      );
      assert.strictEqual(
        gradlePluginLanguage('plugins {\n  // alias(libs.plugins.kotlin.android)\n  id("com.android.library")\n}'),
        undefined,
      );
    });
  });

  describe('.NET', () => {
    it('reports C# for a .slnx solution', async () => {
      const result = await detect({
        'Shop.slnx': '<Solution><Project Path="src/Api/Api.csproj" /></Solution>',
        'src/Api/Api.csproj': '<Project/>',
      });
      assert.deepStrictEqual(seen(result), { '.': ['csharp'], 'src/Api': ['csharp'] });
    });

    it('does not take a leftover Shop.slnx.orig for a solution', async () => {
      assert.deepStrictEqual(seen(await detect({ 'Shop.slnx.orig': '<Solution/>' })), {});
    });
  });

  describe('Xcode', () => {
    it('reports Swift for an Xcode project with Swift sources one folder down', async () => {
      const result = await detect({
        'MyApp.xcodeproj/project.pbxproj': '// !$*UTF8*$!',
        'MyApp.xcodeproj/project.xcworkspace/contents.xcworkspacedata': '<Workspace/>',
        'MyApp.xcworkspace/contents.xcworkspacedata': '<Workspace/>',
        Podfile: "platform :ios, '17.0'",
        'MyApp/MyAppApp.swift': '@main struct MyAppApp: App {}',
        'MyAppTests/MyAppTests.swift': '',
      });
      assert.deepStrictEqual(seen(result), { '.': ['swift'] });
      assert.deepStrictEqual(match(result, '.', 'swift')?.evidence, ['MyApp.xcodeproj', 'MyApp/MyAppApp.swift', 'MyApp.xcworkspace']);
    });

    it('does not report an Objective-C-only Xcode project as Swift', async () => {
      const result = await detect({
        'Legacy.xcodeproj/project.pbxproj': '// !$*UTF8*$!',
        'Legacy/AppDelegate.m': '',
        'Legacy/AppDelegate.h': '',
        'Legacy/main.m': '',
      });
      assert.deepStrictEqual(seen(result), {});
      assert.deepStrictEqual(result.components, []);
    });
  });

  describe('CMake', () => {
    const cases: [string, string][] = [
      ['project(Tool LANGUAGES Swift)', 'swift'],
      ['project(Foundation VERSION 6.0 LANGUAGES C Swift)', 'swift'],
      ['project(Plugin NONE)\nenable_language(Swift)', 'swift'],
      ['project(Interop CXX Swift)', 'cpp'],
      ['project(engine VERSION 1.2 LANGUAGES CXX)', 'cpp'],
      ['project(driver C)', 'cpp'],
      ['project(app)', 'cpp'],
      ['# project(Old LANGUAGES Swift)\nproject(New LANGUAGES CXX)', 'cpp'],
    ];
    for (const [text, id] of cases) {
      it(`reports ${id} for ${text.replace(/\n/g, '; ')}`, async () => {
        assert.deepStrictEqual(seen(await detect({ 'CMakeLists.txt': `cmake_minimum_required(VERSION 3.29)\n${text}\n` })), { '.': [id] });
      });
    }

    it('reads positional and LANGUAGES forms alike', () => {
      assert.deepStrictEqual([...cmakeLanguages('project(x CXX Swift)')].sort(), ['CXX', 'SWIFT']);
      assert.deepStrictEqual([...cmakeLanguages('project("x" VERSION 1.0 DESCRIPTION "y" LANGUAGES C)')], ['C']);
      assert.deepStrictEqual([...cmakeLanguages('add_library(x STATIC x.swift)')], []);
    });

    it('folds the CMake files of a Swift package into the package', async () => {
      const result = await detect({
        'Package.swift': '// swift-tools-version:5.9',
        'CMakeLists.txt': 'cmake_minimum_required(VERSION 3.19)\nproject(swift-args LANGUAGES Swift)\nadd_subdirectory(Sources)',
        'Sources/CMakeLists.txt': 'add_subdirectory(ArgumentParser)\nadd_subdirectory(ArgumentParserToolInfo)',
        'Sources/ArgumentParser/CMakeLists.txt': 'add_library(ArgumentParser Parsing/ArgumentSet.swift)',
        'Sources/ArgumentParser/Parsing/ArgumentSet.swift': '',
        'Sources/ArgumentParserToolInfo/CMakeLists.txt': 'add_library(ArgumentParserToolInfo ToolInfo.swift)',
        'Sources/ArgumentParserToolInfo/ToolInfo.swift': '',
        'cmake/modules/CMakeLists.txt': 'configure_file(Config.cmake.in Config.cmake)',
        'Tests/CMakeLists.txt': 'add_subdirectory(UnitTests)',
        'Examples/Demo/Package.swift': '// swift-tools-version:5.9',
        'Examples/Demo/CMakeLists.txt': 'project(Demo CXX)',
      });
      assert.deepStrictEqual(seen(result), { '.': ['swift'], 'Examples/Demo': ['swift'] });
    });

    it('keeps a C++ project C++ when a Swift package sits inside it', async () => {
      const result = await detect({
        'CMakeLists.txt': 'project(engine LANGUAGES CXX)\nadd_subdirectory(lib)',
        'lib/CMakeLists.txt': 'add_library(core core.cpp)',
        'lib/core.cpp': '',
        'bindings/swift/Package.swift': '// swift-tools-version:5.9',
      });
      assert.deepStrictEqual(seen(result), { '.': ['cpp'], 'bindings/swift': ['swift'], lib: ['cpp'] });
    });

    it('reviews the folders a CMake project adds with add_subdirectory as one project; a project nobody adds stays its own', async () => {
      // The shape of issue 27: src/, tests/, examples/ and fuzzing/ link the root's targets.
      const result = await detect({
        'CMakeLists.txt': [
          'cmake_minimum_required(VERSION 3.16)',
          'project(json LANGUAGES CXX)',
          'add_subdirectory(src)',
          'option(BUILD_TESTING "tests" ON)',
          'if(BUILD_TESTING)\n  add_subdirectory(tests)\nendif()',
          'add_subdirectory(examples)',
          'add_subdirectory(fuzzing)',
        ].join('\n'),
        'src/CMakeLists.txt': 'add_library(json json.cpp)\nadd_subdirectory(parser)',
        'src/parser/CMakeLists.txt': 'target_sources(json PRIVATE parser.cpp)',
        'tests/CMakeLists.txt': 'add_executable(tests tests.cpp)\ntarget_link_libraries(tests json)',
        'examples/CMakeLists.txt': 'add_executable(example example.cpp)\ntarget_link_libraries(example json)',
        'fuzzing/CMakeLists.txt': 'add_executable(fuzz fuzz.cpp)\ntarget_link_libraries(fuzz json)',
        'tools/bench/CMakeLists.txt': 'project(bench LANGUAGES CXX)\nfind_package(json REQUIRED)',
      });
      const units = reviewUnits(result).map(
        (unit) => `${unit.ecosystem} ${unit.path} [${unit.members.join(' ')}] ${unit.workspace?.kind ?? ''}`,
      );
      assert.deepStrictEqual(units, ['cpp . [. examples fuzzing src src/parser tests] cmake', 'cpp tools/bench [] ']);
    });
  });

  describe('package.json', () => {
    const lintOnly = {
      devDependencies: {
        eslint: '9',
        '@eslint/js': '9',
        globals: '15',
        'typescript-eslint': '8',
        prettier: '3',
        'eslint-config-prettier': '9',
        '@acme/eslint-config': '1',
        stylelint: '16',
        'stylelint-config-standard': '36',
        '@commitlint/config-conventional': '19',
      },
    };

    it('does not report JavaScript for a package.json of linters and their shared configs', async () => {
      const result = await detect({ 'pyproject.toml': '[project]', 'package.json': JSON.stringify(lintOnly) });
      assert.deepStrictEqual(seen(result), { '.': ['python'] });
      assert.match(match(result, '.', 'javascript')?.notes?.join() ?? '', /tooling-only/);
    });

    it('reports JavaScript once a real dependency or an entry point appears', async () => {
      const result = await detect({
        'web/package.json': JSON.stringify({ ...lintOnly, dependencies: { react: '19' } }),
        'lib/package.json': JSON.stringify({ ...lintOnly, main: 'index.js' }),
      });
      assert.deepStrictEqual(seen(result), { lib: ['javascript'], web: ['javascript'] });
    });
  });
});
