import type { Profile } from './model';

/**
 * The adoption index, made the same way for every page: the share (in percent) of professional
 * developers in the Stack Overflow Developer Survey who used the technology that year, rounded to
 * a whole number. One public source asked the same question of every language every year; the
 * other public signals (Octoverse ranks, registry downloads) are not comparable across ecosystems.
 * A year without a sourced value has no point: nothing is interpolated or projected.
 */
export const ADOPTION_FORMULA =
  'index = the share of professional developers, in percent, who used it that year in the Stack Overflow Developer Survey, rounded to a whole number';

export const ADOPTION_SOURCE_NAMES = { stackoverflow: 'Stack Overflow Developer Survey' } as const;

type RawAdoption = Partial<Profile['adoption']> & Pick<Profile['adoption'], 'meaning'>;

/** The adoption block with its points and method; a message when it can be neither computed nor taken as given. */
export function computeAdoption(adoption: RawAdoption): Profile['adoption'] | string {
  const values = adoption.sources?.stackoverflow;
  if (values) {
    const years = Object.keys(values).sort();
    if (years.length < 2) return 'adoption.sources.stackoverflow needs values for at least two years to draw a curve';
    const points = Object.fromEntries(years.map((year) => [year, Math.round(values[year].value)]));
    const method = `${capitalize(ADOPTION_FORMULA)}. Values for ${describeYears(years)}, each linked to its survey page.${adoption.gaps ? ` ${adoption.gaps}` : ''}`;
    return { ...adoption, points, method };
  }
  if (!adoption.points) return 'adoption needs "sources" (raw yearly values with links, from which the index is computed) or "points"';
  if (!adoption.method) return 'adoption gives "points" without "method": say how they were made';
  return adoption as Profile['adoption'];
}

function describeYears(years: readonly string[]): string {
  const numbers = years.map(Number);
  const consecutive = numbers.every((year, i) => i === 0 || year === numbers[i - 1] + 1);
  return consecutive && years.length > 2 ? `${years[0]}–${years[years.length - 1]}` : years.join(', ');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Whether two adoption curves may share a chart: both from the same sources (or both given as
 * points), and of the same kind (a runtime such as Deno is compared with runtimes, not languages).
 */
export function comparableAdoption(a: Pick<Profile, 'adoption'>, b: Pick<Profile, 'adoption'>): boolean {
  const sourced = (profile: Pick<Profile, 'adoption'>) => profile.adoption.sources?.stackoverflow !== undefined;
  return sourced(a) === sourced(b) && (a.adoption.compare ?? 'language') === (b.adoption.compare ?? 'language');
}
