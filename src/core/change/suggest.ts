import { locationText } from '../evidence/evaluate';
import type { ChecklistItem } from '../review/checklist';
import { MAX_RECORDED_EVIDENCE } from '../review/entryFile';

/**
 * Suggested ticks: open items whose probe found the evidence. A suggestion is never a tick; it is
 * written only when someone accepts it (`review set --accept-suggested`), with its evidence recorded.
 */
export function suggestedTicks(items: readonly ChecklistItem[]): ChecklistItem[] {
  return items.filter((item) => item.state === 'open' && item.evidence?.status === 'found' && item.evidence.locations.length > 0);
}

/** The evidence a suggested tick records: "path" or "path:line", as the decision file keeps it. */
export function suggestedEvidence(item: ChecklistItem): string[] {
  return (item.evidence?.status === 'found' ? item.evidence.locations : []).slice(0, MAX_RECORDED_EVIDENCE).map(locationText);
}
