/** The sounds of a phone line, as frequencies: what `call-audio` asks sox to synthesise. */

/** DTMF: each key is the sum of a row and a column frequency (ITU-T Q.23). */
export const DTMF_HZ: Readonly<Record<string, readonly [number, number]>> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477],
  '*': [941, 1209], '0': [941, 1336], '#': [941, 1477],
};

/** North American ringback: 440 + 480 Hz, 2 s on, 4 s off. */
export const RINGBACK = { hz: [440, 480] as const, onSeconds: 2, offSeconds: 4 };

/** The beep before a recording. */
export const RECORD_BEEP = { hz: 1000, seconds: 0.4 };

/** North American reorder/busy tone, played three times when the call ends: 480 + 620 Hz, 0.25 s on, 0.25 s off. */
export const HANGUP_TONE = { hz: [480, 620] as const, onSeconds: 0.25, offSeconds: 0.25, times: 3 };

/** How long a key is held, and the gap between keys. */
export const KEY_SECONDS = 0.15;
export const KEY_GAP_SECONDS = 0.1;

/** A caller listens to the end of a prompt and thinks a moment before pressing. */
export const THINKING_SECONDS = 1;

/** espeak-ng voice for a Plivo Speak language (`es-US` → `es-419`), with a variant for MAN/WOMAN. */
export function espeakVoice(language: string, voice: string): string {
  const code = language.toLowerCase();
  const table: Readonly<Record<string, string>> = {
    'en-us': 'en-us', 'en-gb': 'en-gb', 'en-au': 'en-us', 'en-in': 'en-us',
    'es-us': 'es-419', 'es-mx': 'es-419', 'es-es': 'es',
    'fr-fr': 'fr-fr', 'fr-ca': 'fr-fr', 'pt-br': 'pt-br', 'pt-pt': 'pt',
    'de-de': 'de', 'it-it': 'it', 'nl-nl': 'nl', 'ja-jp': 'ja', 'cmn-cn': 'cmn',
  };
  const base = table[code] ?? code.split('-')[0] ?? 'en';
  return `${base}+${voice === 'MAN' ? 'm3' : 'f3'}`;
}
