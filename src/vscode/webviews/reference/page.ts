// The reference page's one script, bundled by esbuild into dist/webview/page.js (an IIFE for the webview).
// It only talks to the extension through postMessage; every state it shows comes from the host.
import type { HostMessage, PageMessage, PageState } from './protocol';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): PageState | undefined;
  setState(state: PageState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const ecosystem = document.body.dataset.ecosystem;
const previous: PageState = vscode.getState() || {};
vscode.setState({ ...previous, ecosystem });

function reveal(anchor: string): void {
  const element = document.getElementById(anchor);
  if (!element) return;
  element.scrollIntoView({ block: 'start' });
  element.classList.add('flash');
  // Looked up again: a change of review state may have replaced the element meanwhile.
  setTimeout(() => document.getElementById(anchor)?.classList.remove('flash'), 1200);
  const focusable = element.matches('h2, h3, li') ? element : element.querySelector<HTMLElement>('h2, h3');
  if (focusable) {
    focusable.setAttribute('tabindex', '-1');
    focusable.focus({ preventScroll: true });
  }
}

// After choosing a comparison the page is drawn again; keyboard focus goes back to the select.
if (previous.focusCompare) {
  vscode.setState({ ...(vscode.getState() || {}), focusCompare: false });
  const select = document.getElementById('compare');
  if (select) setTimeout(() => select.focus(), 0);
}

// The anchor is shown once per render; coming back to a hidden tab restores the scroll instead.
const render = document.body.dataset.render;
if (document.body.dataset.anchor && previous.revealed !== render) {
  reveal(document.body.dataset.anchor);
  vscode.setState({ ...(vscode.getState() || {}), revealed: render });
} else if (previous.ecosystem === ecosystem && typeof previous.scrollY === 'number') {
  window.scrollTo(0, previous.scrollY);
}
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => vscode.setState({ ...(vscode.getState() || {}), ecosystem, scrollY: window.scrollY }), 150);
});

document.addEventListener('change', (event) => {
  if (event.target instanceof HTMLSelectElement && event.target.hasAttribute('data-compare')) {
    const compare = event.target.value || undefined;
    vscode.setState({ ...(vscode.getState() || {}), ecosystem, compare, focusCompare: true });
    vscode.postMessage({ type: 'compare', id: compare });
    return;
  }
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.classList.contains('tick')) return;
  const item = box.closest<HTMLElement>('[data-key]');
  if (!item) return;
  vscode.postMessage({ type: 'setState', key: item.dataset.key ?? '', state: box.checked ? 'done' : 'open' });
});

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const evidence = target && target.closest('[data-open-evidence]');
  if (evidence) {
    vscode.postMessage({ type: 'openEvidence', key: evidence.getAttribute('data-open-evidence') ?? '' });
    return;
  }
  const revealButton = target && target.closest('[data-reveal]');
  if (revealButton) {
    vscode.postMessage({ type: 'reveal', key: revealButton.getAttribute('data-reveal') ?? '' });
    return;
  }
  const link = target && target.closest('a[data-external]');
  if (link) {
    event.preventDefault();
    vscode.postMessage({ type: 'openExternal', url: link.getAttribute('data-external') ?? '' });
  }
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Checked as it arrives: the types say what the host sends, not what reaches the page.
  const message = event.data as Partial<HostMessage> | null | undefined;
  if (!message || typeof message !== 'object') return;
  if (message.type === 'scrollTo' && typeof message.anchor === 'string') reveal(message.anchor);
  if (message.type === 'trend' && typeof message.html === 'string') replaceTrend(message.html);
  if (message.type === 'items' && message.items && typeof message.items === 'object') {
    const items = message.items;
    const banner = document.querySelector<HTMLElement>('.review-error');
    if (banner) {
      banner.textContent = typeof message.reviewError === 'string' ? message.reviewError : '';
      banner.hidden = typeof message.reviewError !== 'string';
    }
    for (const element of document.querySelectorAll<HTMLElement>('li.check')) {
      const id = element.dataset.item;
      const fragment = id === undefined ? undefined : items[id];
      if (typeof fragment === 'string') replaceItem(element, fragment);
    }
  }
});

/** The trend block, sent by the host once git's history is read: it takes the place of the block drawn first. */
function replaceTrend(fragment: string): void {
  const element = document.getElementById('review-over-time');
  if (!element) return;
  const template = document.createElement('template');
  template.innerHTML = fragment;
  const next = template.content.firstElementChild;
  if (!(next instanceof HTMLElement) || next.tagName !== 'SECTION' || next.id !== 'review-over-time') return;
  element.replaceWith(next);
}

// Listening now: the host sends what it computes after the first render.
vscode.postMessage({ type: 'ready' });

/** The fragment each item was last replaced with: an unchanged one is left in place. */
const placed = new Map<string, string>();

/**
 * Puts the host's markup of an item (rendered by the same function as the first render) in place
 * of its element. Keyboard focus stays where it was: on the checkbox just toggled, or whatever else
 * of the item had it.
 */
function replaceItem(element: HTMLElement, fragment: string): void {
  const id = element.dataset.item ?? '';
  const box = element.querySelector<HTMLInputElement>('input.tick');
  // A box the user toggled shows its new state before the host answers: an unchanged fragment still puts it back.
  if (placed.get(id) === fragment && (!box || box.checked === box.defaultChecked)) return;
  const template = document.createElement('template');
  template.innerHTML = fragment;
  const next = template.content.firstElementChild;
  if (!(next instanceof HTMLLIElement) || !next.classList.contains('check') || next.dataset.item !== id) return;
  placed.set(id, fragment);
  // What reveal() added: the flash, and the focusability of the element itself.
  if (element.classList.contains('flash')) next.classList.add('flash');
  const tabindex = element.getAttribute('tabindex');
  if (tabindex !== null) next.setAttribute('tabindex', tabindex);
  const active = document.activeElement;
  const focused = active instanceof HTMLElement && element.contains(active) ? active : undefined;
  // The focused element's place in the item: its tag and how many of that tag come before it.
  const index = focused && focused !== element ? [...element.querySelectorAll(focused.tagName)].indexOf(focused) : -1;
  element.replaceWith(next);
  if (!focused) return;
  const target = index >= 0 ? next.querySelectorAll<HTMLElement>(focused.tagName)[index] : next;
  if (target) target.focus({ preventScroll: true });
  if (document.activeElement !== target) {
    // A box that can no longer be ticked (the review became unreadable): the item itself keeps the focus.
    next.setAttribute('tabindex', '-1');
    next.focus({ preventScroll: true });
  }
}
