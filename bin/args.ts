/** Minimal `--name value` / `--flag` parsing for the evcharge command; unknown options are errors. */

export type Parsed = Record<string, string | boolean>;

export function parseArgs(argv: string[], known: Record<string, 'string' | 'boolean'>): Parsed {
  const out: Parsed = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    const kind = known[name];
    if (!kind) throw new Error(`unknown option --${name}`);
    if (kind === 'boolean') {
      out[name] = inline === undefined ? true : inline !== 'false';
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    out[name] = value;
  }
  return out;
}

export function intOption(parsed: Parsed, name: string, fallback: number, min = 0, max = 65535): number {
  const raw = parsed[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}
