/**
 * What a menu says when the flow does not say it: after a wrong key, after silence, before
 * hanging up, and the apology for a call whose node no longer exists. Keyed by the base
 * language (`pt` serves `pt-BR`); a flow in another language must write its own.
 */
export const BUILTIN_MESSAGES = {
  invalid: {
    en: 'Sorry, that is not one of the options.',
    es: 'Lo siento, esa no es una de las opciones.',
    fr: "Désolé, ce n'est pas l'une des options.",
    de: 'Entschuldigung, das ist keine der Optionen.',
    pt: 'Desculpe, essa não é uma das opções.',
    it: 'Spiacenti, questa non è una delle opzioni.',
  },
  noInput: {
    en: 'Sorry, I did not hear a choice.',
    es: 'Lo siento, no escuché ninguna opción.',
    fr: "Désolé, je n'ai entendu aucun choix.",
    de: 'Entschuldigung, ich habe keine Auswahl gehört.',
    pt: 'Desculpe, não ouvi nenhuma opção.',
    it: 'Spiacenti, non ho sentito alcuna scelta.',
  },
  goodbye: {
    en: 'Thank you for calling. Goodbye.',
    es: 'Gracias por llamar. Adiós.',
    fr: 'Merci de votre appel. Au revoir.',
    de: 'Danke für Ihren Anruf. Auf Wiederhören.',
    pt: 'Obrigado por ligar. Adeus.',
    it: 'Grazie per aver chiamato. Arrivederci.',
  },
  apology: {
    en: 'Sorry, that part of the menu has changed. Let us start again.',
    es: 'Lo siento, esa parte del menú ha cambiado. Empecemos de nuevo.',
    fr: 'Désolé, cette partie du menu a changé. Recommençons.',
    de: 'Entschuldigung, dieser Teil des Menüs hat sich geändert. Beginnen wir von vorn.',
    pt: 'Desculpe, essa parte do menu mudou. Vamos recomeçar.',
    it: 'Spiacenti, questa parte del menu è cambiata. Ricominciamo.',
  },
} as const;

export type BuiltinMessage = keyof typeof BUILTIN_MESSAGES;

/** The built-in text of `message` for `language`, if there is one. */
export function builtinText(message: BuiltinMessage, language: string): string | undefined {
  const base = language.split('-')[0] ?? language;
  const texts: Readonly<Record<string, string>> = BUILTIN_MESSAGES[message];
  return texts[base];
}
