/**
 * Marker rules: the only ecosystem knowledge in code. A strong marker makes the folder a
 * component; supporting markers (lock files, version files, sources) only add confidence
 * to an ecosystem some marker already suggested.
 */
export type Inspection = 'packageJson' | 'gradle' | 'pubspec' | 'tsconfig' | 'xcode' | 'cmake';

export interface MarkerRule {
  /** Exact entry name, or a suffix when it starts with '*' (e.g. '*.csproj'). */
  name: string;
  /** Ecosystem the marker points at; inspected markers decide it after reading the file. */
  ecosystem: string;
  weight: number;
  strong: boolean;
  inspect?: Inspection;
  /** The marker is a directory entry, such as an Xcode project bundle; otherwise a file. */
  directory?: boolean;
}

const strong = (name: string, ecosystem: string, weight: number, inspect?: Inspection): MarkerRule => ({
  name,
  ecosystem,
  weight,
  strong: true,
  inspect,
});
const strongDirectory = (name: string, ecosystem: string, weight: number, inspect: Inspection): MarkerRule => ({
  ...strong(name, ecosystem, weight, inspect),
  directory: true,
});
const supporting = (name: string, ecosystem: string, weight = 0.05): MarkerRule => ({
  name,
  ecosystem,
  weight,
  strong: false,
});

export const MARKER_RULES: readonly MarkerRule[] = [
  strong('go.mod', 'go', 0.9),
  strong('go.work', 'go', 0.9),
  supporting('go.sum', 'go'),
  supporting('*.go', 'go', 0.1),

  strong('package.json', 'javascript', 0.85, 'packageJson'),
  strong('tsconfig.json', 'typescript', 0.8, 'tsconfig'),
  supporting('package-lock.json', 'javascript'),
  supporting('yarn.lock', 'javascript'),
  supporting('pnpm-lock.yaml', 'javascript'),
  supporting('.nvmrc', 'javascript'),
  supporting('*.ts', 'typescript', 0.1),
  supporting('*.js', 'javascript', 0.1),
  supporting('*.mjs', 'javascript', 0.1),

  strong('deno.json', 'deno', 0.9),
  strong('deno.jsonc', 'deno', 0.9),
  supporting('deno.lock', 'deno'),

  strong('Cargo.toml', 'rust', 0.9),
  supporting('Cargo.lock', 'rust'),
  supporting('rust-toolchain.toml', 'rust'),
  supporting('*.rs', 'rust', 0.1),

  strong('pyproject.toml', 'python', 0.9),
  strong('setup.py', 'python', 0.8),
  strong('setup.cfg', 'python', 0.7),
  strong('Pipfile', 'python', 0.8),
  strong('requirements.txt', 'python', 0.7),
  supporting('poetry.lock', 'python'),
  supporting('uv.lock', 'python'),
  supporting('Pipfile.lock', 'python'),
  supporting('.python-version', 'python'),
  supporting('*.py', 'python', 0.1),

  strong('pom.xml', 'java', 0.9),
  strong('build.gradle', 'java', 0.85, 'gradle'),
  strong('build.gradle.kts', 'kotlin', 0.85, 'gradle'),
  supporting('mvnw', 'java'),
  supporting('*.java', 'java', 0.1),
  supporting('*.kt', 'kotlin', 0.1),

  strong('*.csproj', 'csharp', 0.9),
  strong('*.sln', 'csharp', 0.9),
  strong('*.slnx', 'csharp', 0.9),
  supporting('global.json', 'csharp'),
  supporting('Directory.Build.props', 'csharp'),
  supporting('*.cs', 'csharp', 0.1),

  strong('composer.json', 'php', 0.9),
  supporting('composer.lock', 'php'),
  supporting('*.php', 'php', 0.1),

  strong('Gemfile', 'ruby', 0.9),
  supporting('Gemfile.lock', 'ruby'),
  supporting('.ruby-version', 'ruby'),
  supporting('*.rb', 'ruby', 0.1),

  strong('mix.exs', 'elixir', 0.95),
  supporting('mix.lock', 'elixir'),
  supporting('*.ex', 'elixir', 0.1),

  strong('Package.swift', 'swift', 0.9),
  // Swift only when Swift sources sit beside the project or one folder down; Objective-C is not Swift.
  strongDirectory('*.xcodeproj', 'swift', 0.85, 'xcode'),
  strongDirectory('*.xcworkspace', 'swift', 0.85, 'xcode'),
  supporting('Package.resolved', 'swift'),
  supporting('*.swift', 'swift', 0.1),

  strong('pubspec.yaml', 'dart', 0.9, 'pubspec'),
  supporting('pubspec.lock', 'dart'),
  supporting('*.dart', 'dart', 0.1),

  // project(… LANGUAGES …) can make it Swift; inside a SwiftPM package it belongs to the package.
  strong('CMakeLists.txt', 'cpp', 0.8, 'cmake'),
  supporting('conanfile.txt', 'cpp'),
  supporting('vcpkg.json', 'cpp'),
  supporting('*.cpp', 'cpp', 0.1),
  supporting('*.cc', 'cpp', 0.1),
  supporting('*.hpp', 'cpp', 0.1),

  strong('build.sbt', 'scala', 0.9),
  supporting('*.scala', 'scala', 0.1),
];

/** Folders that never hold the user's own components. */
export const IGNORED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  'vendor',
  'target',
  'dist',
  'build',
  'out',
  '__pycache__',
  'venv',
  'Pods',
  'bin',
  'obj',
]);

/**
 * Dev tooling that a package.json may carry without making the folder a JavaScript project:
 * linters, formatters, git hooks and their shared configs and plugins.
 */
export const TOOLING_PACKAGES: readonly RegExp[] = [
  /^prettier(-plugin-.*)?$/,
  /^@prettier\//,
  /^eslint(-.*)?$/,
  /^@eslint\//,
  /^@typescript-eslint\//,
  /^typescript-eslint$/,
  /^globals$/,
  // Scoped shared configs and plugins: @acme/eslint-config, @vue/eslint-config-typescript, @stylistic/eslint-plugin.
  /^@[^/]+\/(eslint|prettier|stylelint|commitlint|markdownlint)-(config|plugin)(-.*)?$/,
  // Any other shared config: eslint-config-airbnb-base, @acme/lint-config-strict.
  /^(@[^/]+\/)?[\w.-]+-config-[\w.-]+$/,
  /^husky$/,
  /^lint-staged$/,
  /^@commitlint\//,
  /^commitizen$/,
  /^cz-.*$/,
  /^markdownlint(-cli2?)?$/,
  /^stylelint(-.*)?$/,
  /^cspell$/,
  /^@biomejs\/biome$/,
  /^semantic-release$/,
  /^standard-version$/,
];

export function ruleMatches(rule: MarkerRule, fileName: string): boolean {
  return rule.name.startsWith('*') ? fileName.endsWith(rule.name.slice(1)) : fileName === rule.name;
}
