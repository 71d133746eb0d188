import { changeCommands } from './change';
import { conflictCommands } from './conflicts';
import { decisionCommands } from './decisions';
import { exportCommands } from './exports';
import { pageCommands } from './pages';
import type { CommandHandlers, Surfaces } from './types';

export type { CommandHandlers, CommandId, Surfaces } from './types';

/** Command id → handler, from one file per group; activation registers them all. */
export function commandHandlers(surfaces: Surfaces): CommandHandlers {
  return {
    ...pageCommands(surfaces),
    ...exportCommands(surfaces),
    ...decisionCommands(surfaces),
    ...conflictCommands(surfaces),
    ...changeCommands(surfaces),
  } satisfies CommandHandlers;
}
