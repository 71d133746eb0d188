/** Every id the extension contributes, once. A unit test checks package.json agrees. */
export const COMMANDS = {
  detect: 'stackGuide.detect',
  openReference: 'stackGuide.openReference',
  searchGuidance: 'stackGuide.searchGuidance',
  showChecklist: 'stackGuide.showChecklist',
  exportChecklist: 'stackGuide.exportChecklist',
  openReviewFile: 'stackGuide.openReviewFile',
  markNotApplicable: 'stackGuide.markNotApplicable',
  acceptRisk: 'stackGuide.acceptRisk',
  markNeedsAction: 'stackGuide.markNeedsAction',
  setReviewBy: 'stackGuide.setReviewBy',
  reopenItem: 'stackGuide.reopenItem',
  markAppliesAnyway: 'stackGuide.markAppliesAnyway',
  clearAppliesAnyway: 'stackGuide.clearAppliesAnyway',
  tickWithEvidence: 'stackGuide.tickWithEvidence',
  addNote: 'stackGuide.addNote',
  copyItemMarkdown: 'stackGuide.copyItemMarkdown',
  openItemOnPage: 'stackGuide.openItemOnPage',
  hideDone: 'stackGuide.hideDone',
  showDone: 'stackGuide.showDone',
  onlyHighSeverity: 'stackGuide.onlyHighSeverity',
  allSeverities: 'stackGuide.allSeverities',
  showLog: 'stackGuide.showLog',
  resetPersonalReview: 'stackGuide.resetPersonalReview',
  resolveReviewConflict: 'stackGuide.resolveReviewConflict',
  reviewChange: 'stackGuide.reviewChange',
  reviewAllItems: 'stackGuide.reviewAllItems',
  chooseChangeRef: 'stackGuide.chooseChangeRef',
} as const;

export const VIEWS = {
  container: 'stackGuide',
  stacks: 'stackGuide.stacks',
  checklist: 'stackGuide.checklist',
} as const;

export const WEBVIEW_TYPE = 'stackGuide.reference';

export const SETTINGS = {
  section: 'stackGuide',
  maxDepth: 'detection.maxDepth',
  exclude: 'detection.exclude',
  ecosystems: 'ecosystems',
  reviewFile: 'review.file',
  reviewFolder: 'review.folder',
  reviewer: 'reviewer',
  profilePaths: 'profiles.paths',
  reviewStorage: 'review.storage',
} as const;
