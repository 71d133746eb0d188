import * as vscode from 'vscode';
import { DEFAULT_MAX_DEPTH } from '../core/detect/detector';
import { DEFAULT_REVIEW_FILE, pathInsideFolder } from '../core/review/legacy/legacyFile';
import { DEFAULT_REVIEW_FOLDER, type ReviewLayout } from '../core/review/reviewData';
import { SETTINGS } from './constants';

/** The one typed view of the settings. */
export function folderConfig(folder: vscode.WorkspaceFolder) {
  const config = vscode.workspace.getConfiguration(SETTINGS.section, folder.uri);
  const filesExclude = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, boolean>>('exclude') ?? {};
  return {
    maxDepth: clampDepth(config.get<number>(SETTINGS.maxDepth, DEFAULT_MAX_DEPTH)),
    exclude: [
      ...Object.entries(filesExclude)
        .filter(([, on]) => on === true)
        .map(([glob]) => glob),
      ...config.get<string[]>(SETTINGS.exclude, []),
    ],
    pinned: config.get<string[]>(SETTINGS.ecosystems, []),
    // A setting from a cloned repository must not make ticks write outside its folder.
    review: {
      folder: pathInsideFolder(config.get<string>(SETTINGS.reviewFolder, DEFAULT_REVIEW_FOLDER)) ?? DEFAULT_REVIEW_FOLDER,
      legacyFile: pathInsideFolder(config.get<string>(SETTINGS.reviewFile, DEFAULT_REVIEW_FILE)) ?? DEFAULT_REVIEW_FILE,
    } satisfies ReviewLayout,
    reviewer: config.get<string>(SETTINGS.reviewer, ''),
    reviewStorage: config.get<'repository' | 'workspaceState'>(SETTINGS.reviewStorage, 'repository'),
  };
}

function clampDepth(value: number): number {
  return Number.isInteger(value) && value >= 0 ? Math.min(value, 20) : DEFAULT_MAX_DEPTH;
}
