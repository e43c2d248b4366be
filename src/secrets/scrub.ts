/**
 * Secrets never leave the server: every text it sends (XML, JSON, error bodies) and every log
 * line goes through a scrubber that replaces each secret, in each form it can take, with
 * `[redacted]`.
 */

export interface SecretSources {
  /** Secret values (undefined and empty ones are skipped). */
  secrets: readonly (string | undefined)[];
  /** [id, token] pairs sent as HTTP Basic auth: `base64(id:token)` is as secret as the token. */
  basic?: readonly (readonly [string, string])[];
}

/** Shorter than this, a "secret" would redact ordinary words and digits. */
const MIN_LENGTH = 4;

/** Each secret as written, percent-encoded, and as Basic credentials; longest first, so a longer form is replaced whole. */
export function secretForms(sources: SecretSources): string[] {
  const forms = new Set<string>();
  for (const secret of sources.secrets) {
    if (secret === undefined || secret.length < MIN_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  for (const [id, token] of sources.basic ?? []) {
    if (token.length < MIN_LENGTH) continue;
    const basic = Buffer.from(`${id}:${token}`, 'utf8').toString('base64');
    forms.add(basic);
    // Inside a longer base64 text, or with padding cut, the bulk of it still shows.
    forms.add(basic.replace(/=+$/, ''));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** A function that replaces every one of `forms` in a text; returns the same string when there is nothing to replace. */
export function scrubber(forms: readonly string[]): (text: string) => string {
  const usable = forms.filter((form) => form.length >= MIN_LENGTH);
  if (usable.length === 0) return (text) => text;
  return (text) => {
    if (!usable.some((form) => text.includes(form))) return text;
    return usable.reduce((clean, form) => clean.split(form).join('[redacted]'), text);
  };
}
