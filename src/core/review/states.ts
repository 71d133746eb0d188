/**
 * The states a review decision can have. A module of its own: the review modules import each
 * other, and a constant read while its module is still loading would be undefined.
 *
 * 'accepted': a known risk deliberately not fixed, with a reason (the note) and an owner. It does
 * not fail the CI gate; it is listed there and counted apart.
 */
export type ItemState = 'open' | 'done' | 'n/a' | 'accepted';

export const ITEM_STATES: readonly ItemState[] = ['open', 'done', 'n/a', 'accepted'];
