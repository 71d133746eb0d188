import type { Detection } from '../core/detect/detector';
import type { ChecklistGroup, Severity } from '../core/profiles/model';
import type { DisplayState } from '../core/review/checklist';
import type { ItemState } from '../core/review/reviewData';

export type { Detection };

/** The days a decision can carry: the last day an accepted risk or n/a holds, a needs-action item's due day. */
export interface DecisionDates {
  until?: string;
  due?: string;
}

export interface ApiChecklistItem {
  /** Item id from the profile, e.g. go.delivery.timeouts. */
  id: string;
  /** Unique across workspace folders and components; opaque. */
  key: string;
  folder: string;
  /** The review unit's root path: a build workspace root, or a lone component's path. */
  unit: string;
  /** Component paths the unit reviews together; empty for a lone component. */
  members: string[];
  /** For items reviewed per member. */
  member?: string;
  ecosystem: string;
  group: ChecklistGroup;
  /** What the tree row shows: the profile's short title, or the text cut at a word (a team item without one). */
  title: string;
  text: string;
  severity: Severity;
  why?: string;
  links?: string[];
  state: DisplayState;
  /** Who closed the item and when (ISO time), and the reviewer's note. */
  by?: string;
  at?: string;
  note?: string;
  /** Who answers for an accepted risk, or for the action a needs-action item needs. */
  owner?: string;
  /** An accepted or n/a decision's last day (YYYY-MM-DD), also once expired. */
  until?: string;
  /** When `state` is 'expired': the decision that expired. */
  expiredDecision?: 'accepted' | 'n/a';
  /** A needs-action item's due day (YYYY-MM-DD). */
  due?: string;
  /** Whether the item applies to its unit, and the fact and files that decide it (absent until the unit's facts are read). */
  applicability?: {
    status: 'applies' | 'not-applicable' | 'unknown';
    reason?: string;
    locations: { path: string; line?: number }[];
    /** Set when it applies only because a reviewer marked it "applies anyway". */
    anyway?: { by: string; at: string };
  };
  /** The "applies anyway" mark stored for the item, who set it and when (ISO time). */
  appliesAnyway?: { by: string; at: string };
  /** Earlier or competing decisions kept beside the current one. */
  history?: { state: string; by: string; at: string; note?: string; from?: string }[];
  /** What the item's probe finds now (absent for items without a probe, or before evaluation). */
  evidence?: {
    status: 'found' | 'missing' | 'not-checked' | 'unsupported' | 'not-gating' | 'present' | 'absent';
    locations: { path: string; line?: number }[];
    reason?: string;
    chain?: { path: string; line?: number }[];
    /** For a code probe: the first findings and how many there are in all. */
    findings?: { path: string; line: number; text: string }[];
    total?: number;
  };
  /** Where the evidence was when the item was ticked with it. */
  recordedEvidence?: string[];
  /** Done with recorded evidence that the probe no longer finds. */
  evidenceLost: boolean;
}

export interface ApiUnit {
  folder: string;
  path: string;
  ecosystem: string;
  members: string[];
  workspace?: { kind: string; manifest: string };
  /** How many checklist items the unit has. */
  items: number;
}

export interface ApiProfile {
  id: string;
  name: string;
  summary: string;
}

/** What activate() returns: used by the integration tests and open to other extensions. */
export interface StackGuideApi {
  /** Re-runs detection and resolves with its result. */
  detect(): Promise<Detection>;
  /** Resolves once the profiles are loaded and the first detection is done; the lists below are empty before. */
  ready(): Promise<void>;
  listProfiles(): ApiProfile[];
  checklist(): ApiChecklistItem[];
  /** The review units: one per build workspace and ecosystem, or per lone component. */
  units(): ApiUnit[];
  /** Review entries no detected unit claims any more. */
  orphans(): { folder: string; unit: string; member?: string; id: string; state: string; file: string }[];
  /** `itemId` is an item key, or `<unit>#<id>`, or a bare id (the first unit that has it). */
  /**
   * `note` is the reason for n/a and for an accepted risk; `owner` is required for 'accepted' (and
   * optional for 'needs-action'); `dates.until` (YYYY-MM-DD) for accepted and n/a, `dates.due` for needs-action.
   */
  setItemState(itemId: string, state: ItemState, note?: string, owner?: string, dates?: DecisionDates): Promise<void>;
  /** Resolves when every unit's evidence has been evaluated (after ready()). */
  evidenceReady(): Promise<void>;
  /** Ticks an item with the locations its probe finds now; returns them. Rejects when nothing is found. */
  tickWithEvidence(itemId: string): Promise<string[]>;
  /** Milliseconds, measured by the extension itself. */
  timings(): {
    activate: number;
    firstDetectionStarted?: number;
    profilesLoaded?: number;
    firstDetectionWork?: number;
    firstDetection?: number;
    lastDetection?: number;
    lastEvidence?: number;
  };
  /**
   * "Review this change", when it is on: each folder's ref, merge base and changed files, the items
   * the change touches (what touches each: a changed file, and a line when its evidence says one),
   * and the paths of the units it leaves unchanged. Undefined when the whole checklist shows.
   */
  changeReview(): ApiChangeReview | undefined;
}

export interface ApiChangeReview {
  folders: { folder: string; ref: string; mergeBase: string; changed: string[] }[];
  touched: { key: string; id: string; touchedBy: { path: string; line?: number }[] }[];
  unchangedUnits: string[];
}
