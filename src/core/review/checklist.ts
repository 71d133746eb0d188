import type { Detection } from '../detect/detector';
import { checklistItems, SEVERITY_RANK, type ChecklistGroup, type Profile, type Severity } from '../profiles/model';
import {
  keyString,
  type AppliesAnyway,
  type EntryKey,
  type HistoryEntry,
  type ReviewData,
  type ReviewEntry,
  type StoredEntry,
} from './reviewData';
import { textHash } from './legacy/legacyFile';
import { combineDecisions } from './mergeReview';
import { legacyFrom } from './reviewWriter';
import { reviewUnits, unitOf, type ReviewUnit } from './units';
import type { DisplayState } from './display';
import type { Evidence } from '../evidence/evaluate';
import type { Probe } from '../evidence/probe';
import type { Applicability, Condition } from '../facts/model';
import { attachApplicability } from '../facts/checklistFacts';
import type { UnitFacts } from '../facts/unitFacts';
import { isExpired, SYSTEM_CLOCK, type Clock } from './expiry';
import { isOverdue } from './unitFile';

export { isClosed, isOpen, isTicked, itemTitle, progress, progressText, stateLabel, type DisplayState } from './display';
import { isOpen } from './display';

export interface ChecklistItem {
  /** Unique across workspace folders and units; opaque. */
  key: string;
  /** The workspace folder's identity (FolderDetection.root). */
  root: string;
  id: string;
  ecosystem: string;
  /** The review unit's root path, relative to the workspace folder. */
  unit: string;
  /** For items reviewed per member: the member's path. */
  member?: string;
  /** Where the decision is stored. */
  reviewKey: EntryKey;
  group: ChecklistGroup;
  /** The profile's short title, when it gives one; itemTitle (display.ts) falls back to the text. */
  title?: string;
  text: string;
  severity: Severity;
  why?: string;
  links?: string[];
  state: DisplayState;
  by?: string;
  at?: string;
  note?: string;
  /** Who answers for an accepted risk, or for the action a needs-action item needs. */
  owner?: string;
  /** An accepted or n/a decision's last day (YYYY-MM-DD), also once it has expired. */
  until?: string;
  /** When the state is 'expired': the decision that expired. */
  expiredDecision?: 'accepted' | 'n/a';
  /** A needs-action item's due day (YYYY-MM-DD). */
  due?: string;
  /** Earlier or competing decisions kept beside the current one (merges, migrated member ticks). */
  history?: HistoryEntry[];
  /** The item's probe, when its profile gives one; evaluated into `evidence`. */
  probe?: Probe;
  /** What the probe finds now; set by attachEvidence once evaluated. */
  evidence?: Evidence;
  /** Where the evidence was when the item was ticked with it. */
  recordedEvidence?: string[];
  /** The item's condition over the unit's facts, when its profile gives one. */
  appliesWhen?: Condition;
  /**
   * Whether the item applies to this unit: set by attachApplicability (or buildChecklist given
   * facts). Not applicable items are shown apart and counted nowhere; a decision on one is kept.
   * Unset or unknown: the item applies.
   */
  applicability?: Applicability;
  /**
   * A reviewer marked the item "applies anyway": attachApplicability then makes a false
   * condition apply, with who marked it in the reason. Independent of the item's state.
   */
  appliesAnyway?: AppliesAnyway;
}

export interface ChecklistUnit {
  /** Workspace folder name, and its identity. */
  folder: string;
  root: string;
  /** The unit's root path. */
  path: string;
  /** Component paths reviewed together; empty for a lone component. */
  members: string[];
  workspace?: ReviewUnit['workspace'];
  ecosystem: string;
  ecosystemName: string;
  items: ChecklistItem[];
  /** The day (YYYY-MM-DD) by which the unit is to be reviewed again (unitFile.ts), when one is set. */
  reviewBy?: string;
  /** Set when that day has passed, by the clock the checklist was built with. */
  overdue?: boolean;
}

export interface Orphan {
  folder: string;
  root: string;
  unit: string;
  member?: string;
  id: string;
  state: string;
  /** The file that holds it, relative to the workspace folder. */
  file: string;
}

export function itemKey(root: string, key: EntryKey): string {
  return `${root}#${key.unit}#${key.id}${key.member ? `#${key.member}` : ''}`;
}

/** How an item is named to people: its id, prefixed by its unit below the root, suffixed by its member. */
export function itemLabel(item: { unit: string; id: string; member?: string }): string {
  return `${item.unit === '.' ? '' : `${item.unit}#`}${item.id}${item.member ? `@${item.member}` : ''}`;
}

/**
 * Maps a version-1 tick (made on a component path) onto the key it has now: the unit that reviews
 * that component in the item's ecosystem, and the member for per-member items. Undefined when no
 * detected unit has that item: the tick then stays under its old path, shown as an orphan.
 */
export function legacyResolver(
  units: readonly ReviewUnit[],
  profiles: readonly Profile[],
): (component: string, id: string) => EntryKey | undefined {
  const itemsByProfile = new Map(profiles.map((profile) => [profile.id, new Map(checklistItems(profile).map((item) => [item.id, item]))]));
  return (component, id) => {
    for (const [ecosystem, items] of itemsByProfile) {
      const definition = items.get(id);
      if (!definition) continue;
      const unit = unitOf(units, component, ecosystem);
      if (!unit) continue;
      const perMember = definition.scope === 'member' && unit.members.length > 1 && unit.members.includes(component);
      return perMember ? { unit: unit.path, id, member: component } : { unit: unit.path, id };
    }
    return undefined;
  };
}

interface Decision {
  key: EntryKey;
  entry: ReviewEntry;
  file: string;
  history: HistoryEntry[];
}

/**
 * The decision per key: version-2 entries as they are, version-1 ticks mapped onto their unit.
 * Where several land on one key (ticks made on several members of what is now one workspace), the
 * newest wins and the others are kept in its history, by the same rule the migration writes.
 */
export function decisions(data: ReviewData, resolve: (component: string, id: string) => EntryKey | undefined): Map<string, Decision> {
  const grouped = new Map<string, { key: EntryKey; stored: StoredEntry[] }>();
  for (const stored of data.entries) {
    const key = stored.legacy ? (resolve(stored.key.unit, stored.key.id) ?? stored.key) : stored.key;
    const id = keyString(key);
    const group = grouped.get(id) ?? { key, stored: [] };
    group.stored.push(stored);
    grouped.set(id, group);
  }
  const byKey = new Map<string, Decision>();
  for (const [id, { key, stored }] of grouped) {
    const { entry, winner } = combineDecisions(
      stored.map((candidate) => ({ entry: candidate.entry, from: candidate.legacy ? legacyFrom(candidate.key.unit) : undefined })),
    );
    byKey.set(id, { key, entry, file: stored[winner].file, history: entry.history ?? [] });
  }
  return byKey;
}

/**
 * Joins detection, profiles and review state into the checklist: one entry per review unit
 * (a build workspace and ecosystem, or a lone component) that has a profile.
 */
export function buildChecklist(
  detection: Detection,
  profiles: readonly Profile[],
  /** Review data by folder identity (FolderDetection.root). */
  reviews: ReadonlyMap<string, ReviewData>,
  /** Facts by unit (evaluateFacts), when already known: each item then gets its applicability. */
  facts?: ReadonlyMap<string, UnitFacts>,
  /** Today, for decisions that expire (`until`); tests and history fix it. */
  clock: Clock = SYSTEM_CLOCK,
): { units: ChecklistUnit[]; orphans: Orphan[] } {
  const byId = new Map(profiles.map((profile) => [profile.id, profile]));
  const units: ChecklistUnit[] = [];
  const orphans: Orphan[] = [];
  for (const folder of detection.folders) {
    const folderUnits = reviewUnits(folder);
    const review = reviews.get(folder.root);
    const decided = review ? decisions(review, legacyResolver(folderUnits, profiles)) : new Map<string, Decision>();
    const known = new Set<string>();
    for (const unit of folderUnits) {
      const profile = byId.get(unit.ecosystem);
      if (!profile) continue;
      const items: ChecklistItem[] = [];
      for (const definition of checklistItems(profile)) {
        const members = definition.scope === 'member' && unit.members.length > 1 ? unit.members : [undefined];
        for (const member of members) {
          const reviewKey: EntryKey = member ? { unit: unit.path, id: definition.id, member } : { unit: unit.path, id: definition.id };
          known.add(keyString(reviewKey));
          const item: ChecklistItem = {
            key: itemKey(folder.root, reviewKey),
            root: folder.root,
            id: definition.id,
            ecosystem: profile.id,
            unit: unit.path,
            reviewKey,
            group: definition.group,
            text: definition.text,
            severity: definition.severity,
            why: definition.why,
            links: definition.links,
            state: 'open',
          };
          if (definition.title) item.title = definition.title;
          if (member) item.member = member;
          const probe = itemProbe(definition, profile);
          if (probe) item.probe = probe;
          if (definition.appliesWhen) item.appliesWhen = definition.appliesWhen;
          const decision = decided.get(keyString(reviewKey));
          if (decision) {
            const { entry } = decision;
            if (entry.state !== 'open') {
              // Needs action is an open item with a plan, not a tick: a new wording does not make it stale.
              const current = entry.textHash === textHash(definition.text) || entry.state === 'needs-action';
              item.state = current ? entry.state : 'stale';
              // A changed text makes the decision stale first: it asks for a new look either way.
              if (current && isExpired(entry, clock)) {
                item.state = 'expired';
                item.expiredDecision = entry.state as 'accepted' | 'n/a';
              }
              item.by = entry.by;
              item.at = entry.at;
            }
            if (entry.note) item.note = entry.note;
            if (entry.owner) item.owner = entry.owner;
            if (entry.until && (entry.state === 'accepted' || entry.state === 'n/a')) item.until = entry.until;
            if (entry.due && entry.state === 'needs-action') item.due = entry.due;
            // A tick records where its evidence was; an accepted risk, the findings it accepted.
            if (entry.evidence && (entry.state === 'done' || entry.state === 'accepted')) item.recordedEvidence = entry.evidence;
            if (decision.history.length > 0) item.history = decision.history;
            if (entry.appliesAnyway) item.appliesAnyway = entry.appliesAnyway;
          }
          items.push(item);
        }
      }
      const checklistUnit: ChecklistUnit = {
        folder: folder.folder,
        root: folder.root,
        path: unit.path,
        members: unit.members,
        ecosystem: profile.id,
        ecosystemName: profile.name,
        items,
      };
      if (unit.workspace) checklistUnit.workspace = unit.workspace;
      const setting = review?.units?.find((candidate) => candidate.unit === unit.path && candidate.ecosystem === profile.id);
      if (setting) {
        checklistUnit.reviewBy = setting.reviewBy;
        if (isOverdue(setting.reviewBy, clock)) checklistUnit.overdue = true;
      }
      units.push(checklistUnit);
    }
    for (const [id, decision] of decided) {
      if (known.has(id)) continue;
      const orphan: Orphan = {
        folder: folder.folder,
        root: folder.root,
        unit: decision.key.unit,
        id: decision.key.id,
        state: decision.entry.state,
        file: decision.file,
      };
      if (decision.key.member) orphan.member = decision.key.member;
      orphans.push(orphan);
    }
  }
  if (facts) attachApplicability(units, facts);
  return { units, orphans };
}

/** Not applicable here (its condition is false): shown apart with the reason, out of the counts and the gate. */
export function isNotApplicable(item: Pick<ChecklistItem, 'applicability'>): boolean {
  return item.applicability?.status === 'not-applicable';
}

/**
 * The entry a decision writes, from what is stored now: the one rule for the tree, the page and
 * `stack-guide review set`. A note given replaces the stored one; none keeps it. Reopening an item
 * that has an entry keeps a file saying who reopened it: a deletion would conflict under git with
 * any other change to the same item on another branch.
 */
export function decide(
  current: ReviewEntry | undefined,
  decision: {
    state: ReviewEntry['state'];
    by: string;
    text: string;
    note?: string;
    owner?: string;
    at?: string;
    evidence?: string[];
    /** For accepted and n/a: the last day the decision holds (none: it never expires). */
    until?: string;
    /** For needs-action: the day the action is due. */
    due?: string;
  },
  clock: Clock = SYSTEM_CLOCK,
): ReviewEntry | undefined {
  const note = decision.note ?? current?.note;
  if (decision.state === 'open' && !note && !current) return undefined;
  if (decision.state === 'accepted' && (!note || !decision.owner)) throw new Error('An accepted risk needs a reason and an owner');
  const {
    note: _previous,
    owner: _owner,
    evidence: _evidence,
    until: _until,
    due: _due,
    ...kept
  } = current ?? ({} as Partial<ReviewEntry>);
  // An owner belongs to an accepted risk, or to the action an item needs; any other decision drops
  // it. Evidence belongs to the tick it was recorded with, an until or due day to the decision it
  // was given with: a decision made without them drops them (a new acceptance is a new look).
  const owner = (decision.state === 'accepted' || decision.state === 'needs-action') && decision.owner ? { owner: decision.owner } : {};
  // An accepted risk keeps the code findings it was accepted with, as a tick keeps its evidence.
  const evidence =
    (decision.state === 'done' || decision.state === 'accepted') && decision.evidence && decision.evidence.length > 0
      ? { evidence: decision.evidence }
      : {};
  const until = (decision.state === 'accepted' || decision.state === 'n/a') && decision.until ? { until: decision.until } : {};
  const due = decision.state === 'needs-action' && decision.due ? { due: decision.due } : {};
  return {
    ...kept,
    state: decision.state,
    by: decision.by,
    at: decision.at ?? clock.now().toISOString(),
    textHash: textHash(decision.text),
    ...(note ? { note } : {}),
    ...owner,
    ...until,
    ...due,
    ...evidence,
  };
}

/** Applies here only because a reviewer marked it "applies anyway": its condition alone would leave it out. */
export function isAppliesAnyway(item: Pick<ChecklistItem, 'applicability'>): boolean {
  return item.applicability?.anyway !== undefined;
}

/**
 * The entry that marks an item "applies anyway" (`applies: true`) or takes the mark away, from what
 * is stored now: the state, its note and history stay as they are. An item never decided gets an
 * open entry to carry the mark; taking the mark off keeps that entry (as reopening does), so a
 * deletion never conflicts with another branch's change to the item.
 */
export function markAppliesAnyway(
  current: ReviewEntry | undefined,
  mark: { applies: boolean; by: string; text: string; at?: string },
  clock: Clock = SYSTEM_CLOCK,
): ReviewEntry | undefined {
  const at = mark.at ?? clock.now().toISOString();
  if (!mark.applies) {
    if (!current) return undefined;
    const { appliesAnyway: _removed, ...rest } = current;
    return rest;
  }
  const base = current ?? { state: 'open' as const, by: mark.by, at, textHash: textHash(mark.text) };
  return { ...base, appliesAnyway: { by: mark.by, at } };
}

/** Accepted risks: not failing a gate, but listed wherever the gate reports. */
export function accepted(items: readonly ChecklistItem[]): ChecklistItem[] {
  return items.filter((item) => item.state === 'accepted');
}

/**
 * Open items (never looked at, needs action, stale, expired) at or above the severity that apply
 * here (all of them with `allItems`): what a CI gate fails on. `allowExpired` leaves expired
 * decisions out (`check --allow-expired`): still open in every count, but not failing.
 */
export function blocking(
  items: readonly ChecklistItem[],
  minSeverity: Severity,
  options: { allItems?: boolean; allowExpired?: boolean } = {},
): ChecklistItem[] {
  return items.filter(
    (item) =>
      isOpen(item.state) &&
      !(options.allowExpired && item.state === 'expired') &&
      SEVERITY_RANK[item.severity] >= SEVERITY_RANK[minSeverity] &&
      (options.allItems || !isNotApplicable(item)),
  );
}

/**
 * The probe an item is evaluated with: a code probe joined to its page's sources; a risk item
 * without a probe on a page whose language has no parser says so rather than "no probe".
 */
export function itemProbe(definition: { group: ChecklistGroup; evidence?: Probe }, profile: Profile): Probe | undefined {
  const probe = definition.evidence;
  if (probe && 'code' in probe) return profile.code ? { code: { ...probe.code, on: profile.code } } : probe;
  if (!probe && definition.group === 'risks' && profile.code?.unavailable)
    return { code: { looksFor: '', query: '', on: { unavailable: profile.code.unavailable } } };
  return probe;
}
