import { SECTION_KEYS, checklistItems, type Profile } from './model';

/** The prose of a profile, sentence by sentence, with its own names masked. */
function sentences(profile: Profile): string[] {
  const texts = [
    profile.summary,
    profile.expertPosition,
    profile.adoption.meaning,
    ...profile.signals.map((signal) => signal.detail ?? ''),
    ...SECTION_KEYS.flatMap((key) => [profile.sections[key].lead, ...profile.sections[key].body]),
    ...checklistItems(profile).flatMap((item) => [item.text, item.why ?? '']),
  ];
  const names = [profile.name, profile.id, ...profile.name.split(/\s+and\s+/)].filter((name) => name.length > 1);
  const mask = (text: string) =>
    names
      .reduce((out, name) => out.split(name).join('<NAME>'), text)
      .toLowerCase()
      .replace(/[^a-z0-9<>]+/g, ' ')
      .trim();
  return texts
    .flatMap((text) => text.split(/(?<=[.!?])\s+/))
    .map(mask)
    .filter((sentence) => sentence.split(' ').length >= 6);
}

export interface Repeat {
  profile: string;
  other: string;
  sentence: string;
}

/**
 * Sentences a profile shares with another once each one's own name is masked: the sign of a
 * template with the name swapped. Short sentences (under six words) are ignored.
 */
export function findRepeatedSentences(profiles: readonly Profile[]): Repeat[] {
  const seen = new Map<string, string>();
  const repeats: Repeat[] = [];
  for (const profile of profiles) {
    for (const sentence of new Set(sentences(profile))) {
      const owner = seen.get(sentence);
      if (owner !== undefined && owner !== profile.id) repeats.push({ profile: profile.id, other: owner, sentence });
      else seen.set(sentence, profile.id);
    }
  }
  return repeats;
}
