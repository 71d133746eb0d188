/**
 * The messages between the reference page's script (page.ts, in the webview) and the
 * extension host (panel.ts). Types only: both sides import this file, so nothing
 * in it may need `vscode`, the DOM or Node.
 */

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

/** The page's script is listening: the host sends what it computes after the first render (the trend). */
export interface ReadyMessage {
  type: 'ready';
}

/** Messages the page script sends; the host ignores everything else. */
export type PageMessage = SetStateMessage | RevealMessage | OpenExternalMessage | CompareMessage | OpenEvidenceMessage | ReadyMessage;

// Host → page.

/**
 * The page's items after a change of review state, each as the markup the full page draws for it
 * (src/core/page/render.ts, escaped there), by item id: the page replaces each item's element with
 * its fragment and places nothing itself.
 */
export interface ItemsMessage {
  type: 'items';
  items: Record<string, string>;
  /** Set when the review cannot be read: the page shows it (the fragments have ticking off). */
  reviewError?: string;
}

/** Scroll to an element of the page and flash it. */
export interface ScrollToMessage {
  type: 'scrollTo';
  anchor: string;
}

/**
 * The "Review over time" block (src/core/page/trend.ts), once the unit's history is known (git runs
 * after the first render), and again when the review-by day or HEAD changes: the page replaces the
 * block's element with it.
 */
export interface TrendMessage {
  type: 'trend';
  html: string;
}

/** Messages the host posts to the page. */
export type HostMessage = ItemsMessage | ScrollToMessage | TrendMessage;

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
