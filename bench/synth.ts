import * as fs from 'fs';
import * as path from 'path';

/**
 * A synthetic monorepo of about 50,000 files: real components at several depths, and trap
 * folders (node_modules, vendor, target, .venv) full of manifests that must never count.
 */
export function buildMonorepo(root: string, targetFiles = 50_000): { files: number; expected: Record<string, string[]> } {
  let files = 0;
  const write = (relative: string, content = '') => {
    const full = path.join(root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    files++;
  };
  const expected: Record<string, string[]> = {
    'services/orders': ['go'],
    'services/billing': ['go'],
    'web/app': ['typescript'],
    'web/admin': ['javascript'],
    'crates/engine': ['rust'],
    'tools/ml': ['python'],
    'platform/api': ['java'],
  };
  write('services/orders/go.mod', 'module orders');
  write('services/billing/go.mod', 'module billing');
  write('web/app/package.json', JSON.stringify({ dependencies: { react: '18' }, devDependencies: { typescript: '5' } }));
  write('web/app/tsconfig.json', '{}');
  write('web/admin/package.json', JSON.stringify({ dependencies: { express: '4' } }));
  write('crates/engine/Cargo.toml', '[package]\nname = "engine"');
  write('tools/ml/pyproject.toml', '[project]\nname = "ml"');
  write('platform/api/pom.xml', '<project/>');

  // Sources inside the components.
  for (const [component] of Object.entries(expected)) {
    for (let i = 0; i < 400; i++) write(`${component}/src/pkg${i % 20}/file${i}.txt`, 'x');
  }
  // Trap folders, deep and wide, until the tree holds about targetFiles files.
  const traps = ['web/app/node_modules', 'web/admin/node_modules', 'services/orders/vendor', 'crates/engine/target', 'tools/ml/.venv'];
  const manifests: [string, string][] = [
    ['package.json', '{"name":"dep","dependencies":{"left-pad":"1"}}'],
    ['go.mod', 'module example.com/dep'],
    ['Cargo.toml', '[package]\nname = "dep"'],
    ['pyproject.toml', '[project]\nname = "dep"'],
    ['pom.xml', '<project/>'],
    ['composer.json', '{"name":"v/dep"}'],
  ];
  let n = 0;
  while (files < targetFiles) {
    const trap = traps[n % traps.length];
    const pkg = `${trap}/pkg${Math.floor(n / traps.length)}`;
    const [manifest, content] = manifests[n % manifests.length];
    write(`${pkg}/${manifest}`, content);
    for (let i = 0; i < 8; i++) write(`${pkg}/lib/sub${i % 3}/f${i}.js`, 'x');
    write(`${pkg}/node_modules/inner/package.json`, '{"dependencies":{"a":"1"}}');
    n++;
  }
  return { files, expected };
}

/** Writes small files below one root and counts them. */
class TreeWriter {
  files = 0;
  constructor(private readonly root: string) {}

  write(relative: string, content = ''): void {
    const full = path.join(this.root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    this.files++;
  }
}

const pad = (n: number, width = 3) => String(n).padStart(width, '0');
const join = (prefix: string, relative: string) => (prefix ? `${prefix}/${relative}` : relative);

/** The build-workspace kinds of src/core/detect/workspaces.ts, each with the one ecosystem its synthetic members have. */
export const WORKSPACE_KINDS = {
  cargo: 'rust',
  'go-work': 'go',
  npm: 'javascript',
  pnpm: 'typescript',
  gradle: 'kotlin',
  maven: 'java',
  dotnet: 'csharp',
  mix: 'elixir',
  dart: 'dart',
  deno: 'deno',
  uv: 'python',
} as const;
export type SynthKind = keyof typeof WORKSPACE_KINDS;

/**
 * A build workspace of one kind with `members` members, two small files each, at `prefix` ('' for
 * the root). Returns the workspace manifest(s): the files a build tool reads to find the members,
 * which the benchmark renames to get the same tree without a workspace.
 */
export function buildWorkspace(root: string, kind: SynthKind, members = 200, prefix = ''): { files: number; manifests: string[] } {
  const tree = new TreeWriter(root);
  const w = (relative: string, content: string) => tree.write(join(prefix, relative), content);
  const ids = Array.from({ length: members }, (_, i) => pad(i));
  let manifests: string[];
  switch (kind) {
    case 'cargo':
      w(
        'Cargo.toml',
        '[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n\n[workspace.dependencies]\nshared = { path = "crates/c000" }\nserde = "1"\n',
      );
      for (const id of ids) {
        w(
          `crates/c${id}/Cargo.toml`,
          `[package]\nname = "c${id}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nserde.workspace = true\n${id === '000' ? '' : 'shared.workspace = true\n'}`,
        );
        w(`crates/c${id}/src/lib.rs`, 'pub fn run() {}\n');
      }
      manifests = ['Cargo.toml'];
      break;
    case 'go-work':
      w('go.work', `go 1.22\n\nuse (\n${ids.map((id) => `\t./mods/m${id}\n`).join('')})\n`);
      for (const id of ids) {
        w(`mods/m${id}/go.mod`, `module example.com/big/m${id}\n\ngo 1.22\n`);
        w(`mods/m${id}/main.go`, 'package main\n\nfunc main() {}\n');
      }
      manifests = ['go.work'];
      break;
    case 'npm':
      w(
        'package.json',
        JSON.stringify({ name: 'big', private: true, workspaces: ['packages/*'], devDependencies: { prettier: '^3.0.0' } }, null, 2),
      );
      for (const id of ids) {
        w(
          `packages/p${id}/package.json`,
          JSON.stringify({ name: `@big/p${id}`, version: '1.0.0', main: 'index.js', dependencies: { express: '^4.19.0' } }, null, 2),
        );
        w(`packages/p${id}/index.js`, 'module.exports = {};\n');
      }
      manifests = ['package.json'];
      break;
    case 'pnpm':
      w('pnpm-workspace.yaml', 'packages:\n  - "packages/*"\n');
      w('package.json', JSON.stringify({ name: 'big', private: true, devDependencies: { prettier: '^3.0.0' } }, null, 2));
      for (const id of ids) {
        w(
          `packages/p${id}/package.json`,
          JSON.stringify({ name: `@big/p${id}`, version: '1.0.0', devDependencies: { typescript: '^5.6.0' } }, null, 2),
        );
        w(`packages/p${id}/tsconfig.json`, '{ "compilerOptions": { "strict": true } }\n');
      }
      manifests = ['pnpm-workspace.yaml'];
      break;
    case 'gradle':
      w('settings.gradle.kts', `rootProject.name = "big"\n\n${ids.map((id) => `include(":modules:m${id}")\n`).join('')}`);
      w('build.gradle.kts', 'plugins {\n    kotlin("jvm") version "2.0.21" apply false\n}\n');
      for (const id of ids) {
        w(`modules/m${id}/build.gradle.kts`, 'plugins {\n    kotlin("jvm")\n}\n');
        w(`modules/m${id}/src/main/kotlin/M${id}.kt`, `class M${id}\n`);
      }
      manifests = ['settings.gradle.kts'];
      break;
    case 'maven':
      w(
        'pom.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.example</groupId>\n  <artifactId>big</artifactId>\n  <version>1.0</version>\n  <packaging>pom</packaging>\n  <modules>\n${ids.map((id) => `    <module>modules/m${id}</module>\n`).join('')}  </modules>\n</project>\n`,
      );
      for (const id of ids) {
        w(
          `modules/m${id}/pom.xml`,
          `<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <parent><groupId>com.example</groupId><artifactId>big</artifactId><version>1.0</version></parent>\n  <artifactId>m${id}</artifactId>\n</project>\n`,
        );
        w(`modules/m${id}/src/main/java/M${id}.java`, `class M${id} {}\n`);
      }
      manifests = ['pom.xml'];
      break;
    case 'dotnet':
      w(
        'Big.sln',
        `\nMicrosoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\n${ids
          .map(
            (id) =>
              `Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "P${id}", "src\\P${id}\\P${id}.csproj", "{00000000-0000-0000-0000-000000000${id}}"\nEndProject\n`,
          )
          .join('')}Global\nEndGlobal\n`,
      );
      for (const id of ids) {
        w(
          `src/P${id}/P${id}.csproj`,
          '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n</Project>\n',
        );
        w(`src/P${id}/Program.cs`, 'class Program { static void Main() {} }\n');
      }
      manifests = ['Big.sln'];
      break;
    case 'mix':
      w(
        'mix.exs',
        'defmodule Big.Umbrella.MixProject do\n  use Mix.Project\n\n  def project do\n    [apps_path: "apps", version: "0.1.0", deps: []]\n  end\nend\n',
      );
      for (const id of ids) {
        w(
          `apps/a${id}/mix.exs`,
          `defmodule A${id}.MixProject do\n  use Mix.Project\n\n  def project do\n    [app: :a${id}, version: "0.1.0", build_path: "../../_build", deps: []]\n  end\nend\n`,
        );
        w(`apps/a${id}/lib/a${id}.ex`, `defmodule A${id} do\nend\n`);
      }
      manifests = ['mix.exs'];
      break;
    case 'dart':
      w('pubspec.yaml', `name: _\nenvironment:\n  sdk: ^3.6.0\nworkspace:\n${ids.map((id) => `  - packages/p${id}\n`).join('')}`);
      for (const id of ids) {
        w(`packages/p${id}/pubspec.yaml`, `name: p${id}\nenvironment:\n  sdk: ^3.6.0\nresolution: workspace\n`);
        w(`packages/p${id}/lib/p${id}.dart`, 'void main() {}\n');
      }
      manifests = ['pubspec.yaml'];
      break;
    case 'deno':
      w('deno.json', JSON.stringify({ workspace: ids.map((id) => `./packages/p${id}`) }, null, 2));
      for (const id of ids) {
        w(`packages/p${id}/deno.json`, JSON.stringify({ name: `@big/p${id}`, version: '0.1.0', exports: './mod.ts' }, null, 2));
        w(`packages/p${id}/mod.ts`, 'export const x = 1;\n');
      }
      manifests = ['deno.json'];
      break;
    case 'uv':
      w('pyproject.toml', '[project]\nname = "big"\nversion = "0.1.0"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n');
      for (const id of ids) {
        w(`packages/p${id}/pyproject.toml`, `[project]\nname = "p${id}"\nversion = "0.1.0"\n`);
        w(`packages/p${id}/src/p${id}/__init__.py`, '');
      }
      manifests = ['pyproject.toml'];
      break;
  }
  return { files: tree.files, manifests: manifests.map((manifest) => join(prefix, manifest)) };
}

/** What detection must find in the product monorepo. */
export interface ProductMonorepo {
  files: number;
  /** Component folders written with a marker (not counting the trap folders). */
  components: number;
  /** A JavaScript package of the pnpm workspace, whose package.json the benchmark turns into TypeScript and back. */
  togglePackage: string;
}

/**
 * A product monorepo of about `components` components and `targetFiles` files in several
 * ecosystems and build workspaces: a pnpm workspace of TypeScript and JavaScript packages and apps,
 * a Cargo workspace, a go.work, a Gradle build of Kotlin and Java modules, a Maven aggregator, a
 * uv workspace, a .NET solution, a Dart pub workspace, a Deno workspace, a Mix umbrella, and
 * independent services in five languages; a node_modules and a target folder hold traps.
 */
export function buildProductMonorepo(root: string, targetFiles = 1500): ProductMonorepo {
  const tree = new TreeWriter(root);
  const w = (relative: string, content: string) => tree.write(relative, content);
  const sources: { dir: string; ext: string }[] = [];
  const n = (count: number) => Array.from({ length: count }, (_, i) => pad(i, 2));
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

  // pnpm at the root: TypeScript and JavaScript packages, TypeScript apps.
  w(
    'package.json',
    json({
      name: 'product',
      private: true,
      scripts: { build: 'pnpm -r build' },
      devDependencies: { prettier: '^3.3.0', typescript: '^5.6.0' },
    }),
  );
  w('pnpm-workspace.yaml', 'packages:\n  - "packages/*"\n  - "apps/*"\n  - "!**/fixtures/**"\n');
  w('tsconfig.json', '{ "compilerOptions": { "strict": true } }\n');
  for (const id of n(18)) {
    const dir = `packages/pkg-${id}`;
    const ts = Number(id) % 2 === 0;
    w(
      `${dir}/package.json`,
      json(
        ts
          ? { name: `@product/pkg-${id}`, version: '1.0.0', types: 'dist/index.d.ts', devDependencies: { typescript: '^5.6.0' } }
          : { name: `@product/pkg-${id}`, version: '1.0.0', main: 'index.js', dependencies: { lodash: '^4.17.21' } },
      ),
    );
    if (ts) w(`${dir}/tsconfig.json`, '{ "extends": "../../tsconfig.json" }\n');
    sources.push({ dir: `${dir}/src`, ext: ts ? 'ts' : 'js' });
  }
  for (const name of ['web', 'admin', 'docs', 'mobile-web', 'status']) {
    w(
      `apps/${name}/package.json`,
      json({ name, private: true, dependencies: { react: '^18.3.0', next: '^14.2.0' }, devDependencies: { typescript: '^5.6.0' } }),
    );
    w(`apps/${name}/tsconfig.json`, '{ "extends": "../../tsconfig.json" }\n');
    sources.push({ dir: `apps/${name}/src`, ext: 'tsx' });
  }
  // Cargo workspace with path dependencies.
  w('rust/Cargo.toml', '[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n\n[workspace.dependencies]\ncore = { path = "crates/c00" }\n');
  for (const id of n(12)) {
    w(
      `rust/crates/c${id}/Cargo.toml`,
      `[package]\nname = "c${id}"\nversion = "0.1.0"\nedition = "2021"\n${id === '00' ? '' : '\n[dependencies]\ncore.workspace = true\n'}`,
    );
    sources.push({ dir: `rust/crates/c${id}/src`, ext: 'rs' });
  }
  // go.work over eight modules.
  w(
    'go/go.work',
    `go 1.22\n\nuse (\n${n(8)
      .map((id) => `\t./svc-${id}\n`)
      .join('')})\n`,
  );
  for (const id of n(8)) {
    w(`go/svc-${id}/go.mod`, `module example.com/product/svc-${id}\n\ngo 1.22\n`);
    sources.push({ dir: `go/svc-${id}/internal`, ext: 'go' });
  }
  // Gradle: six Kotlin and four Java modules, and a root build script.
  w(
    'jvm/settings.gradle.kts',
    `rootProject.name = "jvm"\n${n(10)
      .map((id) => `include(":m${id}")\n`)
      .join('')}`,
  );
  w('jvm/build.gradle.kts', 'plugins {\n    kotlin("jvm") version "2.0.21" apply false\n}\n');
  for (const id of n(10)) {
    const kotlin = Number(id) < 6;
    w(`jvm/m${id}/build.gradle.kts`, kotlin ? 'plugins {\n    kotlin("jvm")\n}\n' : 'plugins {\n    java\n}\n');
    sources.push({ dir: `jvm/m${id}/src/main/${kotlin ? 'kotlin' : 'java'}`, ext: kotlin ? 'kt' : 'java' });
  }
  // Maven aggregator of four modules.
  w(
    'maven/pom.xml',
    `<project>\n  <modelVersion>4.0.0</modelVersion>\n  <artifactId>legacy</artifactId>\n  <packaging>pom</packaging>\n  <modules>\n${n(4)
      .map((id) => `    <module>mod-${id}</module>\n`)
      .join('')}  </modules>\n</project>\n`,
  );
  for (const id of n(4)) {
    w(`maven/mod-${id}/pom.xml`, `<project>\n  <modelVersion>4.0.0</modelVersion>\n  <artifactId>mod-${id}</artifactId>\n</project>\n`);
    sources.push({ dir: `maven/mod-${id}/src/main/java`, ext: 'java' });
  }
  // uv workspace.
  w('python/pyproject.toml', '[project]\nname = "ml"\nversion = "0.1.0"\n\n[tool.uv.workspace]\nmembers = ["libs/*"]\n');
  w('python/uv.lock', 'version = 1\n');
  sources.push({ dir: 'python/src/ml', ext: 'py' });
  for (const id of n(8)) {
    w(`python/libs/l${id}/pyproject.toml`, `[project]\nname = "l${id}"\nversion = "0.1.0"\n`);
    sources.push({ dir: `python/libs/l${id}/src/l${id}`, ext: 'py' });
  }
  // .NET solution of six projects.
  w(
    'dotnet/Product.sln',
    `\nMicrosoft Visual Studio Solution File, Format Version 12.00\n${n(6)
      .map(
        (id) =>
          `Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "P${id}", "src\\P${id}\\P${id}.csproj", "{00000000-0000-0000-0000-0000000000${id}}"\nEndProject\n`,
      )
      .join('')}`,
  );
  for (const id of n(6)) {
    w(
      `dotnet/src/P${id}/P${id}.csproj`,
      '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>\n',
    );
    sources.push({ dir: `dotnet/src/P${id}`, ext: 'cs' });
  }
  // Dart pub workspace: a Flutter app and three packages.
  w(
    'mobile/pubspec.yaml',
    `name: _\nenvironment:\n  sdk: ^3.6.0\nworkspace:\n  - app\n${n(3)
      .map((id) => `  - packages/d${id}\n`)
      .join('')}`,
  );
  w(
    'mobile/app/pubspec.yaml',
    'name: app\nenvironment:\n  sdk: ^3.6.0\nresolution: workspace\ndependencies:\n  flutter:\n    sdk: flutter\n',
  );
  sources.push({ dir: 'mobile/app/lib', ext: 'dart' });
  for (const id of n(3)) {
    w(`mobile/packages/d${id}/pubspec.yaml`, `name: d${id}\nenvironment:\n  sdk: ^3.6.0\nresolution: workspace\n`);
    sources.push({ dir: `mobile/packages/d${id}/lib`, ext: 'dart' });
  }
  // Deno workspace.
  w('edge/deno.json', json({ workspace: n(4).map((id) => `./fns/f${id}`) }));
  for (const id of n(4)) {
    w(`edge/fns/f${id}/deno.json`, json({ name: `@edge/f${id}`, version: '0.1.0', exports: './mod.ts' }));
    sources.push({ dir: `edge/fns/f${id}`, ext: 'ts' });
  }
  // Mix umbrella.
  w(
    'umbrella/mix.exs',
    'defmodule Umbrella.MixProject do\n  use Mix.Project\n\n  def project do\n    [apps_path: "apps", deps: []]\n  end\nend\n',
  );
  for (const id of n(3)) {
    w(
      `umbrella/apps/u${id}/mix.exs`,
      `defmodule U${id}.MixProject do\n  use Mix.Project\n\n  def project do\n    [app: :u${id}, deps: []]\n  end\nend\n`,
    );
    sources.push({ dir: `umbrella/apps/u${id}/lib`, ext: 'ex' });
  }
  // Independent services, one build each.
  const services: [string, string, string, string][] = [
    ['billing', 'go.mod', 'module example.com/billing\n\ngo 1.22\n', 'go'],
    ['search', 'pyproject.toml', '[project]\nname = "search"\nversion = "0.1.0"\n', 'py'],
    ['mailer', 'Gemfile', 'source "https://rubygems.org"\ngem "rails"\n', 'rb'],
    ['cms', 'composer.json', json({ name: 'product/cms', require: { php: '^8.2' } }), 'php'],
    ['gateway', 'Cargo.toml', '[package]\nname = "gateway"\nversion = "0.1.0"\nedition = "2021"\n', 'rs'],
    ['reports', 'build.sbt', 'scalaVersion := "3.5.0"\n', 'scala'],
    ['imaging', 'CMakeLists.txt', 'cmake_minimum_required(VERSION 3.20)\nproject(imaging LANGUAGES CXX)\n', 'cpp'],
    ['ios', 'Package.swift', '// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: "ios")\n', 'swift'],
  ];
  for (const [name, manifest, content, ext] of services) {
    w(`services/${name}/${manifest}`, content);
    sources.push({ dir: `services/${name}/src`, ext });
  }
  // Trap folders: never components.
  for (let i = 0; i < 12; i++) {
    w(`node_modules/dep-${i}/package.json`, json({ name: `dep-${i}`, main: 'index.js' }));
    w(`node_modules/dep-${i}/index.js`, '');
  }
  for (let i = 0; i < 4; i++) w(`rust/target/debug/build/b${i}/Cargo.toml`, '[package]\nname = "b"\n');
  const components = 1 + 18 + 5 + 1 + 12 + 1 + 8 + 1 + 10 + 1 + 4 + 1 + 8 + 1 + 6 + 1 + 1 + 3 + 1 + 4 + 1 + 3 + services.length;
  // Sources, spread over the components until the tree holds about targetFiles files.
  for (let i = 0; tree.files < targetFiles; i++) {
    const { dir, ext } = sources[i % sources.length];
    const round = Math.floor(i / sources.length);
    w(`${dir}/part${round % 3}/file${round}.${ext}`, `// ${dir} ${round}\n`);
  }
  return { files: tree.files, components, togglePackage: 'packages/pkg-01/package.json' };
}

/**
 * A monorepo of `units` independent components (no workspace manifest), a few of each
 * ecosystem, each with its lockfile and sources, and one CI workflow at the root: what a
 * services repository looks like to the evidence probes.
 */
export function buildUnitsMonorepo(root: string, units = 200): { files: number } {
  let files = 0;
  const write = (relative: string, content = '') => {
    const full = path.join(root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    files++;
  };
  const kinds: ((dir: string, n: number) => void)[] = [
    (dir, n) => {
      write(`${dir}/go.mod`, `module example.com/s${n}\n\ngo 1.25\n`);
      write(`${dir}/go.sum`, 'golang.org/x/sync v0.10.0 h1:x=\n');
      write(`${dir}/main.go`, 'package main\n\nfunc main() {}\n');
      write(`${dir}/main_test.go`, 'package main\n\nimport "net/http/httptest"\n\nvar _ = httptest.NewRecorder\n');
    },
    (dir, n) => {
      write(`${dir}/Cargo.toml`, `[package]\nname = "s${n}"\nversion = "0.1.0"\nrust-version = "1.85"\n`);
      write(`${dir}/Cargo.lock`, 'version = 4\n');
      write(`${dir}/src/main.rs`, 'fn main() {}\n');
    },
    (dir, n) => {
      write(`${dir}/pyproject.toml`, `[project]\nname = "s${n}"\nrequires-python = ">=3.12"\n`);
      write(`${dir}/uv.lock`, 'version = 1\n');
      write(`${dir}/s${n}/__init__.py`, '');
    },
    (dir, n) => {
      write(`${dir}/package.json`, JSON.stringify({ name: `s${n}`, engines: { node: '>=22' }, devDependencies: { typescript: '5' } }));
      write(`${dir}/package-lock.json`, '{}');
      write(`${dir}/tsconfig.json`, '{ "compilerOptions": { "strict": true } }');
      write(`${dir}/src/index.ts`, 'export {};\n');
    },
  ];
  for (let n = 0; n < units; n++) kinds[n % kinds.length](`services/s${String(n).padStart(3, '0')}`, n);
  write(
    '.github/workflows/ci.yml',
    'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go test -race ./...\n      - run: npm ci\n      - run: cargo test --locked\n',
  );
  return { files };
}
