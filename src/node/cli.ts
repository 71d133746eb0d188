import { nodeSyntax } from './grammars';
import * as path from 'path';
import { NodeFileSystem, NodeWritableFileSystem, writeFileAtomically } from './nodeFileSystem';
import { mergeReviewCommand } from './mergeDriver';
import { readReview, DEFAULT_REVIEW_FOLDER, type ReviewData } from '../core/review/reviewData';
import type { Severity } from '../core/profiles/model';
import {
  buildChecklist,
  decide,
  itemLabel,
  legacyResolver,
  markAppliesAnyway,
  type ChecklistItem,
  type ChecklistUnit,
} from '../core/review/checklist';
import { EvidenceReader, locationText } from '../core/evidence/evaluate';
import { DetectionCache } from '../core/detect/detectionCache';
import { attachEvidence, evaluateUnits, evidenceUnitKey } from '../core/evidence/checklistEvidence';
import { attachApplicability, evaluateFacts } from '../core/facts/checklistFacts';
import { ReviewWriteError, updateEntry } from '../core/review/reviewWriter';
import { reviewUnits } from '../core/review/units';
import type { ItemState } from '../core/review/reviewData';
import { checklistJson } from '../core/review/exportChecklist';
import { DEFAULT_REVIEW_FILE, pathInsideFolder } from '../core/review/legacy/legacyFile';
import { EXPIRING_STATES, SYSTEM_CLOCK, type Clock } from '../core/review/expiry';
import { githubAnnotations } from '../core/report/github';
import { junitReport } from '../core/report/junit';
import { markdownReport } from '../core/report/markdown';
import { checkReport, gateFails, gateLists } from '../core/report/model';
import { textReport, textSummary } from '../core/report/plain';
import { sarifReport } from '../core/report/sarif';
import { printable, safeJson, terminalSafe, TerminalText } from '../core/report/text';
import { historyCommand, type CommandContext } from './historyCommand';
import { aggregateCommand } from './aggregateCommand';
import { reviewByCommand } from './reviewByCommand';
import { COMMANDS, dayFlag, FORMATS, parseCommand, quote, USAGE, UsageError, type Format, type Parsed } from './cliArgs';
import {
  acceptSuggested,
  ChangeInputError,
  changeRequest,
  checkChange,
  readChange,
  suggestionsFor,
  type ChangeRequest,
} from './checkChange';

import {
  appliesAnywayFlag,
  appliesAnywayLine,
  detectDirectory,
  fileLocator,
  insideFolder,
  loadProfilesFor,
  maxDepth,
  oneOf,
  resolveDirectory,
  reviewerName,
  reviewFileError,
} from './cliShared';

export { fileLocator, parseWholeNumber } from './cliShared';
import { detectCommand, validateCommand } from './inspectCommands';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** Folder holding the built-in profiles. */
  profilesDir: string;
  /** The built-in profiles parsed and validated at build time (dist/profiles.json); without it they are read from profilesDir. */
  profilesBundle?: string;
  /** What `--version` prints and SARIF names as the tool's version. */
  version?: string;
  /** Today, for decisions that expire (`until`) and the time a decision is recorded; tests fix it. */
  clock?: Clock;
}

export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  // Every byte the CLI prints passes through these: nothing from a repository reaches the terminal raw.
  const outText = new TerminalText();
  const errText = new TerminalText();
  const io: CliIo & { raw(text: string): void } = {
    ...rawIo,
    out: (text) => rawIo.out(outText.write(text)),
    err: (text) => rawIo.err(errText.write(text)),
    raw: (text) => rawIo.out(outText.write(text, { raw: true })),
  };
  const [command, ...rest] = argv;
  const usageError = (message: string, helpFor?: string) => {
    io.err(`stack-guide: ${message} (see stack-guide ${helpFor ? `${helpFor} ` : ''}--help)\n`);
    return 2;
  };
  if (command === undefined) return usageError('a command is needed: detect, check, validate, review set or merge-review');
  if (command === '--help' || command === '-h' || command === 'help') {
    if (command === 'help' && rest.length > 0) {
      const topic = rest[0] === 'review' || rest[0] === 'set' ? 'review' : rest[0];
      if (rest.length > 2 || !Object.prototype.hasOwnProperty.call(COMMANDS, topic))
        return usageError(`no help for ${quote(rest.join(' '))}`);
      io.out(`${COMMANDS[topic].help}\n`);
      return 0;
    }
    if (rest.length > 0) return usageError(`unexpected argument ${quote(rest[0])}`);
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (command === '--version') {
    if (rest.length > 0) return usageError(`unexpected argument ${quote(rest[0])}`);
    io.out(`${rawIo.version ?? 'unknown'}\n`);
    return 0;
  }
  if (command.startsWith('-')) return usageError(`unknown option ${quote(command.split('=')[0])}; options follow the command`);
  if (!Object.prototype.hasOwnProperty.call(COMMANDS, command)) return usageError(`unknown command ${quote(command)}`);
  const spec = COMMANDS[command];
  let args: Parsed;
  try {
    const parsed = parseCommand(command, spec, rest);
    if (parsed === 'help') {
      io.out(`${spec.help}\n`);
      return 0;
    }
    args = parsed;
  } catch (error) {
    return usageError(`${command}: ${(error as Error).message}`, command === 'review' ? 'review set' : command);
  }
  try {
    switch (command) {
      case 'detect':
        return await detectCommand(args, io);
      case 'check':
        return await checkCommand(args, io);
      case 'review':
        return await (args.flags.has('--review-by') ? reviewByCommand(args, io) : reviewCommand(args, io));
      case 'merge-review':
        return await mergeReviewCommand(args.positional, io);
      case 'history':
        return await historyCommand(commandContext(args, io));
      case 'aggregate':
        return await aggregateCommand(commandContext(args, io));
      default:
        return await validateCommand(args, io);
    }
  } catch (error) {
    if (error instanceof UsageError) return usageError(`${command}: ${error.message}`, command === 'review' ? 'review set' : command);
    io.err(`stack-guide: ${printable((error as Error).stack ?? String(error)).replace(/\\u000a/g, '\n')}\n`);
    return 2;
  }
}

/** What the commands in their own modules (history, aggregate) get from here. */
function commandContext(args: Parsed, io: CliIo): CommandContext {
  return {
    positional: args.positional,
    flags: args.flags,
    cwd: io.cwd,
    out: (text) => io.out(text),
    err: (text) => io.err(text),
    usage: (message) => new UsageError(message),
    resolveDirectory: (given) => resolveDirectory(io, given),
    loadProfiles: (dir) => loadProfilesFor(dir, io),
    detect: (dir, fs) => detectDirectory(dir, maxDepth(args), fs),
    layout: () => ({
      folder: insideFolder(args, '--review-folder', DEFAULT_REVIEW_FOLDER),
      legacyFile: insideFolder(args, '--review-file', DEFAULT_REVIEW_FILE),
    }),
    oneOf: (flag, allowed, fallback) => oneOf(args, flag, allowed, fallback),
  };
}

const FORMAT_NAMES: Record<Format, string> = {
  text: 'text',
  markdown: 'Markdown',
  json: 'JSON',
  sarif: 'SARIF 2.1.0',
  github: 'GitHub annotations',
  junit: 'JUnit XML',
  'pr-comment': 'pull-request comment',
};

async function checkCommand(args: Parsed, io: CliIo & { raw(text: string): void }): Promise<number> {
  const minSeverity = oneOf<Severity>(args, '--min-severity', ['high', 'medium', 'low'], 'high');
  const format = oneOf<Format>(args, '--format', FORMATS, 'text');
  const depth = maxDepth(args);
  const layout = {
    folder: insideFolder(args, '--review-folder', DEFAULT_REVIEW_FOLDER),
    legacyFile: insideFolder(args, '--review-file', DEFAULT_REVIEW_FILE),
  };
  const outputFlag = args.flags.get('--output');
  const output = typeof outputFlag === 'string' ? path.resolve(io.cwd, outputFlag) : undefined;
  const dir = await resolveDirectory(io, args.positional[0]);
  const change = changeFlags(args);
  if (format === 'pr-comment' && !change) throw new UsageError('--format pr-comment needs --changed-since REF or --changed-files FILE');
  const suggest = args.flags.get('--suggest') === true;
  if (suggest && ['sarif', 'github', 'junit'].includes(format))
    throw new UsageError(`--suggest lists suggestions in text, markdown, json or pr-comment, not ${format}`);

  // git runs in child processes: its walk for untracked files goes on while the profiles load and
  // detection runs. A failure is reported where checkChange awaits it (the catch only keeps Node
  // from calling it unhandled before then).
  const read = change ? readChange(change, dir, io.cwd) : undefined;
  read?.catch(() => undefined);

  const profiles = await loadProfilesFor(dir, io);
  if (!profiles) return 2;

  // Detection and the evidence probes share one cache: a manifest is read once for both.
  const files = new DetectionCache(new NodeFileSystem(dir));
  const detection = await detectDirectory(dir, depth, files);
  const parsed = await readReview(new NodeFileSystem(dir), layout);
  if (!parsed.ok) {
    io.err(reviewFileError(dir, parsed.error));
    return 2;
  }
  const review: ReviewData = parsed.data;
  const folder = detection.folders[0];
  const { units, orphans } = buildChecklist(detection, profiles, new Map([[folder.root, review]]), undefined, io.clock ?? SYSTEM_CLOCK);
  const failOnEvidenceLost = args.flags.get('--fail-on-evidence-lost') === true;
  const failOnNewFindings = args.flags.get('--fail-on-new-findings') === true;
  const allItems = args.flags.get('--all-items') === true;
  const allowExpired = args.flags.get('--allow-expired') === true;
  const failOnOverdue = args.flags.get('--fail-on-overdue') === true;
  // Evidence and facts read through one reader over detection's cache.
  const reader = new EvidenceReader(files, undefined, nodeSyntax());
  const readFacts = async (some: readonly ChecklistUnit[]) => attachApplicability(some, await evaluateFacts(some, profiles, () => reader));
  // On a change, checkChange reads the facts of the units the change can touch, and no others.
  if (!change) await readFacts(units);
  const changed = change
    ? await checkChange({
        request: change,
        read: read!,
        dir,
        cwd: io.cwd,
        units,
        orphans,
        folder,
        profiles,
        layout,
        files,
        readFacts,
        evidence: args.flags.get('--no-evidence') !== true,
        minSeverity,
        format,
        locate: fileLocator(dir, io.cwd),
        version: io.version,
        failOnEvidenceLost,
        suggest,
        allowExpired,
      }).catch((error: unknown) => {
        throw error instanceof ChangeInputError ? new UsageError(error.message) : error;
      })
    : undefined;
  if (!changed && args.flags.get('--no-evidence') !== true) attachEvidence(units, await evaluateUnits(units, () => reader));
  const report =
    changed?.report ??
    checkReport({
      units,
      orphans,
      minSeverity,
      folder,
      locate: fileLocator(dir, io.cwd),
      version: io.version,
      failOnEvidenceLost,
      failOnNewFindings,
      allItems,
      allowExpired,
      failOnOverdue,
    });
  const code = changed?.code ?? (gateFails(report) ? 1 : 0);
  const suggestions = suggest && !changed ? suggestionsFor(format, units) : {};

  let text: string;
  switch (changed ? 'change' : format) {
    case 'change':
      text = changed!.text;
      break;
    case 'json': {
      const lists = gateLists(
        report,
        units.flatMap((unit) => unit.items),
      );
      const notApplicableItems = report.notApplicable.map(({ unit, member, id, severity, state, applicability }) => ({
        unit,
        ...(member ? { member } : {}),
        id,
        severity,
        state,
        reason: applicability?.reason,
        locations: applicability?.locations ?? [],
      }));
      text = safeJson({
        ...checklistJson(units, orphans),
        minSeverity,
        allItems,
        blocking: lists.blocking,
        accepted: lists.accepted,
        expired: lists.expired,
        allowExpired: lists.allowExpired,
        evidenceLost: lists.evidenceLost,
        newFindings: lists.newFindings,
        notApplicable: notApplicableItems,
        ...(suggestions.json ? { suggested: suggestions.json } : {}),
      });
      break;
    }
    case 'markdown':
      text = markdownReport(report) + (suggestions.markdown ?? '');
      break;
    case 'sarif':
      text = sarifReport(report);
      break;
    case 'junit':
      text = junitReport(report);
      break;
    case 'github':
      text = githubAnnotations(report);
      break;
    default:
      text = textReport(report) + (suggestions.text ?? '');
  }

  if (output) {
    // The file gets exactly what stdout would have: annotations as built, anything else line-guarded.
    const content = format === 'github' ? new TerminalText().write(text, { raw: true }) : terminalSafe(text);
    try {
      await writeFileAtomically(output, content);
    } catch (error) {
      io.err(
        `stack-guide: check: cannot write ${printable(output)}: ${printable((error as NodeJS.ErrnoException).code ?? (error as Error).message)}\n`,
      );
      return 2;
    }
    io.out(textSummary(report));
    const shown = path.relative(io.cwd, output);
    io.out(`Wrote ${FORMAT_NAMES[format]} to ${printable(shown.startsWith('..') || path.isAbsolute(shown) ? output : shown)}.\n`);
    return code;
  }
  if (format === 'github') {
    io.raw(text);
    io.out(textSummary(report));
  } else {
    io.out(text);
  }
  return code;
}

const STATES: readonly ItemState[] = ['done', 'n/a', 'open', 'accepted', 'needs-action'];

/**
 * `stack-guide review set ITEM --state …`: records a decision with the writer the extension uses,
 * for scripts, bots and tests.
 */
async function reviewCommand(args: Parsed, io: CliIo): Promise<number> {
  const acceptSuggestedTicks = args.flags.get('--accept-suggested') === true;
  const [action, ...operands] = args.positional;
  const [id, given, ...stray] = acceptSuggestedTicks ? ['', ...operands] : operands;
  if (action !== 'set' || (!id && !acceptSuggestedTicks)) throw new UsageError(COMMANDS.review.positional.missing);
  if (stray.length > 0) throw new UsageError(`unexpected argument ${quote(stray[0])}`);
  if (acceptSuggestedTicks && (args.flags.has('--state') || args.flags.has('--owner')))
    throw new UsageError('--accept-suggested records done with the evidence found; it takes no --state or --owner');
  const applies = appliesAnywayFlag(args);
  const hasState = args.flags.has('--state');
  if (!hasState && !acceptSuggestedTicks && applies === undefined)
    throw new UsageError('--state must be done, n/a, open, accepted or needs-action, and is required (unless --applies-anyway)');
  const state = oneOf<ItemState>(args, '--state', STATES, 'open');
  const owner = args.flags.get('--owner');
  if (state === 'accepted' && (typeof args.flags.get('--note') !== 'string' || typeof owner !== 'string'))
    throw new UsageError('--state accepted needs --note (the reason) and --owner');
  const clock = io.clock ?? SYSTEM_CLOCK;
  const until = dayFlag(args, '--until', clock);
  if (until !== undefined && !EXPIRING_STATES.includes(state))
    throw new UsageError(`--until is for --state accepted or n/a (the decisions that expire), not ${state}`);
  const due = dayFlag(args, '--due', clock);
  if (due !== undefined && state !== 'needs-action') throw new UsageError(`--due is for --state needs-action, not ${state}`);
  if (owner !== undefined && state !== 'accepted' && state !== 'needs-action')
    throw new UsageError(`--owner is for --state accepted or needs-action, not ${state}`);
  const depth = maxDepth(args);
  const dir = await resolveDirectory(io, given);
  const layout = {
    folder: insideFolder(args, '--review-folder', DEFAULT_REVIEW_FOLDER),
    legacyFile: insideFolder(args, '--review-file', DEFAULT_REVIEW_FILE),
  };
  const profiles = await loadProfilesFor(dir, io);
  if (!profiles) return 2;
  const detection = await detectDirectory(dir, depth);
  const fs = new NodeWritableFileSystem(dir);
  const parsed = await readReview(fs, layout);
  if (!parsed.ok) {
    io.err(reviewFileError(dir, parsed.error));
    return 2;
  }
  const root = detection.folders[0].root;
  const { units } = buildChecklist(detection, profiles, new Map([[root, parsed.data]]), undefined, clock);
  const unitFlag = args.flags.get('--unit');
  const memberFlag = args.flags.get('--member');
  if (acceptSuggestedTicks) {
    const note = args.flags.get('--note');
    const by = typeof args.flags.get('--by') === 'string' ? String(args.flags.get('--by')) : await reviewerName(dir);
    const scope = {
      unit: unitFlag === undefined ? undefined : String(unitFlag) === '.' ? '.' : pathInsideFolder(String(unitFlag)),
      member: memberFlag === undefined ? undefined : pathInsideFolder(String(memberFlag)),
    };
    try {
      return await acceptSuggested({
        fs,
        layout,
        units,
        files: new NodeFileSystem(dir),
        by,
        note: typeof note === 'string' ? note : undefined,
        ...scope,
        resolve: legacyResolver(reviewUnits(detection.folders[0]), profiles),
        out: (text) => io.out(text),
      });
    } catch (error) {
      if (error instanceof ReviewWriteError) {
        io.err(reviewFileError(dir, error.error));
        return 2;
      }
      throw error;
    }
  }
  const candidates = units
    .flatMap((unit) => unit.items)
    .filter(
      (item) =>
        item.id === id &&
        (unitFlag === undefined || item.unit === pathInsideFolder(String(unitFlag)) || (item.unit === '.' && String(unitFlag) === '.')),
    )
    .filter((item) => memberFlag === undefined || item.member === pathInsideFolder(String(memberFlag)));
  if (candidates.length === 0)
    throw new UsageError(
      `no checklist item "${printable(id)}"${unitFlag ? ` in unit ${printable(String(unitFlag))}` : ''} in the detected units of ${printable(dir)}`,
    );
  if (candidates.length > 1) {
    const where = candidates.map((item) => printable(itemLabel(item))).join(', ');
    throw new UsageError(
      `"${printable(id)}" is in several units or members (${where}); choose one with --unit${candidates.some((item) => item.member) ? ' or --member' : ''}`,
    );
  }
  const item = candidates[0];
  if (applies && !item.appliesWhen) throw new UsageError(`${printable(itemLabel(item))} has no condition (appliesWhen) to apply anyway`);
  const note = args.flags.get('--note');
  const by = typeof args.flags.get('--by') === 'string' ? String(args.flags.get('--by')) : await reviewerName(dir);
  const folderDetection = detection.folders[0];
  const evidence = await findingsToRecord(item, state, units, dir);
  const [noteText, ownerName] = [note, owner].map((value) => (typeof value === 'string' ? value : undefined));
  const decision = { state, by, text: item.text, note: noteText, owner: ownerName, until, due, evidence };
  try {
    await updateEntry(
      fs,
      layout,
      item.reviewKey,
      (current) => {
        const decided = !hasState ? current : decide(current, decision, clock);
        return applies === undefined ? decided : markAppliesAnyway(decided, { applies, by, text: item.text }, clock);
      },
      legacyResolver(reviewUnits(folderDetection), profiles),
    );
  } catch (error) {
    if (error instanceof ReviewWriteError) {
      io.err(reviewFileError(dir, error.error));
      return 2;
    }
    throw error;
  }
  const dates = [until ? ` until ${until}` : '', due ? ` due ${due}` : ''].join('');
  if (hasState) io.out(`${printable(itemLabel(item))}: ${state} by ${printable(by)}${dates}\n`);
  if (applies !== undefined) io.out(appliesAnywayLine(itemLabel(item), applies, by));
  return 0;
}

/** --changed-since or --changed-files, refused together. */
function changeFlags(args: Parsed): ChangeRequest | undefined {
  try {
    return changeRequest(args.flags);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * An accepted or mitigated risk with a code probe records the places found now, so a finding
 * that appears later fails `check --fail-on-new-findings`.
 */
async function findingsToRecord(item: ChecklistItem, state: string, units: ChecklistUnit[], dir: string): Promise<string[] | undefined> {
  if ((state !== 'accepted' && state !== 'done') || !item.probe || !('code' in item.probe)) return undefined;
  const unit = units.find((candidate) => candidate.items.includes(item));
  if (!unit) return undefined;
  const reader = new EvidenceReader(new NodeFileSystem(dir), undefined, nodeSyntax());
  const evaluated = await evaluateUnits([{ ...unit, items: [item] }], () => reader, { allUnits: units });
  const result = evaluated.get(evidenceUnitKey(unit))?.results.get(item.id);
  return result?.status === 'present' ? result.findings?.map(locationText) : undefined;
}
