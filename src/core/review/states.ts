/**
 * The states a review decision can have. A module of its own: the review modules import each
 * other, and a constant read while its module is still loading would be undefined.
 *
 * 'accepted': a known risk deliberately not fixed, with a reason (the note) and an owner. It does
 * not fail the CI gate; it is listed there and counted apart.
 *
 * 'needs-action': looked at, and found to need work (with an optional owner and due day). Still
 * open, and failing the gate as open does, but counted apart from an item nobody has looked at.
 */
export type ItemState = 'open' | 'done' | 'n/a' | 'accepted' | 'needs-action';

export const ITEM_STATES: readonly ItemState[] = ['open', 'done', 'n/a', 'accepted', 'needs-action'];

/** The states, as the messages that refuse another one list them. */
export const ITEM_STATES_TEXT = 'open, done, n/a, accepted or needs-action';
