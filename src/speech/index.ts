/** Speech, pure: matching what a caller said against menu phrases, spoken digits, intents. */
export { DIGIT_LANGUAGES, spokenDigits } from './digits.js';
export { HINT_LIMITS, hintsFor, hintsProblem } from './hints.js';
export { intentOf, type Intent, type IntentMatch } from './intent.js';
export { matchPhrase, type PhraseChoice, type PhraseMatch } from './match.js';
export { knowsLanguage, languageOf, meaningfulWords, plain, words } from './normalize.js';
