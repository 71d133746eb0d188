/** What both review formats share: item text hashes, paths kept inside the folder, prototype-free maps of user keys. */

/** An empty map of user keys: no prototype, so every key, "__proto__" included, is an own property. */
export function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A relative path that stays inside its folder, normalised to '/', or undefined for '..', absolute or empty paths. */
export function pathInsideFolder(relativePath: string | undefined): string | undefined {
  const raw = relativePath ?? '';
  if (/^([a-z]:|[\\/])/i.test(raw)) return undefined;
  const parts = raw.split(/[\\/]/).filter((part) => part && part !== '.');
  return parts.length === 0 || parts.includes('..') ? undefined : parts.join('/');
}

/** FNV-1a over the item's text: small, stable, and the same in Node and the browser. */
export function textHash(text: string): string {
  let hash = 0x811c9dc5;
  const normalized = text.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < normalized.length; i++) {
    hash ^= normalized.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
