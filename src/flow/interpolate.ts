/** The outcome of `${VAR}` / `${VAR:-default}` substitution in one string. */
export interface Interpolated { value: string; missing: string[] }

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` and `${VAR:-default}` with values from `env`, like a shell.
 * An empty variable counts as unset, so `${X:-d}` gives `d` when X is "". Pure; never throws:
 * variables that are unset and have no default are listed in `missing` (and left as written).
 */
export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): Interpolated {
  const missing: string[] = [];
  const value = text.replace(PLACEHOLDER, (whole, name: string, fallback: string | undefined) => {
    const set = env[name];
    if (set !== undefined && set !== '') return set;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return whole;
  });
  return { value, missing };
}
