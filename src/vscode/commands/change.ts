import { COMMANDS } from '../constants';
import type { CommandGroup, Surfaces } from './types';

type ChangeCommand = typeof COMMANDS.reviewChange | typeof COMMANDS.reviewAllItems | typeof COMMANDS.chooseChangeRef;

/** "Review this change" in the Review Checklist: on (with a ref, or the upstream), off, and the ref to compare with. */
export function changeCommands({ change }: Surfaces): CommandGroup<ChangeCommand> {
  return {
    // A ref may be passed by a caller (a test, a keybinding's args); the title button passes none.
    [COMMANDS.reviewChange]: (ref?: unknown) => change.start(typeof ref === 'string' && ref.trim() ? ref.trim() : undefined),
    [COMMANDS.reviewAllItems]: () => change.stop(),
    [COMMANDS.chooseChangeRef]: () => change.chooseRef(),
  };
}
