import { DETECTED_THRESHOLD, type Detection } from '../detect/detector';
import { checklistItems, SEVERITY_RANK, type ChecklistGroup, type Profile, type Severity } from '../profiles/model';
import { textHash, type ReviewData } from './reviewFile';

/** What the tree, the page, the export and the CLI show for an item. */
export type DisplayState = 'open' | 'done' | 'n/a' | 'stale';

/** The one wording of each state, for every surface. */
export const STATE_LABELS: Record<DisplayState, string> = {
  open: 'open',
  done: 'done',
  'n/a': 'not applicable',
  stale: 'stale: text changed since the tick',
};

/** Closed items show a ticked checkbox everywhere; unticking reopens them. */
export function isClosed(state: DisplayState): boolean {
  return state === 'done' || state === 'n/a';
}

export interface ChecklistItem {
  /** Unique across workspace folders and components; opaque. */
  key: string;
  /** The workspace folder's identity (FolderDetection.root). */
  root: string;
  id: string;
  ecosystem: string;
  component: string;
  group: ChecklistGroup;
  text: string;
  severity: Severity;
  why?: string;
  links?: string[];
  state: DisplayState;
  by?: string;
  at?: string;
  note?: string;
}

export interface ChecklistComponent {
  /** Workspace folder name, and its identity. */
  folder: string;
  root: string;
  path: string;
  ecosystem: string;
  ecosystemName: string;
  items: ChecklistItem[];
}

export interface Orphan {
  folder: string;
  root: string;
  component: string;
  id: string;
  state: string;
}

export function itemKey(root: string, component: string, id: string): string {
  return `${root}#${component}#${id}`;
}

/** How an item is named to people: its id, prefixed by its component below the root. */
export function itemLabel(item: Pick<ChecklistItem, 'component' | 'id'>): string {
  return item.component === '.' ? item.id : `${item.component}#${item.id}`;
}

/**
 * Joins detection, profiles and review files into the checklist: one entry per detected
 * component and ecosystem that has a profile.
 */
export function buildChecklist(
  detection: Detection,
  profiles: readonly Profile[],
  /** Review data by folder identity (FolderDetection.root). */
  reviews: ReadonlyMap<string, ReviewData>,
): { components: ChecklistComponent[]; orphans: Orphan[] } {
  const byId = new Map(profiles.map((profile) => [profile.id, profile]));
  const components: ChecklistComponent[] = [];
  const orphans: Orphan[] = [];
  for (const folder of detection.folders) {
    const review = reviews.get(folder.root);
    const known = new Set<string>();
    for (const component of folder.components) {
      for (const match of component.ecosystems) {
        const profile = byId.get(match.id);
        if (!profile || match.confidence < DETECTED_THRESHOLD) continue;
        const entries = review?.components[component.path] ?? {};
        const items = checklistItems(profile).map((definition): ChecklistItem => {
          known.add(`${component.path}\u0000${definition.id}`);
          const entry = entries[definition.id];
          const item: ChecklistItem = {
            key: itemKey(folder.root, component.path, definition.id),
            root: folder.root,
            id: definition.id,
            ecosystem: profile.id,
            component: component.path,
            group: definition.group,
            text: definition.text,
            severity: definition.severity,
            why: definition.why,
            links: definition.links,
            state: 'open',
          };
          if (entry && entry.state !== 'open') {
            item.state = entry.textHash === textHash(definition.text) ? entry.state : 'stale';
            item.by = entry.by;
            item.at = entry.at;
          }
          if (entry?.note) item.note = entry.note;
          return item;
        });
        components.push({ folder: folder.folder, root: folder.root, path: component.path, ecosystem: profile.id, ecosystemName: profile.name, items });
      }
    }
    for (const [component, items] of Object.entries(review?.components ?? {})) {
      for (const [id, entry] of Object.entries(items)) {
        if (!known.has(`${component}\u0000${id}`)) orphans.push({ folder: folder.folder, root: folder.root, component, id, state: entry.state });
      }
    }
  }
  return { components, orphans };
}

export function progress(items: readonly ChecklistItem[]): { closed: number; total: number } {
  return { closed: items.filter((item) => isClosed(item.state)).length, total: items.length };
}

/** Open or stale items at or above the severity: what a CI gate fails on. */
export function blocking(items: readonly ChecklistItem[], minSeverity: Severity): ChecklistItem[] {
  return items.filter((item) => (item.state === 'open' || item.state === 'stale') && SEVERITY_RANK[item.severity] >= SEVERITY_RANK[minSeverity]);
}
