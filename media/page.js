// The reference page's one script. It only talks to the extension through postMessage;
// every state it shows comes from the host.
(function () {
  const vscode = acquireVsCodeApi();
  const ecosystem = document.body.dataset.ecosystem;
  const previous = vscode.getState() || {};
  vscode.setState({ ...previous, ecosystem });

  function reveal(anchor) {
    const element = document.getElementById(anchor);
    if (!element) return;
    element.scrollIntoView({ block: 'start' });
    element.classList.add('flash');
    setTimeout(() => element.classList.remove('flash'), 1200);
    const focusable = element.matches('h2, h3, li') ? element : element.querySelector('h2, h3');
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
  let scrollTimer;
  window.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => vscode.setState({ ...(vscode.getState() || {}), ecosystem, scrollY: window.scrollY }), 150);
  });

  const labels = JSON.parse(document.body.dataset.stateLabels || '{}');

  document.addEventListener('change', (event) => {
    if (event.target instanceof HTMLSelectElement && event.target.hasAttribute('data-compare')) {
      const compare = event.target.value || undefined;
      vscode.setState({ ...(vscode.getState() || {}), ecosystem, compare, focusCompare: true });
      vscode.postMessage({ type: 'compare', id: compare });
      return;
    }
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.classList.contains('tick')) return;
    const item = box.closest('[data-key]');
    if (!item) return;
    vscode.postMessage({ type: 'setState', key: item.dataset.key, state: box.checked ? 'done' : 'open' });
  });

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const evidence = target && target.closest('[data-open-evidence]');
    if (evidence) {
      vscode.postMessage({ type: 'openEvidence', key: evidence.getAttribute('data-open-evidence') });
      return;
    }
    const reveal = target && target.closest('[data-reveal]');
    if (reveal) {
      vscode.postMessage({ type: 'reveal', key: reveal.getAttribute('data-reveal') });
      return;
    }
    const link = target && target.closest('a[data-external]');
    if (link) {
      event.preventDefault();
      vscode.postMessage({ type: 'openExternal', url: link.getAttribute('data-external') });
    }
  });

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'scrollTo' && typeof message.anchor === 'string') reveal(message.anchor);
    if (message.type === 'states' && message.items && typeof message.items === 'object') {
      const banner = document.querySelector('.review-error');
      if (banner) {
        banner.textContent = typeof message.reviewError === 'string' ? message.reviewError : '';
        banner.hidden = typeof message.reviewError !== 'string';
      }
      for (const element of document.querySelectorAll('li.check')) {
        const view = message.items[element.dataset.item];
        const box = element.querySelector('input.tick');
        const label = element.querySelector('.state');
        // The host sends the wording (label, who) and whether the box is ticked: no display rule lives here.
        const state = view ? view.state : 'open';
        element.className = element.className.replace(/\bstate-\S+/, 'state-' + (state === 'n/a' ? 'na' : state));
        if (view) element.dataset.key = view.key;
        if (box) {
          box.checked = Boolean(view && view.ticked);
          box.disabled = !view;
        }
        if (label) label.textContent = view ? view.label : labels.none;
        const who = element.querySelector('.who');
        if (who) who.textContent = view ? view.who : '';
        const evidence = element.querySelector('p.evidence');
        if (evidence) {
          const status = view && view.evidence ? view.evidence.status : 'pending';
          evidence.className = 'evidence evidence-' + status;
          const text = evidence.querySelector('.evidence-text');
          if (text && view && view.evidence) text.textContent = view.evidence.text;
          const open = evidence.querySelector('.open-evidence');
          if (open) {
            open.hidden = status !== 'found';
            if (view) open.setAttribute('data-open-evidence', view.key);
          }
        }
      }
    }
  });
})();
