import type { COMMANDS } from '../constants';
import type { StackGuideModel } from '../model';
import type { ChangeReview } from '../services/changeReview';
import type { ChecklistView } from '../views/checklistView';
import type { ReferencePanels } from '../webviews/reference/panel';

/** What the command handlers act on. */
export interface Surfaces {
  model: StackGuideModel;
  panels: ReferencePanels;
  checklist: ChecklistView;
  change: ChangeReview;
}

// VS Code passes a command whatever its caller gives (a tree node, a URI, nothing); each handler
// states and checks what it accepts, which `unknown[]` would not let its signature say.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (...args: any[]) => unknown;

/** Every contributed command id. */
export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** The handlers of some command ids: each group file gives its own. */
export type CommandGroup<Id extends CommandId> = { [Key in Id]: Handler };

/** One handler per command id, no more and no fewer: a missing or stray handler does not compile. */
export type CommandHandlers = CommandGroup<CommandId>;
