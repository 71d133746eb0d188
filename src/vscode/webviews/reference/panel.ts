import * as vscode from 'vscode';
import { itemFragments, renderPage, type ItemView } from '../../../core/page/render';
import { renderTrend } from '../../../core/page/trend';
import type { ChecklistItem, ChecklistUnit } from '../../../core/review/checklist';
import { safeExternalUrl } from '../../../core/page/html';
import { WEBVIEW_TYPE } from '../../constants';
import type { Profile } from '../../../core/profiles/model';
import type { StackGuideModel } from '../../model';

/** What the reference pages read and change. */
export type ReferenceSource = Pick<
  StackGuideModel,
  | 'checklist'
  | 'extensionUri'
  | 'findItem'
  | 'loadProfiles'
  | 'log'
  | 'onDidChange'
  | 'profile'
  | 'profiles'
  | 'reviewErrorFor'
  | 'setItemState'
  | 'unitReview'
>;
import { showWriteError } from '../../views/checklistView';
import { evidenceText } from '../../../core/review/display';
import { isEvidenceLost } from '../../../core/evidence/checklistEvidence';
import { locationText } from '../../../core/evidence/evaluate';
import { comparableAdoption } from '../../../core/profiles/adoption';
import type { HostMessage, PageMessage } from './protocol';

interface PanelState {
  ecosystem: string;
  compare?: string;
}

/** One webview panel per ecosystem; asking again reveals it. Restored after a reload by the serializer. */
export class ReferencePanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly rendered = new WeakMap<vscode.WebviewPanel, Profile>();
  /** Hidden pages that missed a change; rendered again when shown. */
  private readonly stale = new WeakSet<vscode.WebviewPanel>();
  /** The newest trend each page asked for: an older answer that arrives later is dropped. */
  private readonly trendRequests = new WeakMap<vscode.WebviewPanel, number>();
  /** The ecosystem each page's chart is compared with. */
  private readonly compare = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly model: ReferenceSource,
    private readonly reveal: (key: string) => Promise<void>,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(WEBVIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: PanelState | undefined) => {
          await this.model.loadProfiles();
          if (!state?.ecosystem || !this.model.profile(state.ecosystem)) {
            panel.dispose();
            return;
          }
          if (state.compare) this.compare.set(state.ecosystem, state.compare);
          this.attach(panel, state.ecosystem);
        },
      }),
      model.onDidChange(() => this.refresh()),
    );
  }

  open(ecosystem: string, anchor?: string): vscode.WebviewPanel {
    const profile = this.model.profile(ecosystem);
    if (!profile) throw new Error(`No reference page for "${ecosystem}"`);
    let existing = this.panels.get(ecosystem);
    if (existing && !hasTab(existing)) {
      // Closed in the workbench (Close All Editors, say) while its dispose event is still on its
      // way: revealing it would show nothing. Forget it now; its dispose event then finds a newer
      // panel in its place and leaves that one alone.
      this.panels.delete(ecosystem);
      existing = undefined;
    }
    if (existing) {
      // A hidden webview drops messages; it gets a fresh render instead.
      if (existing.visible) {
        if (anchor) void existing.webview.postMessage({ type: 'scrollTo', anchor } satisfies HostMessage);
      } else {
        this.render(existing, ecosystem, anchor);
      }
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(WEBVIEW_TYPE, panelTitle(profile), vscode.ViewColumn.Active, this.options());
    this.attach(panel, ecosystem, anchor);
    return panel;
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      // The page's stylesheet and its script only: nothing else of the extension is reachable from the webview.
      localResourceRoots: [
        vscode.Uri.joinPath(this.model.extensionUri, 'media'),
        vscode.Uri.joinPath(this.model.extensionUri, 'dist', 'webview'),
      ],
    };
  }

  private attach(panel: vscode.WebviewPanel, ecosystem: string, anchor?: string): void {
    this.panels.set(ecosystem, panel);
    panel.webview.options = this.options();
    panel.iconPath = vscode.Uri.joinPath(this.model.extensionUri, 'media', 'icon.svg');
    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: PageMessage) =>
        this.onMessage(ecosystem, message).catch((error) =>
          this.model.log.error(`Page message ${message?.type}: ${(error as Error).message}`),
        ),
      ),
      panel.onDidChangeViewState(() => {
        // Messages sent while the page was hidden were dropped: bring it up to date.
        if (panel.visible && this.stale.delete(panel)) this.render(panel, ecosystem);
      }),
      panel.onDidDispose(() => {
        if (this.panels.get(ecosystem) === panel) {
          this.panels.delete(ecosystem);
          this.compare.delete(ecosystem);
        }
        for (const subscription of subscriptions) subscription.dispose();
      }),
    ];
    this.render(panel, ecosystem, anchor);
  }

  private render(panel: vscode.WebviewPanel, ecosystem: string, anchor?: string): void {
    const profile = this.model.profile(ecosystem);
    if (!profile) return;
    this.stale.delete(panel);
    const started = performance.now();
    const media = (name: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(this.model.extensionUri, 'media', name)).toString();
    const review = this.review(ecosystem);
    panel.title = panelTitle(profile);
    panel.webview.html = renderPage(profile, {
      cspSource: panel.webview.cspSource,
      nonce: nonce(),
      styleUri: media('page.css'),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.model.extensionUri, 'dist', 'webview', 'page.js')).toString(),
      items: review.items,
      component: review.component,
      reviewError: review.reviewError,
      // Drawn at once with what the checklist knows; the trend follows as a fragment (sendTrend).
      unitReview: review.unit
        ? {
            ...(review.unit.reviewBy ? { reviewBy: review.unit.reviewBy, overdue: review.unit.overdue === true } : {}),
            trend: { status: 'pending' },
          }
        : undefined,
      anchor,
      compare: this.model.profile(this.compare.get(ecosystem) ?? ''),
      compareOptions: this.model.profiles
        .filter((other) => other.id !== ecosystem && comparableAdoption(profile, other))
        .map(({ id, name }) => ({ id, name })),
    });
    this.rendered.set(panel, profile);
    this.model.log.info(`Rendered the ${profile.name} page in ${(performance.now() - started).toFixed(1)} ms`);
  }

  /** The review state the page shows: the first review unit of that ecosystem. */
  private review(ecosystem: string): { items: Map<string, ItemView>; component?: string; reviewError?: string; unit?: ChecklistUnit } {
    const component = this.model.checklist.units.find((candidate) => candidate.ecosystem === ecosystem);
    const items = new Map<string, ItemView>();
    const error = component ? this.model.reviewErrorFor(component.root) : undefined;
    if (error) {
      const { file, line, message } = error.status.error;
      return {
        items,
        reviewError: `The review file ${file} cannot be read (line ${line}: ${message}). Ticks are off until it is fixed; nothing in it has been changed.`,
      };
    }
    // A per-member item appears once on the page: the first member's decision.
    for (const item of component?.items ?? [])
      if (!items.has(item.id))
        items.set(item.id, {
          key: item.key,
          state: item.state,
          by: item.by,
          at: item.at,
          owner: item.owner,
          until: item.until,
          expiredDecision: item.expiredDecision,
          due: item.due,
          evidence: evidenceView(item),
          notApplicable: item.applicability?.status === 'not-applicable' ? (item.applicability.reason ?? '') : undefined,
          appliesAnyway: item.applicability?.anyway ? (item.applicability.reason ?? '') : undefined,
        });
    return { items, component: component && component.path !== '.' ? component.path : undefined, unit: component };
  }

  /** A changed profile (a team file was saved) re-renders its page; otherwise only states move. */
  private refresh(): void {
    for (const [ecosystem, panel] of this.panels) {
      const profile = this.model.profile(ecosystem);
      if (!profile) panel.dispose();
      else if (this.rendered.get(panel) !== profile) this.render(panel, ecosystem);
    }
    this.postStates();
  }

  private postStates(): void {
    for (const [ecosystem, panel] of this.panels) {
      if (!panel.visible) {
        this.stale.add(panel);
        continue;
      }
      const profile = this.model.profile(ecosystem);
      if (!profile) continue;
      // Each item drawn here by the function that drew it first: the page script only swaps it in.
      const review = this.review(ecosystem);
      void panel.webview.postMessage({
        type: 'items',
        items: itemFragments(profile, review),
        reviewError: review.reviewError,
      } satisfies HostMessage);
      void this.sendTrend(panel, ecosystem);
    }
  }

  /**
   * The page's "Review over time" block once the unit's history is known: git runs in the Node
   * extension host after the page is drawn (and not at all in the browser build), cached per HEAD.
   */
  private async sendTrend(panel: vscode.WebviewPanel, ecosystem: string): Promise<void> {
    const unit = this.model.checklist.units.find((candidate) => candidate.ecosystem === ecosystem);
    if (!unit) return;
    const request = (this.trendRequests.get(panel) ?? 0) + 1;
    this.trendRequests.set(panel, request);
    const view = await this.model.unitReview(unit);
    if (this.trendRequests.get(panel) !== request || this.panels.get(ecosystem) !== panel) return;
    void panel.webview.postMessage({ type: 'trend', html: renderTrend(view).value } satisfies HostMessage);
  }

  private async onMessage(ecosystem: string, message: PageMessage): Promise<void> {
    switch (message?.type) {
      case 'compare': {
        const panel = this.panels.get(ecosystem);
        if (message.id && this.model.profile(String(message.id))) this.compare.set(ecosystem, String(message.id));
        else this.compare.delete(ecosystem);
        if (panel) this.render(panel, ecosystem, 'adoption');
        return;
      }
      case 'setState':
        if (message.state !== 'done' && message.state !== 'open') return;
        try {
          await this.model.setItemState(String(message.key), message.state);
        } catch (error) {
          this.postStates();
          await showWriteError(error, this.model);
        }
        return;
      case 'reveal':
        await this.reveal(String(message.key));
        return;
      case 'ready': {
        const panel = this.panels.get(ecosystem);
        if (panel) await this.sendTrend(panel, ecosystem);
        return;
      }
      case 'openEvidence': {
        // Only a location the probe found for an item of this page: the page names the item, never a path.
        const item = this.model.findItem(String(message.key));
        const shown = item?.evidence?.status === 'found' || item?.evidence?.status === 'present';
        const location = shown && item.ecosystem === ecosystem ? item.evidence!.locations[0] : undefined;
        if (!item || !location) return;
        const uri = vscode.Uri.joinPath(vscode.Uri.parse(item.root), ...location.path.split('/'));
        const line = Math.max(0, (location.line ?? 1) - 1);
        await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, 0, line, 0), viewColumn: vscode.ViewColumn.One });
        return;
      }
      case 'openExternal': {
        const url = safeExternalUrl(String(message.url));
        if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
        else this.model.log.warn(`Refused to open a non-https link from a profile: ${String(message.url)}`);
        return;
      }
    }
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** The tab title; the page itself is rendered by the core, in English like the profile content. */
function panelTitle(profile: Profile): string {
  return vscode.l10n.t('{0} — Stack Guide', profile.name);
}

function nonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The evidence line of an item on the page, worded by the same rule as the tree; in English, as the whole page is (the core's default translator). */
function evidenceView(item: ChecklistItem): ItemView['evidence'] {
  const text = evidenceText(item);
  if (!text || !item.evidence) return undefined;
  const findings = item.evidence.status === 'present' ? (item.evidence.findings ?? []).slice(0, PAGE_FINDINGS) : [];
  return {
    text,
    status: isEvidenceLost(item) ? 'lost' : item.evidence.status,
    ...(findings.length > 0 ? { findings: findings.map((finding) => ({ place: locationText(finding), text: finding.text })) } : {}),
  };
}

/** Findings listed on the page per item; the tree lists all that were kept. */
const PAGE_FINDINGS = 5;

/** Whether the workbench still shows a tab for the panel (the tab model is the workbench's own truth). */
function hasTab(panel: vscode.WebviewPanel): boolean {
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some(
      (tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(WEBVIEW_TYPE) && tab.label === panel.title,
    ),
  );
}
