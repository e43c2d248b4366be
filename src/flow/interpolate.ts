/** The outcome of `${VAR}` / `${VAR:-default}` substitution in one string. */
export interface Interpolated {
  value: string;
  missing: string[];
  /** Variables named like a secret: never substituted (left as written), reported by name only. */
  secret: string[];
}

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Names that hold secrets: the server's own (PLIVO_AUTH_TOKEN, CALLS_API_TOKEN, PLIVO_AUTH_ID)
 * and anything named like a token, secret, password, key or credential. A flow is spoken to
 * every caller and shown on the page, so these are never put into one.
 */
const SECRET_NAME = /TOKEN|SECRET|PASSW|PWD|KEY|CREDENTIAL|PRIVATE|AUTH/i;

/** Whether `${name}` is refused in a flow because the variable holds (or may hold) a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Replaces `${VAR}` and `${VAR:-default}` with values from `env`, like a shell.
 * An empty variable counts as unset, so `${X:-d}` gives `d` when X is "". Pure; never throws:
 * variables that are unset and have no default are listed in `missing`, variables named like
 * a secret in `secret` (both left as written, so no value ever reaches the flow).
 */
export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): Interpolated {
  const missing: string[] = [];
  const secret: string[] = [];
  const value = text.replace(PLACEHOLDER, (whole, name: string, fallback: string | undefined) => {
    if (isSecretName(name)) {
      secret.push(name);
      return whole;
    }
    const set = Object.hasOwn(env, name) ? env[name] : undefined;
    if (set !== undefined && set !== '') return set;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return whole;
  });
  return { value, missing, secret };
}
