// The reference page's one script, bundled by esbuild into dist/webview/page.js (an IIFE for the webview).
// It only talks to the extension through postMessage; every state it shows comes from the host.
import type { HostMessage, PageItemState, PageMessage, PageState } from './protocol';

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
  setTimeout(() => element.classList.remove('flash'), 1200);
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

const labels = JSON.parse(document.body.dataset.stateLabels || '{}') as { none?: string };

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
  if (message.type === 'states' && message.items && typeof message.items === 'object') {
    const items = message.items;
    const banner = document.querySelector<HTMLElement>('.review-error');
    if (banner) {
      banner.textContent = typeof message.reviewError === 'string' ? message.reviewError : '';
      banner.hidden = typeof message.reviewError !== 'string';
    }
    for (const element of document.querySelectorAll<HTMLElement>('li.check')) {
      const id = element.dataset.item;
      const view: PageItemState | undefined = id === undefined ? undefined : items[id];
      const box = element.querySelector<HTMLInputElement>('input.tick');
      const label = element.querySelector('.state');
      // The host sends the wording (label, who) and whether the box is ticked: no display rule lives here.
      const state = view ? view.state : 'open';
      element.className = element.className.replace(/\bstate-\S+/, 'state-' + (state === 'n/a' ? 'na' : state));
      if (view) element.dataset.key = view.key;
      if (box) {
        box.checked = Boolean(view && view.ticked);
        box.disabled = !view;
      }
      if (label) label.textContent = view ? view.label : (labels.none ?? '');
      const who = element.querySelector('.who');
      if (who) who.textContent = view ? view.who : '';
      const evidence = element.querySelector('p.evidence');
      if (evidence) {
        const status = view && view.evidence ? view.evidence.status : 'pending';
        evidence.className = 'evidence evidence-' + status;
        const text = evidence.querySelector('.evidence-text');
        if (text && view && view.evidence) text.textContent = view.evidence.text;
        const open = evidence.querySelector<HTMLElement>('.open-evidence');
        if (open) {
          open.hidden = status !== 'found';
          if (view) open.setAttribute('data-open-evidence', view.key);
        }
      }
    }
  }
});
