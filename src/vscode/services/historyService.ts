import * as vscode from 'vscode';
import type { FolderDetection } from '../../core/detect/detector';
import { buildHistory, type ReviewHistory } from '../../core/history/history';
import type { Profile } from '../../core/profiles/model';
import type { ReviewLayout } from '../../core/review/reviewData';
import type { Disks } from '../files/localDisk';

/** Commits that changed the review, at most, read for the editor's trend: a long history stays quick. */
export const TREND_MAX_COMMITS = 200;

/** A folder's review history, or why there is none here. */
export type FolderHistory = { history: ReviewHistory; limitedTo?: number } | { unavailable: string };

interface Cached {
  head: string;
  layout: ReviewLayout;
  profiles: readonly Profile[];
  folder: FolderDetection;
  result: Promise<FolderHistory>;
}

/**
 * Review over time for the reference page and the checklist (issue 31), computed lazily: only
 * when a page or the tree asks, from the machine's git through the local disk (the Node extension
 * host; the browser build has none and says so), bounded to TREND_MAX_COMMITS, and kept per folder
 * until HEAD, the review layout, the profiles or the detection change.
 */
export class HistoryService implements vscode.Disposable {
  private readonly cache = new Map<string, Cached>();
  private readonly known = new Map<string, FolderHistory>();
  private readonly checking = new Map<string, Promise<FolderHistory>>();
  private readonly checkedAt = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a folder's history was computed anew (HEAD moved, or first asked). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly disks: Disks,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The last history computed for the folder, without asking git; undefined until one was. */
  peek(root: string): FolderHistory | undefined {
    return this.known.get(root);
  }

  /**
   * The folder's history for its HEAD now. `layout` undefined: personal storage, which git does
   * not hold. A check made within `minIntervalMs` answers from the cache without asking git again.
   */
  history(
    root: string,
    folder: FolderDetection,
    profiles: readonly Profile[],
    layout: ReviewLayout | undefined,
    minIntervalMs = 0,
  ): Promise<FolderHistory> {
    const recent = this.known.get(root);
    if (recent && Date.now() - (this.checkedAt.get(root) ?? 0) < minIntervalMs) return Promise.resolve(recent);
    const running = this.checking.get(root);
    // A check already under way may have read an older HEAD: one that must be current waits for it, then checks again.
    if (running) return minIntervalMs > 0 ? running : running.then(() => this.history(root, folder, profiles, layout));
    const check = this.compute(root, folder, profiles, layout).finally(() => this.checking.delete(root));
    this.checking.set(root, check);
    return check;
  }

  private async compute(
    root: string,
    folder: FolderDetection,
    profiles: readonly Profile[],
    layout: ReviewLayout | undefined,
  ): Promise<FolderHistory> {
    this.checkedAt.set(root, Date.now());
    const uri = vscode.Uri.parse(root);
    const disk = this.disks.for(uri);
    if (!disk) return this.remember(root, { unavailable: 'History needs git: not available here.' });
    if (!layout)
      return this.remember(root, {
        unavailable: 'History needs the review folder in git; this folder keeps its ticks in the workspace state.',
      });
    const head = await disk.gitHead(uri.fsPath);
    if (!head) return this.remember(root, { unavailable: 'History needs git: this folder is in no git repository with a commit.' });
    const cached = this.cache.get(root);
    if (cached && cached.head === head && sameLayout(cached.layout, layout) && cached.profiles === profiles && cached.folder === folder)
      return cached.result;
    const result = (async (): Promise<FolderHistory> => {
      const started = performance.now();
      try {
        const log = await disk.reviewHistory(uri.fsPath, layout, TREND_MAX_COMMITS);
        const history = buildHistory({ ...log, detection: { folders: [folder] }, profiles });
        this.log.info(
          `Review history of ${folder.folder}: ${log.commits.length} commit(s) in ${(performance.now() - started).toFixed(0)} ms`,
        );
        return log.commits.length >= TREND_MAX_COMMITS ? { history, limitedTo: TREND_MAX_COMMITS } : { history };
      } catch (error) {
        this.log.warn(`Review history of ${folder.folder}: ${(error as Error).message}`);
        return { unavailable: `History needs git: ${(error as Error).message}` };
      }
    })();
    this.cache.set(root, { head, layout, profiles, folder, result });
    const answer = await result;
    this.remember(root, answer);
    this.changed.fire();
    return answer;
  }

  private remember(root: string, answer: FolderHistory): FolderHistory {
    this.known.set(root, answer);
    return answer;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function sameLayout(a: ReviewLayout, b: ReviewLayout): boolean {
  return a.folder === b.folder && a.legacyFile === b.legacyFile;
}
