import { BIDI_CONTROLS } from '../bidi';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for element content and quoted attributes; every profile string goes through
 * here. Bidirectional controls are shown as visible code points rather than obeyed.
 */
export function escapeHtml(value: string | number | undefined | null): string {
  return String(value ?? '')
    .replace(/[&<>"']/g, (c) => ESCAPES[c])
    .replace(BIDI_CONTROLS, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

/** Only https links leave the page; anything else (javascript:, data:, file:) is shown as text. */
export function safeExternalUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Tagged template that escapes every interpolation unless it is already-built markup. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0];
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1];
  });
  return new Markup(out);
}

function render(value: unknown): string {
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  if (typeof value === 'string' || typeof value === 'number' || value === true) return escapeHtml(String(value));
  // An object would print as "[object Object]": a mistake in the template, not something to show.
  throw new TypeError(`html\`…\` cannot render a value of type ${typeof value}`);
}
