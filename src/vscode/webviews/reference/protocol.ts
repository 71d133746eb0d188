/**
 * The messages between the reference page's script (page.ts, in the webview) and the
 * extension host (panel.ts). Types only: both sides import this file, so nothing
 * in it may need `vscode`, the DOM or Node.
 */
import type { DisplayState } from '../../../core/review/display';

// Page → host.

/** The page's tick box changed; the host decides and writes. */
export interface SetStateMessage {
  type: 'setState';
  key: string;
  state: 'open' | 'done';
}

/** "Show in checklist" on an item. */
export interface RevealMessage {
  type: 'reveal';
  key: string;
}

/** A link of the profile; the host opens it only if it is https. */
export interface OpenExternalMessage {
  type: 'openExternal';
  url: string;
}

/** The comparison select changed; no id: compare with nothing. */
export interface CompareMessage {
  type: 'compare';
  id?: string;
}

/** "Open evidence" on an item: the page names the item, never a path. */
export interface OpenEvidenceMessage {
  type: 'openEvidence';
  key: string;
}

/** Messages the page script sends; the host ignores everything else. */
export type PageMessage = SetStateMessage | RevealMessage | OpenExternalMessage | CompareMessage | OpenEvidenceMessage;

// Host → page.

/** An item's evidence line, worded by the host. */
export interface EvidenceLine {
  text: string;
  status: 'found' | 'missing' | 'not-checked' | 'not-gating' | 'lost';
}

/** One item as the page shows it: the host sends the wording, the page only places it. */
export interface PageItemState {
  /** The item's review key (what setState, reveal and openEvidence send back). */
  key: string;
  state: DisplayState;
  /** Whether the item's box is ticked. */
  ticked: boolean;
  /** The state's name in the item's group. */
  label: string;
  /** "done by X on date", or empty. */
  who: string;
  evidence?: EvidenceLine;
}

/** The states of the page's items, by item id; an item not listed is not in the review. */
export interface StatesMessage {
  type: 'states';
  items: Record<string, PageItemState>;
  /** Set when the review cannot be read: the page shows it and turns ticks off. */
  reviewError?: string;
}

/** Scroll to an element of the page and flash it. */
export interface ScrollToMessage {
  type: 'scrollTo';
  anchor: string;
}

/** Messages the host posts to the page. */
export type HostMessage = StatesMessage | ScrollToMessage;

/**
 * What the page keeps with vscode.setState. The host's panel serializer reads `ecosystem` and
 * `compare` from it to restore the page after a reload.
 */
export interface PageState {
  ecosystem?: string;
  compare?: string;
  scrollY?: number;
  /** The render (its nonce) whose anchor was already revealed. */
  revealed?: string;
  /** Focus the comparison select once the page is drawn again. */
  focusCompare?: boolean;
}
