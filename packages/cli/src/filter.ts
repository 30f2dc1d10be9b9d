/**
 * Event-name globs: `*` matches any run of characters (dots included), `?` one character.
 * No patterns: everything matches. Several: any of them.
 */
export function eventFilter(patterns: readonly string[]): (eventName: string) => boolean {
  if (patterns.length === 0) return () => true;
  const regexes = patterns.map(globToRegExp);
  return (eventName) => regexes.some((regex) => regex.test(eventName));
}

function globToRegExp(glob: string): RegExp {
  let source = "";
  for (const char of glob) {
    if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else source += char.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
