/**
 * Spoken digits → the digits typed: "four zero seven one" → `4071`, "cuatro cero siete uno",
 * "quatre zéro sept un", "quatro zero sete um", and numerals as recognisers often write them
 * ("4 0 7 1", "40 71"). "double"/"triple" repeat the next digit. Fillers of the language are
 * skipped; any other word means this was not a string of digits. Pure.
 */
import { languageOf, meaningfulWords } from './normalize.js';

/** Digit words per language, accents dropped (as `plain` leaves them). */
const DIGITS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  en: {
    zero: '0', oh: '0', o: '0', nought: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7',
    eight: '8', nine: '9',
    // What recognisers write for a lone digit said on a phone line.
    won: '1', to: '2', too: '2', for: '4', fore: '4', ate: '8', niner: '9',
  },
  es: { cero: '0', uno: '1', una: '1', un: '1', dos: '2', tres: '3', cuatro: '4', cinco: '5', seis: '6', siete: '7', ocho: '8', nueve: '9' },
  fr: { zero: '0', un: '1', une: '1', deux: '2', trois: '3', quatre: '4', cinq: '5', six: '6', sept: '7', huit: '8', neuf: '9' },
  // "meia" (half a dozen) is how Brazilians say 6 in phone numbers.
  pt: { zero: '0', um: '1', uma: '1', dois: '2', duas: '2', tres: '3', quatro: '4', cinco: '5', seis: '6', meia: '6', sete: '7', oito: '8', nove: '9' },
  de: { null: '0', eins: '1', ein: '1', zwei: '2', zwo: '2', drei: '3', vier: '4', funf: '5', sechs: '6', sieben: '7', acht: '8', neun: '9' },
  it: { zero: '0', uno: '1', due: '2', tre: '3', quattro: '4', cinque: '5', sei: '6', sette: '7', otto: '8', nove: '9' },
};

const REPEAT: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  en: { double: 2, triple: 3 },
  es: { doble: 2, triple: 3 },
  fr: { double: 2, triple: 3 },
  pt: { duplo: 2, triplo: 3 },
  de: { doppel: 2 },
  it: { doppio: 2 },
};

/** Languages whose digit words are known. */
export const DIGIT_LANGUAGES: readonly string[] = Object.keys(DIGITS);

/**
 * The digits in `utterance`, said in `language` (a flow language key or a code like `es-US`),
 * or null when it holds anything but digits (and fillers). Pure.
 */
export function spokenDigits(utterance: string, language: string): string | null {
  const lang = languageOf(language);
  const names = DIGITS[lang] ?? {};
  const repeats = REPEAT[lang] ?? {};
  let digits = '';
  let times = 1;
  for (const word of meaningfulWords(utterance, lang)) {
    const repeat = repeats[word];
    if (repeat !== undefined && times === 1) {
      times = repeat;
      continue;
    }
    const digit = /^\d+$/.test(word) ? word : names[word];
    if (digit === undefined) return null;
    digits += times > 1 && digit.length === 1 ? digit.repeat(times) : digit;
    times = 1;
  }
  return digits === '' || times > 1 ? null : digits;
}
