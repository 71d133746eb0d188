import type { Probe } from '../evidence/probe';
import type { Condition, FactsSpec } from '../facts/model';
import type { CodeSection } from '../code/codeProbe';
import type { OnChange } from '../change/onChange';
export type SignalKind = 'production-capability' | 'architecture-decision' | 'engineering-signal' | 'review-checkpoint';
export type Severity = 'high' | 'medium' | 'low';
export type ChecklistGroup = 'delivery' | 'risks' | 'quality';
export type SectionKey = 'role' | 'architecture' | 'production' | 'risks' | 'quality' | 'mastery';

export const SECTION_KEYS: readonly SectionKey[] = ['role', 'architecture', 'production', 'risks', 'quality', 'mastery'];
export const CHECKLIST_GROUPS: readonly ChecklistGroup[] = ['delivery', 'risks', 'quality'];
/** The longest title an item may have (profile.schema.json says the same), and so the longest itemTitle. */
export const MAX_TITLE_LENGTH = 48;
export const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

export interface Signal {
  name: string;
  kind: SignalKind;
  detail?: string;
}

export interface Section {
  title: string;
  lead: string;
  body: string[];
}

/** Kinds of baseline check: the same kind has the same severity on every page unless `severityWhy` says why not. */
export type BaselineKind = 'lockfile' | 'runtime' | 'vulnerability-scan' | 'secrets' | 'sbom' | 'static-analysis' | 'appsec';

export interface ChecklistItemDefinition {
  id: string;
  /** At most 48 characters, where the whole text does not fit; every built-in item has one (see itemTitle in review/display.ts). */
  title?: string;
  text: string;
  severity: Severity;
  why?: string;
  links?: string[];
  /** 'member': one tick per member of a workspace unit; otherwise one tick for the whole unit. */
  scope?: 'unit' | 'member';
  /** The versions or variants the item depends on, in words. */
  appliesTo?: string;
  baseline?: BaselineKind;
  severityWhy?: string;
  /** What in the repository shows the item is met. */
  evidence?: Probe;
  /** When the item applies to a unit, over the unit's facts; without it, always. */
  appliesWhen?: Condition;
  /** When a change touches the item beyond what its probe reads (see src/core/change/onChange.ts). */
  onChange?: OnChange;
}

/** One public source's yearly values (percent), each with the page that states it. */
export type AdoptionSourceValues = Record<string, { value: number; link: string; label?: string }>;

export interface Profile {
  schema: 1;
  id: string;
  name: string;
  breadcrumb: string[];
  summary: string;
  technicalReading: string;
  focus?: string[];
  expertPosition: string;
  signals: Signal[];
  /** The month the page's facts were last checked, YYYY-MM. */
  reviewed?: string;
  adoption: {
    /** The 0–100 index per year; computed from `sources` by the loader when those are given. */
    points: Record<string, number>;
    meaning: string;
    method: string;
    compare?: 'language' | 'runtime';
    sources?: { stackoverflow?: AdoptionSourceValues };
    gaps?: string;
  };
  sections: Record<SectionKey, Section>;
  checklist: Partial<Record<ChecklistGroup, ChecklistItemDefinition[]>>;
  discussion?: { title: string; text: string };
  /** How a unit's facts are read: dependency files, frameworks, kinds. */
  facts?: FactsSpec;
  /** The source files code probes parse. */
  code?: CodeSection;
  /** Where the profile was read from, for messages. */
  source: string;
}

export interface Problem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Where the offending node ends, when known. */
  endLine?: number;
  endColumn?: number;
  message: string;
  severity: 'error' | 'warning';
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}`;
}

/** Adoption points sorted by year, and the latest one: the page's current point. */
export function adoptionSeries(profile: Profile): { year: number; value: number }[] {
  return Object.entries(profile.adoption.points)
    .map(([year, value]) => ({ year: Number(year), value }))
    .sort((a, b) => a.year - b.year);
}

export function checklistItems(profile: Profile): (ChecklistItemDefinition & { group: ChecklistGroup })[] {
  return CHECKLIST_GROUPS.flatMap((group) => (profile.checklist[group] ?? []).map((item) => ({ ...item, group })));
}
