/** Moved to formats/key-text.ts (it knows every kind of key text); kept for existing imports. */
export { type ParsedSignerKey, parseSignerKey } from '../formats/key-text';
