/**
 * The command line's grammar: every command's flags, arguments and help text, and the parser that
 * holds a command's arguments to them. src/node/cli.ts runs the commands.
 */
import { printable } from '../core/report/text';
import { DEFAULT_REVIEW_FOLDER } from '../core/review/reviewData';
import { DEFAULT_REVIEW_FILE } from '../core/review/legacy/legacyFile';
import { MERGE_REVIEW_USAGE } from './mergeDriver';
import { AGGREGATE_SPEC } from './aggregateCommand';
import { HISTORY_SPEC } from './historyCommand';
import { newDayProblem, today, type Clock } from '../core/review/expiry';

export type FlagKind = 'boolean' | 'value';

export interface CommandSpec {
  flags: Record<string, FlagKind>;
  positional: { min: number; max: number; missing?: string };
  help: string;
}

export const EXIT_CODES = 'Exit codes: 0 success, 1 an open or stale item at or above the severity (check), 2 bad input.';
export const OPTION_SYNTAX = 'Options take their value as --name VALUE or --name=VALUE; -- ends the options.';

export const FORMATS = ['text', 'markdown', 'json', 'sarif', 'github', 'junit', 'pr-comment'] as const;
export type Format = (typeof FORMATS)[number];

export const COMMANDS: Record<string, CommandSpec> = {
  detect: {
    flags: { '--json': 'boolean', '--max-depth': 'value' },
    positional: { min: 0, max: 1 },
    help: `Usage: stack-guide detect [dir] [--json] [--max-depth N]

Lists the components of dir (default .), the ecosystem of each with its confidence and evidence,
and the build workspaces (Cargo, go.work, npm, pnpm, Gradle, Maven, .NET, …) and their members.

Options:
  --json           the detection structure as JSON
  --max-depth N    folder levels searched below dir, 0 to 20 (default 3)
  -h, --help       this help

${OPTION_SYNTAX}
Exit codes: 0 success, 2 bad input.`,
  },
  check: {
    flags: {
      '--min-severity': 'value',
      '--format': 'value',
      '--output': 'value',
      '--review-folder': 'value',
      '--review-file': 'value',
      '--max-depth': 'value',
      '--fail-on-evidence-lost': 'boolean',
      '--fail-on-new-findings': 'boolean',
      '--no-evidence': 'boolean',
      '--all-items': 'boolean',
      '--changed-since': 'value',
      '--changed-files': 'value',
      '--suggest': 'boolean',
      '--allow-expired': 'boolean',
      '--fail-on-overdue': 'boolean',
    },
    positional: { min: 0, max: 1 },
    help: `Usage: stack-guide check [dir] [options]

The review checklist of dir (default .) as a CI gate: one review per review unit (a build
workspace and ecosystem, or a lone component), with the ticks of the review folder. Fails while
an item at or above the severity is open, or stale (ticked, but its text changed since).

Options:
  --min-severity high|medium|low   the gate's threshold (default high)
  --format FORMAT                  text (default), markdown (for $GITHUB_STEP_SUMMARY or a pull
                                   request), json, sarif (SARIF 2.1.0 for code scanning), github
                                   (workflow annotations), junit (JUnit XML test report) or
                                   pr-comment (one Markdown pull-request comment; needs a change)
  --output FILE                    writes the format to FILE, atomically, and prints a short
                                   summary instead
  --review-folder PATH             the review folder inside dir (default ${DEFAULT_REVIEW_FOLDER})
  --review-file PATH               a version-1 review file inside dir (default ${DEFAULT_REVIEW_FILE})
  --max-depth N                    folder levels searched below dir, 0 to 20 (default 3)
  --fail-on-evidence-lost          also fail when a done item was ticked with evidence that its
                                   probe no longer finds (the CI step that proved it was removed)
  --fail-on-new-findings           also fail when an accepted or mitigated risk's code probe
                                   finds places its decision did not record
  --no-evidence                    skip the evidence probes (every item reads "not checked")
  --all-items                      every item counts and can fail, also those whose condition
                                   says they do not apply here
  --changed-since REF              only the items the change touches: the files changed between
                                   the merge base of REF and the work tree (committed, staged,
                                   unstaged, untracked; renames detected), by git
  --changed-files FILE             the same from a list of changed paths, one a line (or
                                   git diff --name-status lines), relative to dir
  --suggest                        also list suggested ticks: open items whose evidence is found
  --allow-expired                  an accepted risk or n/a decision past its until day still
                                   shows as expired and counts as open, but does not fail
  --fail-on-overdue                also fail when a review unit is past its review-by date
                                   (set with review set --unit PATH --review-by DAY); without
                                   it an overdue unit is reported and counted, never failing
  -h, --help                       this help

A change touches an item whose probe read a changed file, whose evidence is in one, every item of
a unit whose manifest changed, its decision file, and items whose profile says onChange. Untouched
units show on one line each; the exit code depends only on touched items.

Evidence: an item's probe looks for the file or line that shows the item holds; each item says
found (with path:line), missing or not checked. Evidence never ticks an item.
Applicability: an item with a condition (appliesWhen) that the unit's dependencies and files show
to be false is "not applicable here": listed apart with the deciding file, it neither counts nor
fails. When a fact cannot be read the item stays in.
Profiles: the built-in ones, with dir's .stackguide/profiles/*.yaml on top.
${OPTION_SYNTAX}
Expired: an accepted risk or n/a decision whose until day (set with review set --until) has
passed counts as open again, and fails the gate unless --allow-expired.
Exit codes: 0 nothing open at the severity, 1 an open or stale item at or above it (or, with
--fail-on-evidence-lost, a done item whose evidence is lost; with --fail-on-overdue, a unit past
its review-by date), 2 bad input
(a missing directory, a broken review file or profile, a file that cannot be written).`,
  },
  validate: {
    flags: { '--bundle': 'value' },
    positional: { min: 0, max: 1 },
    help: `Usage: stack-guide validate [profile-dir] [--bundle out.json]

Validates every *.yaml profile in profile-dir (default: the built-in profiles) and prints each
problem as file:line:column.

Options:
  --bundle FILE    writes the valid profiles as one JSON file (the extension's build uses it)
  -h, --help       this help

${OPTION_SYNTAX}
Exit codes: 0 every profile valid, 2 an error in a profile or bad input.`,
  },
  review: {
    flags: {
      '--accept-suggested': 'boolean',
      '--state': 'value',
      '--note': 'value',
      '--owner': 'value',
      '--until': 'value',
      '--due': 'value',
      '--applies-anyway': 'boolean',
      '--no-applies-anyway': 'boolean',
      '--unit': 'value',
      '--member': 'value',
      '--by': 'value',
      '--review-folder': 'value',
      '--review-file': 'value',
      '--max-depth': 'value',
      '--review-by': 'value',
      '--ecosystem': 'value',
    },
    positional: { min: 1, max: 3, missing: 'needs "set ITEM", as in: stack-guide review set go.delivery.timeouts --state done' },
    help: `Usage: stack-guide review set ITEM [dir] --state done|n/a|open|accepted|needs-action [options]
       stack-guide review set ITEM [dir] --applies-anyway|--no-applies-anyway [--state …]
       stack-guide review set --accept-suggested [dir] [--unit PATH] [--by NAME] [--note TEXT]
       stack-guide review set --unit PATH --review-by YYYY-MM-DD|none [dir] [--ecosystem ID]

Records a review decision in dir's review folder (default .) with the writer the editor uses, for
scripts, bots and tests.

Options:
  --state done|n/a|open|accepted|needs-action
                          the decision (required, unless --applies-anyway); accepted: a known risk deliberately not fixed;
                          needs-action: looked at, and work is needed (still open)
  --note TEXT             a note kept with it; for accepted, the reason (required)
  --owner NAME            for accepted, who answers for the risk (required); for needs-action,
                          who does the work (optional)
  --until YYYY-MM-DD      for accepted and n/a: the last day the decision holds; from the day
                          after it shows as expired in check, counts as open and fails the gate
  --due YYYY-MM-DD        for needs-action: the day the work is due
  --applies-anyway        the item applies here although its condition (appliesWhen) says it
                          does not: it then counts and fails as any other; recorded with --by
                          and the time, apart from the state (which --state may set too)
  --no-applies-anyway     takes that mark away: the condition decides again
  --unit PATH             the review unit, when ITEM is in several
  --member PATH           the member, for an item reviewed per member
  --by NAME               who decided (default: the git user name, else the OS user)
  --accept-suggested      instead of ITEM: every suggested tick (an open item whose evidence is
                          found, see check --suggest) as done, with its evidence recorded
  --review-by YYYY-MM-DD  instead of ITEM: the day by which the unit given with --unit is to be
                          reviewed again (none removes it); from the day after, check and the
                          editor show it as overdue (check fails on it only with
                          --fail-on-overdue). Kept in the unit's .<ecosystem>.unit.yaml
  --ecosystem ID          with --review-by: the unit's ecosystem, when its folder has several
  --review-folder PATH    the review folder inside dir (default ${DEFAULT_REVIEW_FOLDER})
  --review-file PATH      a version-1 review file inside dir (default ${DEFAULT_REVIEW_FILE})
  --max-depth N           folder levels searched below dir, 0 to 20 (default 3)
  -h, --help              this help

${OPTION_SYNTAX}
Exit codes: 0 recorded, 2 bad input (an unknown item, a broken review file).`,
  },
  history: HISTORY_SPEC,
  aggregate: AGGREGATE_SPEC,
  'merge-review': {
    flags: {},
    positional: {
      min: 3,
      max: 4,
      missing: "merge-review needs the base, our and their file (git's %O %A %B), and optionally the path (%P)",
    },
    help: `Usage: ${MERGE_REVIEW_USAGE}

Git's merge driver for review files: merges two sides' decisions entry by entry (the newer one
wins, the other is kept in its history), writes the result into %A, and prints each choice.
  .gitattributes:  .stackguide/review/** merge=stackguide
  git config merge.stackguide.driver "stack-guide merge-review %O %A %B %P"

Options:
  -h, --help    this help

Exit codes: 0 merged; 1 a side could not be read or merged within the limits: %A then holds both
sides between conflict markers, which git, check and the editor report as a conflict; 2 bad
arguments, or %A could not be written.`,
  },
};

export const USAGE = `Usage: stack-guide <command> [options]

Commands:
  detect [dir]                  the ecosystems, components and build workspaces of a directory
  check [dir]                   the review checklist as a CI gate (text, markdown, json, sarif,
                                github, junit)
  validate [profile-dir]        validates profile files, each problem with file:line:column
  review set ITEM [dir]         records a review decision, as the editor does
  merge-review %O %A %B [%P]    git's merge driver for review files
  history [dir]                 the review at each commit that changed it, from git (json,
                                markdown, csv)
  aggregate FILES...            one report from many repositories' check --format json (html,
                                markdown, json)

Options:
  -h, --help       this help; stack-guide <command> --help for a command's options
  --version        the version

${EXIT_CODES}`;

export class UsageError extends Error {}

export interface Parsed {
  command: string;
  positional: string[];
  flags: Map<string, string | true>;
}

/**
 * A command's arguments: known flags only, each at most once, as --name VALUE or --name=VALUE; a
 * value never starts with "-" unless given with "="; -- ends the options. Returns 'help' when -h or
 * --help is among the options, whatever else is wrong.
 */
export function parseCommand(command: string, spec: CommandSpec, rest: readonly string[]): Parsed | 'help' {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  let problem: string | undefined;
  const fail = (message: string) => void (problem ??= message);
  let optionsEnded = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') return 'help';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const kind = Object.prototype.hasOwnProperty.call(spec.flags, name) ? spec.flags[name] : undefined;
    if (!kind) {
      fail(`unknown option ${quote(name)}`);
      continue;
    }
    if (flags.has(name)) fail(`${name} is given twice`);
    if (kind === 'boolean') {
      if (inline !== undefined) fail(`${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = rest[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) {
        fail(
          `${name} needs a value${next === undefined ? '' : ` (write ${name}=${quote(next).slice(1, -1)} for a value that starts with "-")`}`,
        );
        continue;
      }
      value = next;
      i++;
    }
    if (value.trim() === '') fail(`${name} needs a value, got ${quote(value)}`);
    flags.set(name, value);
  }
  if (problem === undefined && positional.length < spec.positional.min)
    problem = spec.positional.missing ?? `${command} needs more arguments`;
  if (problem === undefined && positional.length > spec.positional.max)
    problem = `unexpected argument ${quote(positional[spec.positional.max])}`;
  if (problem !== undefined) throw new UsageError(problem);
  return { command, positional, flags };
}

/** A value from the command line, quoted and printable, for an error message. */
export function quote(text: string): string {
  return `"${printable(text)}"`;
}

/**
 * A day flag (--until, --due) as YYYY-MM-DD, or undefined when not given. --until refuses a day
 * already past: the decision would be expired the moment it is made. A due day may be past (overdue).
 */
export function dayFlag(args: Parsed, flag: '--until' | '--due', clock: Clock): string | undefined {
  const value = args.flags.get(flag);
  if (value === undefined) return undefined;
  const problem = newDayProblem(String(value), clock);
  if (problem === 'format') throw new UsageError(`${flag} must be a day as YYYY-MM-DD, got ${quote(String(value))}`);
  if (problem === 'past' && flag === '--until')
    throw new UsageError(`--until ${String(value)} is already past (today is ${today(clock)}, UTC); give the last day the decision holds`);
  return String(value);
}
