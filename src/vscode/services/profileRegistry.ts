import * as vscode from 'vscode';
import type { Profile } from '../../core/profiles/model';
import { Debouncer, SerialQueue } from '../../core/timing';
import { TeamProfiles } from './teamProfiles';
import type { Disks } from '../files/localDisk';

/**
 * The profiles the extension shows: the built-in ones (validated at build time into
 * dist/profiles.json) with the team's on top. Loaded once, then again when a team file or the
 * paths setting changes; `onDidChange` says so.
 */
export class ProfileRegistry implements vscode.Disposable {
  readonly team: TeamProfiles;
  private current: readonly Profile[] = [];
  private builtIns: Profile[] = [];
  private loaded: Promise<void> | undefined;
  private readonly loads = new SerialQueue();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly reload = new Debouncer(200, () =>
    this.reloadTeam().catch((error) => this.log.error(`Team profiles: ${(error as Error).message}`)),
  );
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly disks: Disks,
  ) {
    this.team = new TeamProfiles(log, disks);
    this.disposables = [
      this.team,
      this.changed,
      this.reload,
      this.team.onDidChangeFiles(() => this.scheduleReload()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleReload()),
    ];
  }

  /** Sorted by name; empty before the first load. */
  get profiles(): readonly Profile[] {
    return this.current;
  }

  profile(id: string): Profile | undefined {
    return this.current.find((profile) => profile.id === id);
  }

  /** The first load (built-ins, then the team's); later calls wait for it. A failed load is tried again next time. */
  load(): Promise<void> {
    this.loaded ??= this.readBuiltIns()
      .then(() => this.applyTeam())
      .catch((error) => {
        this.loaded = undefined;
        throw error;
      });
    return this.loaded;
  }

  scheduleReload(): void {
    this.reload.schedule();
  }

  /** A team profile or the paths setting changed: read them again, then say so. */
  async reloadTeam(): Promise<void> {
    const first = this.loaded === undefined;
    await this.load(); // the first load already applies the team profiles
    if (!first) await this.applyTeam();
    this.changed.fire();
  }

  private async readBuiltIns(): Promise<void> {
    const started = Date.now();
    const bundle = vscode.Uri.joinPath(this.extensionUri, 'dist', 'profiles.json');
    try {
      // Node's fs where the extension is installed locally: no round trip to the workbench, and no
      // wait for a turn of an event loop that every extension is starting up on.
      const disk = this.disks.for(bundle);
      const bytes = disk ? disk.readBundled(bundle.fsPath) : await vscode.workspace.fs.readFile(bundle);
      this.builtIns = (JSON.parse(new TextDecoder().decode(bytes)) as { profiles: Profile[] }).profiles;
    } catch (error) {
      this.log.error(
        `Cannot read the built-in profiles from ${bundle.scheme === 'file' ? bundle.fsPath : bundle.toString()}: ${(error as Error).message}`,
      );
      this.builtIns = [];
    }
    this.log.info(`Loaded ${this.builtIns.length} built-in profile(s) in ${Date.now() - started} ms`);
  }

  /** Team loads run one after another, so an older load never lands after a newer one. */
  private applyTeam(): Promise<void> {
    return this.loads.run(async () => {
      const profiles = await this.team.load(this.builtIns);
      this.current = [...profiles].sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
