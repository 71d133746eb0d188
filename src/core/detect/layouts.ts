import type { DirEntry, FileSystem } from '../fileSystem';
import { isWithin, joinRelative } from '../paths';
import type { Component } from './detector';
import { IGNORED_FOLDERS } from './rules';
import type { Workspace } from './workspaces';

/**
 * Layout rules: marker rules that need more than a file name. What a Gradle module applies,
 * where an Xcode project keeps its sources, which languages a CMake project enables, and which
 * CMake files belong to a Swift package. Every walk here is bounded, and runs only when the
 * marker alone cannot decide.
 */

// Gradle ------------------------------------------------------------------------------------

/** Kotlin plugins however they are applied: by id, through kotlin("…"), or through a version-catalog alias. */
const KOTLIN_PLUGIN: readonly RegExp[] = [
  /org\.jetbrains\.kotlin/, // id("org.jetbrains.kotlin.jvm"), the kotlin-gradle-plugin classpath
  /\bkotlin\s*\(\s*["']/, // kotlin("jvm"), kotlin("plugin.spring")
  /["'`]kotlin(?:-[\w-]+)?["'`]/, // id 'kotlin', 'kotlin-android', 'kotlin-kapt', `kotlin-dsl`
  /\b\w+\.plugins\.[\w.]*kotlin/i, // alias(libs.plugins.kotlin.android), libs.plugins.jetbrains.kotlin.jvm, libs.plugins.kotlinAndroid
  /kotlin-gradle-plugin/,
];

/** The java and java-library plugins. `application` and the Android plugins build Kotlin just as well. */
const JAVA_PLUGIN: readonly RegExp[] = [
  /\bid\s*\(?\s*["']java(?:-library)?["']/, // id 'java', id("java-library")
  /\bapply\s*\(?\s*plugin\s*[:=]\s*["']java(?:-library)?["']/, // apply plugin: 'java', apply(plugin = "java")
  /\bplugins\s*\{[^}]*?(?<![\w.-])(?:java|`java-library`)(?![\w.-])[ \t\r]*(?=[;}\n])/, // Kotlin DSL: plugins { java }
];

/**
 * The language a Gradle build file commits to through its plugins, or undefined when it does
 * not say (an Android plugin alone, or a convention plugin such as id("acme.android.library")).
 * The Kotlin plugin applies the java plugin itself, so a file naming both is Kotlin.
 */
export function gradlePluginLanguage(text: string): 'kotlin' | 'java' | undefined {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  if (KOTLIN_PLUGIN.some((pattern) => pattern.test(code))) return 'kotlin';
  if (JAVA_PLUGIN.some((pattern) => pattern.test(code))) return 'java';
  return undefined;
}

/**
 * Bounds of the source count under a module's src/: at most 200 directory listings and 16 levels,
 * breadth first. Packages nest deep (src/main/kotlin/com/google/samples/apps/nowinandroid/core/data
 * is 11 levels), so the listing count is the real bound; the level cap only stops an endless chain.
 */
const SOURCE_WALK_LISTINGS = 200;
const SOURCE_WALK_LEVELS = 16;
/** Resource folders beside the sources (Android res/, Java resources/) hold no sources; their many subfolders would eat the budget. */
const RESOURCE_FOLDERS: ReadonlySet<string> = new Set(['res', 'resources', 'assets']);

export interface JvmSourceCount {
  kotlin: number;
  java: number;
}

/** Counts .kt and .java files under `moduleDir`/src within the bounds above. */
export async function countJvmSources(fs: FileSystem, moduleDir: string): Promise<JvmSourceCount> {
  const count: JvmSourceCount = { kotlin: 0, java: 0 };
  let level = [joinRelative(moduleDir, 'src')];
  let budget = SOURCE_WALK_LISTINGS;
  for (let depth = 0; depth < SOURCE_WALK_LEVELS && level.length > 0 && budget > 0; depth++) {
    const batch = level.slice(0, budget);
    budget -= batch.length;
    const listings = await listAll(fs, batch);
    level = [];
    listings.forEach((entries, i) => {
      for (const entry of entries) {
        if (entry.kind === 'file') {
          if (entry.name.endsWith('.kt')) count.kotlin++;
          else if (entry.name.endsWith('.java')) count.java++;
        } else if (entry.kind === 'directory' && !entry.symlink && !neverSearched(entry.name) && !RESOURCE_FOLDERS.has(entry.name)) {
          level.push(joinRelative(batch[i], entry.name));
        }
      }
    });
  }
  return count;
}

/** The ecosystem the source count points at; undefined on a tie (including no sources at all). */
export function majorityLanguage(count: JvmSourceCount): 'kotlin' | 'java' | undefined {
  if (count.kotlin === count.java) return undefined;
  return count.kotlin > count.java ? 'kotlin' : 'java';
}

/** How a Gradle module's language was decided, for the pass over the build once workspaces are known. */
export interface GradleModule {
  /** The module's folder and its build script. */
  path: string;
  file: string;
  language: string;
  /** 'none': no Kotlin or Java plugin and no majority of sources, so the script's DSL stood in. */
  decidedBy: 'plugin' | 'sources' | 'none';
  count?: JvmSourceCount;
}

/**
 * A Gradle module that neither applies a Kotlin or Java plugin nor has a majority of sources (an
 * aggregating root, a subproject configured by convention plugins, one holding only Groovy) is
 * written in its build's language: that of the build's decided modules, each counted by its
 * sources (one decided by its plugins counts once). Only when they do not decide it either does
 * the build script's DSL stand (build.gradle.kts: Kotlin). Runs once over a folder's components.
 */
export function settleGradleLanguages(components: Component[], workspaces: readonly Workspace[], modules: readonly GradleModule[]): void {
  const byPath = new Map(modules.map((module) => [module.path, module]));
  for (const build of workspaces) {
    if (build.kind !== 'gradle') continue;
    const members = build.members.flatMap((path) => byPath.get(path) ?? []);
    const count: JvmSourceCount = { kotlin: 0, java: 0 };
    for (const module of members) {
      if (module.decidedBy === 'sources' && module.count) {
        count.kotlin += module.count.kotlin;
        count.java += module.count.java;
      } else if (module.decidedBy === 'plugin' && (module.language === 'kotlin' || module.language === 'java')) {
        count[module.language]++;
      }
    }
    const language = majorityLanguage(count);
    if (!language) continue;
    for (const module of members) {
      if (module.decidedBy !== 'none' || module.language === language) continue;
      const component = components.find((candidate) => candidate.path === module.path);
      const match = component?.ecosystems.find((candidate) => candidate.id === module.language && candidate.evidence.includes(module.file));
      if (!component || !match) continue;
      const note = `no Kotlin or Java plugin, and its sources do not decide: the language of its Gradle build (${build.manifest}: ${count.kotlin} Kotlin and ${count.java} Java source files in its modules)`;
      const same = component.ecosystems.find((candidate) => candidate.id === language);
      if (same) {
        same.confidence = Math.max(same.confidence, match.confidence);
        for (const file of match.evidence) if (!same.evidence.includes(file)) same.evidence.push(file);
        same.notes = [...(same.notes ?? []), note];
        component.ecosystems.splice(component.ecosystems.indexOf(match), 1);
      } else {
        match.id = language;
        match.notes = [...(match.notes ?? []), note];
      }
      component.ecosystems.sort((a, b) => b.confidence - a.confidence || a.id.localeCompare(b.id));
    }
  }
}

// Xcode -------------------------------------------------------------------------------------

/** Xcode projects and workspaces are directories (bundles), not files. */
export function isXcodeBundle(name: string): boolean {
  return name.endsWith('.xcodeproj') || name.endsWith('.xcworkspace');
}

/** At most this many immediate subfolders are listed to look for Swift sources beside an Xcode project. */
const XCODE_SUBFOLDER_LISTINGS = 32;

/**
 * The first Swift source in `dir` or in one of its immediate subfolders (where Xcode puts an
 * app's sources: MyApp/, MyAppTests/), or undefined. Nothing deeper is searched.
 */
export async function findSwiftSource(fs: FileSystem, dir: string, entries: readonly DirEntry[]): Promise<string | undefined> {
  const own = entries.find((entry) => entry.kind === 'file' && entry.name.endsWith('.swift'));
  if (own) return joinRelative(dir, own.name);
  const subfolders = entries
    .filter((entry) => entry.kind === 'directory' && !entry.symlink && !neverSearched(entry.name) && !isXcodeBundle(entry.name))
    .slice(0, XCODE_SUBFOLDER_LISTINGS)
    .map((entry) => joinRelative(dir, entry.name));
  const listings = await listAll(fs, subfolders);
  for (const [i, listing] of listings.entries()) {
    const swift = listing.find((entry) => entry.kind === 'file' && entry.name.endsWith('.swift'));
    if (swift) return joinRelative(subfolders[i], swift.name);
  }
  return undefined;
}

// CMake -------------------------------------------------------------------------------------

const PROJECT_KEYWORDS: ReadonlySet<string> = new Set(['VERSION', 'DESCRIPTION', 'HOMEPAGE_URL', 'LANGUAGES']);

/**
 * Languages a CMakeLists.txt enables, upper-cased: those of project(name [LANGUAGES] …) (C and
 * CXX when it names none, as CMake does) and of enable_language(…). Empty for a file with
 * neither, such as a subdirectory of a project.
 */
export function cmakeLanguages(text: string): Set<string> {
  const code = cmakeCode(text);
  const languages = new Set<string>();
  for (const call of code.matchAll(/\bproject\s*\(([^)]*)\)/gi)) {
    const args = cmakeArguments(call[1]).slice(1);
    const keyword = args.indexOf('LANGUAGES');
    const start = keyword >= 0 ? keyword + 1 : 0;
    const end = args.findIndex((arg, i) => i >= start && PROJECT_KEYWORDS.has(arg));
    const named = args.slice(start, end < 0 ? undefined : end);
    for (const language of named.length > 0 ? named : ['C', 'CXX']) languages.add(language.toUpperCase());
  }
  for (const call of code.matchAll(/\benable_language\s*\(([^)]*)\)/gi)) {
    for (const language of cmakeArguments(call[1])) if (language !== 'OPTIONAL') languages.add(language.toUpperCase());
  }
  languages.delete('NONE');
  return languages;
}

/**
 * The folders a CMakeLists.txt brings into its build with add_subdirectory(source_dir …), as
 * written, relative to its own folder: ${CMAKE_CURRENT_SOURCE_DIR}/ and ${CMAKE_CURRENT_LIST_DIR}/
 * read as the folder itself; a path built from any other variable is left out (it cannot be known
 * without configuring). Conditional calls count: a tests/ folder behind if(BUILD_TESTING) is still
 * part of the build.
 */
export function cmakeSubdirectories(text: string): string[] {
  const folders: string[] = [];
  for (const call of cmakeCode(text).matchAll(/\badd_subdirectory\s*\(([^)]*)\)/gi)) {
    const source = cmakeArguments(call[1])[0]?.replace(/^\$\{CMAKE_CURRENT_(?:SOURCE|LIST)_DIR\}(?:\/|$)/, '');
    if (source !== undefined && !source.includes('${')) folders.push(source === '' ? '.' : source);
  }
  return folders;
}

/** A CMake file without its comments: bracket comments #[[ … ]] (any number of =) and line comments. */
function cmakeCode(text: string): string {
  return text.replace(/#\[(=*)\[[\s\S]*?\]\1\]/g, '').replace(/#.*$/gm, '');
}

function cmakeArguments(text: string): string[] {
  return text
    .split(/\s+/)
    .map((arg) => arg.replace(/^"|"$/g, ''))
    .filter((arg) => arg.length > 0);
}

/**
 * The ecosystem a CMakeLists.txt builds: Swift when its languages include Swift and not C++.
 * C beside Swift does not count against it: CMake's Swift projects declare C for their C shims
 * (project(Foundation LANGUAGES C Swift)). Anything else stays with the marker's ecosystem.
 */
export function cmakeEcosystem(text: string, fallback: string): string {
  const languages = cmakeLanguages(text);
  return languages.has('SWIFT') && !languages.has('CXX') ? 'swift' : fallback;
}

/**
 * A CMakeLists.txt in a SwiftPM package (Package.swift in its folder or in an ancestor that
 * detection reached) builds that package on platforms without SwiftPM; it is not a component of
 * its own. Drops every match that rests on such a CMakeLists.txt (the package's own Swift match
 * stays), then every component left with none. Runs once over a folder's components.
 */
export function foldCMakeIntoSwiftPackages(components: Component[]): void {
  const packages = components
    .filter((component) => component.ecosystems.some((match) => match.evidence.includes(joinRelative(component.path, 'Package.swift'))))
    .map((component) => component.path);
  if (packages.length === 0) return;
  for (let i = components.length - 1; i >= 0; i--) {
    const component = components[i];
    if (!packages.some((root) => isWithin(root, component.path))) continue;
    const cmake = joinRelative(component.path, 'CMakeLists.txt');
    const manifest = joinRelative(component.path, 'Package.swift');
    component.ecosystems = component.ecosystems.filter((match) => !match.evidence.includes(cmake) || match.evidence.includes(manifest));
    if (component.ecosystems.length === 0) components.splice(i, 1);
  }
}

// Shared ------------------------------------------------------------------------------------

function neverSearched(name: string): boolean {
  return name.startsWith('.') || IGNORED_FOLDERS.has(name);
}

/** Listings in flight at once: in the editor each one is a round trip to the file system provider. */
const LISTING_CONCURRENCY = 8;

/**
 * Lists `dirs`, a few at a time, in their order. A folder that cannot be listed reads as empty:
 * it only makes a count smaller, and detection reports unlistable folders itself.
 */
async function listAll(fs: FileSystem, dirs: readonly string[]): Promise<DirEntry[][]> {
  const listings: DirEntry[][] = [];
  for (let start = 0; start < dirs.length; start += LISTING_CONCURRENCY) {
    const chunk = dirs.slice(start, start + LISTING_CONCURRENCY);
    listings.push(...(await Promise.all(chunk.map((dir) => fs.readDirectory(dir).catch((): DirEntry[] => [])))));
  }
  return listings;
}
