/**
 * Decisions that expire (issue 31, item 3; the pure part): an accepted risk or an n/a decision may
 * carry `until: YYYY-MM-DD`, the last day it holds. From the day after, the item is *expired*: it
 * counts as open again. Days are UTC, and "today" comes from a clock the caller passes, so tests fix it.
 */
import type { Severity } from '../profiles/model';
import reviewPeriods from '../profiles/reviewPeriods.json';
import type { ItemState } from './states';

export interface Clock {
  now(): Date;
}

export const SYSTEM_CLOCK: Clock = { now: () => new Date() };

/** A clock stopped at one instant (an ISO 8601 date or date-time). */
export function fixedClock(at: string | number | Date): Clock {
  const time = new Date(at).getTime();
  if (Number.isNaN(time)) throw new Error(`not a date: ${String(at)}`);
  return { now: () => new Date(time) };
}

/** The states an expiry date applies to. */
export const EXPIRING_STATES: readonly ItemState[] = ['accepted', 'n/a'];

/** The day as YYYY-MM-DD when it is one that exists in the calendar, else undefined. */
export function parseDay(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? text : undefined;
}

/** Today as YYYY-MM-DD, in UTC. */
export function today(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

/** True once the last day has passed: an accepted or n/a decision whose `until` is before today. */
export function isExpired(entry: { state: string; until?: string }, clock: Clock): boolean {
  return entry.until !== undefined && (EXPIRING_STATES as readonly string[]).includes(entry.state) && entry.until < today(clock);
}

/** Days a decision holds by default, by the item's severity (data: src/core/profiles/reviewPeriods.json). */
export const DEFAULT_DAYS: Readonly<Record<Severity, number>> = reviewPeriods.days;

/** The default `until` for a decision made today on an item of this severity. */
export function defaultUntil(severity: Severity, clock: Clock, days: Record<Severity, number> = DEFAULT_DAYS): string {
  const now = clock.now();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days[severity])).toISOString().slice(0, 10);
}

/** Why a stored `until` (or `due`) cannot be read, or undefined when it can. */
export function untilProblem(value: string, name = 'until'): string | undefined {
  return parseDay(value) === undefined ? `"${name}" must be a day as YYYY-MM-DD, got ${JSON.stringify(value)}` : undefined;
}

/**
 * Why a day typed for a new decision is refused, or undefined when it is fine: not a calendar day
 * as YYYY-MM-DD, or already past (a decision that would be expired the moment it is made). Today
 * itself is allowed: it is the last day the decision holds.
 */
export function newDayProblem(value: string, clock: Clock): 'format' | 'past' | undefined {
  if (parseDay(value) === undefined) return 'format';
  return value < today(clock) ? 'past' : undefined;
}
