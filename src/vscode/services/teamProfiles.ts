import * as vscode from 'vscode';
import { mapBounded, READ_CONCURRENCY } from '../../core/fileSystem';
import { loadProfiles, PROFILE_READ, profileReadProblem, type LoadResult, type ProfileSource } from '../../core/profiles/loader';
import type { Problem, Profile } from '../../core/profiles/model';
import { SETTINGS } from '../constants';
import { Debouncer } from '../../core/timing';
import type { Disks } from '../files/localDisk';
import { listUri, readUserUri } from '../files/vscodeFileSystem';

export const TEAM_PROFILE_GLOB = '.stackguide/profiles/*.{yaml,yml}';

/**
 * Team profiles: `.stackguide/profiles/*.yaml` in each workspace folder and the files or folders
 * named by stackGuide.profiles.paths. Problems go to the Problems panel, live while a file is
 * edited; the profiles themselves change when a file is saved.
 */
export class TeamProfiles implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('stackGuide');
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a team profile file is created, saved or deleted. */
  readonly onDidChangeFiles = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.diagnostics, this.changed];
  private files: vscode.Uri[] = [];
  /** For a file found by listing a folder: the folder a symbolic link may not lead out of. */
  private listedIn = new Map<string, vscode.Uri>();
  private readonly validateSoon = new Debouncer(
    250,
    () => this.validateUnsaved(),
    (error) => this.log.error(`Team profile check: ${(error as Error).message}`),
  );
  private base: readonly Profile[] = [];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly disks: Disks,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${TEAM_PROFILE_GLOB}`);
    // A new .stackguide/profiles folder may be reported without events for the files in it.
    const folders = vscode.workspace.createFileSystemWatcher('**/.stackguide{,/profiles}', false, true, true);
    const fire = () => this.changed.fire();
    this.disposables.push(
      watcher,
      folders,
      folders.onDidCreate(fire),
      watcher.onDidCreate(fire),
      watcher.onDidChange(fire),
      watcher.onDidDelete(fire),
      // A save is reported even when the file watcher misses a change (it can, inside a folder
      // created moments before), so the page and the checklist follow every save.
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (this.isTeamFile(document.uri) || /\/\.stackguide\/profiles\/[^/]+\.ya?ml$/.test(document.uri.path)) fire();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (!this.isTeamFile(event.document.uri) || event.contentChanges.length === 0) return;
        this.validateSoon.schedule();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        // Back to what is on disk once an unsaved edit is thrown away.
        if (this.isTeamFile(document.uri) && document.isDirty) this.validateSoon.schedule();
      }),
      this.validateSoon,
    );
  }

  private isTeamFile(uri: vscode.Uri): boolean {
    return this.files.some((file) => file.toString() === uri.toString());
  }

  /** Finds every team profile file of the open workspace folders. */
  private async findFiles(): Promise<vscode.Uri[]> {
    const found = new Map<string, vscode.Uri>();
    const listedIn = new Map<string, vscode.Uri>();
    this.listedIn = listedIn;
    const yaml = (name: string) => /\.ya?ml$/.test(name);
    // `within`: the folder a file may not lead out of through a symbolic link: the workspace folder
    // for its own .stackguide/profiles, the named folder for one listed in stackGuide.profiles.paths.
    const listInto = async (dir: vscode.Uri, within: vscode.Uri) => {
      // No such folder (the usual case): nothing to load.
      for (const [name, type] of (await listUri(this.disks, dir)) ?? []) {
        // Anything but a folder: a FIFO, a device or a link out of the folder is reported, not skipped in silence.
        if (type & vscode.FileType.Directory || !yaml(name)) continue;
        const uri = vscode.Uri.joinPath(dir, name);
        found.set(uri.toString(), uri);
        listedIn.set(uri.toString(), within);
      }
    };
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      await listInto(vscode.Uri.joinPath(folder.uri, '.stackguide', 'profiles'), folder.uri);
      // Restricted mode hides this setting's workspace value (restrictedConfigurations).
      const paths = vscode.workspace.getConfiguration(SETTINGS.section, folder.uri).get<string[]>(SETTINGS.profilePaths, []);
      for (const entry of paths) {
        const uri =
          /^[a-z][a-z0-9+.-]*:/i.test(entry) || entry.startsWith('/') ? vscode.Uri.file(entry) : vscode.Uri.joinPath(folder.uri, entry);
        try {
          const stat = await vscode.workspace.fs.stat(uri);
          if (stat.type & vscode.FileType.Directory) await listInto(uri, uri);
          else found.set(uri.toString(), uri);
        } catch {
          this.log.warn(`stackGuide.profiles.paths: ${entry} (in ${folder.name}) does not exist`);
        }
      }
    }
    return [...found.values()].sort((a, b) => a.toString().localeCompare(b.toString()));
  }

  /** Loads the team files on top of `base`, publishing their problems. */
  async load(base: readonly Profile[]): Promise<Profile[]> {
    this.base = base;
    this.files = await this.findFiles();
    const sources = await mapBounded(this.files, READ_CONCURRENCY, (uri) => this.read(uri));
    const result = loadProfiles(sources, base);
    this.publish(result);
    if (this.files.length > 0) {
      this.log.info(
        `Team profiles: ${this.files.map((uri) => vscode.workspace.asRelativePath(uri)).join(', ')}; ${result.problems.length} problem(s)`,
      );
      if (!vscode.workspace.isTrusted) this.log.info('Restricted mode: workspace profiles are read as data only.');
    }
    return result.profiles;
  }

  /** Re-validates with the text of open, unsaved editors, for the Problems panel only. */
  private async validateUnsaved(): Promise<void> {
    const open = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
    const sources: ProfileSource[] = await mapBounded(this.files, READ_CONCURRENCY, async (uri) => {
      const document = open.get(uri.toString());
      return document ? { file: uri.toString(), bytes: new TextEncoder().encode(document.getText()) } : this.read(uri);
    });
    this.publish(loadProfiles(sources, this.base));
  }

  /**
   * One team file through the bounded reader: over the profile limit, not a regular file, or (when
   * found by listing a folder) a symbolic link out of the workspace folder (or of the folder named
   * in the setting), it is reported at line 1 and not read. A file gone since it was listed is an
   * empty source, as before.
   */
  private async read(uri: vscode.Uri): Promise<ProfileSource> {
    const file = uri.toString();
    try {
      return { file, bytes: await readUserUri(this.disks, uri, { ...PROFILE_READ, within: this.listedIn.get(file) }) };
    } catch (error) {
      if (error instanceof vscode.FileSystemError || (error as { code?: unknown })?.code === 'ENOENT')
        return { file, bytes: new Uint8Array() };
      return { file, bytes: new Uint8Array(), unreadable: profileReadProblem(error) };
    }
  }

  private publish(result: LoadResult): void {
    if (this.disposed) return; // a load that finishes after deactivation has nowhere to report
    this.diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const problem of result.problems) {
      const list = byFile.get(problem.file) ?? [];
      list.push(toDiagnostic(problem));
      byFile.set(problem.file, list);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.parse(file), list);
  }

  get count(): number {
    return this.files.length;
  }

  private disposed = false;

  dispose(): void {
    this.disposed = true;
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const start = new vscode.Position(problem.line - 1, Math.max(0, problem.column - 1));
  const sameLineEnd = problem.endLine === problem.line && problem.endColumn !== undefined && problem.endColumn > problem.column;
  const end = sameLineEnd ? new vscode.Position(problem.line - 1, problem.endColumn! - 1) : start.translate(0, 1);
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(start, end),
    problem.message,
    problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = 'Stack Guide';
  return diagnostic;
}
