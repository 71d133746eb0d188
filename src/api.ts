import type { Detection } from './core/detect/detector';
import type { ChecklistGroup, Severity } from './core/profiles/model';
import type { DisplayState } from './core/review/checklist';
import type { ItemState } from './core/review/reviewFile';

export type { Detection };

export interface ApiChecklistItem {
  /** Item id from the profile, e.g. go.delivery.timeouts. */
  id: string;
  /** Unique across workspace folders and components; opaque. */
  key: string;
  folder: string;
  component: string;
  ecosystem: string;
  group: ChecklistGroup;
  text: string;
  severity: Severity;
  why?: string;
  links?: string[];
  state: DisplayState;
  /** Who closed the item and when (ISO time), and the reviewer's note. */
  by?: string;
  at?: string;
  note?: string;
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
  /** `itemId` is an item key, or `<component>#<id>`, or a bare id (the first component that has it). */
  setItemState(itemId: string, state: ItemState, note?: string): Promise<void>;
  /** Milliseconds, measured by the extension itself. */
  timings(): { activate: number; firstDetection?: number };
}
