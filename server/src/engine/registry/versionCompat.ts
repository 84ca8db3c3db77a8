// API version compatibility, as floe_core.version_compat does it: a version is split on dots into
// 2 or 3 parts, the first two go through Python's int() (surrounding whitespace, a sign, digits with
// single underscores between them), the third is never looked at. Compatible = same major and
// plugin minor <= platform minor. What floe cannot parse raises ValueError("Invalid version format…").

export interface ApiVersion {
  major: number;
  minor: number;
}

const PY_INT = /^\s*[+-]?\p{Nd}+(?:_\p{Nd}+)*\s*$/u;

/** The value of a Unicode decimal digit (each script's digits 0-9 are contiguous code points). */
function digitValue(c: string): number {
  const cp = c.codePointAt(0)!;
  let start = cp;
  while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** Python's int(s) for a str in base 10, or undefined where it raises ValueError. */
function pyInt(s: string): number | undefined {
  if (!PY_INT.test(s)) return undefined;
  const t = s.trim();
  let n = 0;
  for (const c of t) if (/\p{Nd}/u.test(c)) n = n * 10 + digitValue(c);
  return t.startsWith('-') && n !== 0 ? -n : n;
}

/** Parse like floe's _parse_version. Undefined where floe raises ValueError. */
export function parseApiVersion(v: string): ApiVersion | undefined {
  const parts = v.split('.');
  if (parts.length !== 2 && parts.length !== 3) return undefined;
  const major = pyInt(parts[0]);
  const minor = pyInt(parts[1]);
  return major === undefined || minor === undefined ? undefined : { major, minor };
}

/** Python's repr() of a str, as floe's messages print it. */
export function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = [...s]
    .map((c) => {
      if (c === '\\') return '\\\\';
      if (c === q) return `\\${q}`;
      if (c === '\n') return '\\n';
      if (c === '\r') return '\\r';
      if (c === '\t') return '\\t';
      const code = c.codePointAt(0)!;
      if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
      return c;
    })
    .join('');
  return `${q}${body}${q}`;
}

/** The ValueError text floe raises for a version it cannot parse. */
export function invalidVersionMessage(v: string): string {
  return `Invalid version format: ${pyRepr(v)}. Expected X.Y or X.Y.Z format (e.g., '1.0' or '1.0.0').`;
}

export function isCompatible(pluginApiVersion: string, platformApiVersion: string): boolean {
  const p = parseApiVersion(pluginApiVersion);
  const q = parseApiVersion(platformApiVersion);
  if (!p || !q) return false;
  return p.major === q.major && p.minor <= q.minor;
}

/** Why a plugin is incompatible, in words an author can act on. */
export function incompatibilityHint(pluginApiVersion: string, platformApiVersion: string): string {
  const p = parseApiVersion(pluginApiVersion);
  const q = parseApiVersion(platformApiVersion);
  if (!p || !q) return '';
  if (p.major !== q.major) return `the major versions differ (${p.major} vs ${q.major})`;
  return `the plugin needs minor version ${p.minor}, newer than the platform's ${q.minor}`;
}
