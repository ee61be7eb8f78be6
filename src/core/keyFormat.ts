import { Environment, KeyMode, MIN_KEY_BODY_LENGTH, keyModeOf, keyPrefix, mentionsKeyPrefix } from './keyTypes';

const LIVE_PREFIX = keyPrefix('live');
const TEST_PREFIX = keyPrefix('test');
const ACCEPTED = `${TEST_PREFIX} or ${LIVE_PREFIX}`;

// The minimum (MIN_KEY_BODY_LENGTH) is the key format's. 256 leaves ample room above the longest
// bodies scanners accept (trufflehog: 247) while still catching a whole file or log line pasted
// into the box.
export const MAX_KEY_BODY_LENGTH = 256;

export const MAX_KEY_NAME_LENGTH = 64;

const NEW_KEY_HINT = 'Copy the full key from the Infinipost dashboard (Settings → API Keys), or generate a new one there.';

/** Cleans up a pasted key: trims it and drops a copied `Authorization:` header name and `Bearer ` scheme. */
export function normalizeKeyInput(raw: string): string {
  let value = raw.trim();
  // People copy the whole header line from curl examples or browser dev tools.
  value = value.replace(/^authorization\s*:\s*/i, '');
  value = value.replace(/^bearer\s+/i, '');
  return value.trim();
}

/** Checks a (possibly not yet normalized) key as the user types it; returns what to fix, or undefined when it looks like a real key. */
export function validateKeyInput(raw: string): string | undefined {
  // Every message below is shown next to a password box: it must never repeat the input.
  const key = normalizeKeyInput(raw);
  if (key === '') {
    return `Paste your Infinipost API key. It starts with ${ACCEPTED}.`;
  }
  if (/["'`]/.test(key)) {
    return 'Remove the quotes around the key and paste only the key itself.';
  }
  if (/\.\.\.|…|\*{2,}|[<>]/.test(key)) {
    return `This looks like a shortened or placeholder key, not the full key. ${NEW_KEY_HINT}`;
  }
  if (/\s/.test(key)) {
    return 'The key contains spaces or line breaks. Paste it again as a single line.';
  }
  const prefixMistake = describePrefixMistake(key);
  if (prefixMistake) {
    return prefixMistake;
  }
  const mode = keyModeOf(key);
  if (!mode) {
    if (key.includes(LIVE_PREFIX) || key.includes(TEST_PREFIX)) {
      return `Paste only the key itself, starting with ${ACCEPTED}, without text before it.`;
    }
    return `Infinipost API keys start with ${ACCEPTED}. Check that you copied the whole key.`;
  }
  const prefix = keyPrefix(mode);
  const body = key.slice(prefix.length);
  if (body.includes(LIVE_PREFIX) || body.includes(TEST_PREFIX)) {
    return 'This looks like more than one key pasted together. Paste a single key.';
  }
  if (!/^[A-Za-z0-9]*$/.test(body)) {
    return `After ${prefix} the key contains only letters and digits. Copy it again without extra characters.`;
  }
  if (body.length < MIN_KEY_BODY_LENGTH) {
    return `This key is too short, so part of it is probably missing. ${NEW_KEY_HINT}`;
  }
  if (body.length > MAX_KEY_BODY_LENGTH) {
    return `This is longer than any Infinipost API key (at most ${MAX_KEY_BODY_LENGTH} characters after ${prefix}). Paste only the key.`;
  }
  if (looksLikePlaceholderBody(body)) {
    return `This looks like a placeholder, not a real key. ${NEW_KEY_HINT}`;
  }
  return undefined;
}

/** The environment a new key of this mode most likely belongs to, used as the default choice. */
export function suggestedEnvironment(mode: KeyMode): Environment {
  return mode === 'live' ? 'Production' : 'Development';
}

/** A warning when the key's mode and the chosen environment contradict each other; Staging accepts either. */
export function environmentMismatch(mode: KeyMode, env: Environment): string | undefined {
  if (mode === 'test' && env === 'Production') {
    return `This is a test key (${TEST_PREFIX}…): Production requests would not reach live data. Use a live key for Production, or pick Development or Staging.`;
  }
  if (mode === 'live' && env === 'Development') {
    return `This is a live key (${LIVE_PREFIX}…): it reaches real data and requests are billed. Use a test key for Development, or pick Production or Staging.`;
  }
  return undefined;
}

/** Checks a display name for a stored key; `existingNames` must exclude the key being renamed. */
export function validateKeyName(name: string, existingNames: readonly string[]): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') {
    return 'Enter a name for this key, for example "Production server".';
  }
  // Checked before length and uniqueness so a pasted key is called out for what it is,
  // and never echoed back in a "name already exists" message.
  if (mentionsKeyPrefix(trimmed)) {
    return 'This looks like an API key. Enter a label such as "Production server" here, not the key itself.';
  }
  // Control characters (\u0000-\u001f, \u007f-\u009f) break tree items, quick picks and the JSON index.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(trimmed)) {
    return 'The name cannot contain line breaks, tabs or other control characters.';
  }
  if (trimmed.length > MAX_KEY_NAME_LENGTH) {
    return `Keep the name to ${MAX_KEY_NAME_LENGTH} characters or fewer.`;
  }
  const wanted = trimmed.toLowerCase();
  if (existingNames.some((existing) => existing.trim().toLowerCase() === wanted)) {
    return `A key named "${trimmed}" already exists. Choose a different name.`;
  }
  return undefined;
}

// Recognises prefixes that are close to, but not, an Infinipost secret key prefix.
function describePrefixMistake(key: string): string | undefined {
  if (keyModeOf(key)) {
    return undefined;
  }
  const lower = key.toLowerCase();
  if (lower.startsWith(LIVE_PREFIX) || lower.startsWith(TEST_PREFIX)) {
    return `The prefix must be lowercase: ${ACCEPTED}.`;
  }
  if (lower.startsWith('pk_')) {
    return `This looks like a publishable key (pk_…). Infinipost needs a secret key starting with ${ACCEPTED}.`;
  }
  if (lower.startsWith('rk_')) {
    return `This looks like a restricted key (rk_…). Infinipost needs a secret key starting with ${ACCEPTED}.`;
  }
  if (lower.startsWith('whsec_')) {
    return `This looks like a webhook signing secret (whsec_…), not an API key. Infinipost API keys start with ${ACCEPTED}.`;
  }
  if (/^sk_[a-z]+_/.test(lower)) {
    return `Unknown key type. Infinipost API keys start with ${ACCEPTED}.`;
  }
  return undefined;
}

// Catches the placeholders people type by hand (all x, all zeros, "abcabc…", "YourKeyHere").
// Deliberately simple: the detector that scans code has its own, fuller list.
function looksLikePlaceholderBody(body: string): boolean {
  for (let period = 1; period <= 4; period++) {
    const unit = body.slice(0, period).toLowerCase();
    if (body.toLowerCase() === unit.repeat(Math.ceil(body.length / period)).slice(0, body.length)) {
      return true;
    }
  }
  return /yourkey|yoursecret|yourapikey|apikeyhere|example|placeholder|replaceme/i.test(body);
}
