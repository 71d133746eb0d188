/**
 * Bidirectional controls can make text read differently from what it is ("Trojan Source"): the
 * profile loader warns about them, and the page shows them as visible code points.
 */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
