/** Parses JSON with comments and trailing commas (VS Code's settings format); undefined when it is not parseable. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      // Copy a string verbatim, escapes included.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return undefined;
  }
}

/** The `section.key` settings a settings.json object sets, whether written flat or nested. */
export function settingKeys(settings: unknown, section: string): string[] {
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) return [];
  const keys: string[] = [];
  for (const [name, value] of Object.entries(settings as Record<string, unknown>)) {
    if (name.startsWith(section + '.')) keys.push(name.slice(section.length + 1));
    else if (name === section && value && typeof value === 'object' && !Array.isArray(value)) keys.push(...Object.keys(value));
  }
  return keys;
}
