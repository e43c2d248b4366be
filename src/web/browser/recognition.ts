/**
 * The browser's own speech recognition (Chrome's webkitSpeechRecognition, the standard
 * SpeechRecognition elsewhere), reduced to what the phone needs: one utterance in one language.
 * Absent in most headless browsers and in Firefox: the Say box works everywhere.
 */

/** The part of the Web Speech API the phone uses (TypeScript's DOM library does not declare it). */
export interface Recognition {
  start(): void;
  abort(): void;
  onend: (() => void) | null;
}

interface SpeechRecognitionLike extends Recognition {
  lang: string;
  interimResults: boolean;
  maxAlternatives: number;
  onresult: ((event: { results: ArrayLike<ArrayLike<{ transcript: string; confidence: number }>> }) => void) | null;
}

type SpeechRecognitionClass = new () => SpeechRecognitionLike;

/** A factory for one-utterance recognitions in a language, or undefined when the browser has none. */
export function recognizer(): ((language: string, heard: (text: string, confidence: number) => void) => Recognition) | undefined {
  const scope = globalThis as unknown as { SpeechRecognition?: SpeechRecognitionClass; webkitSpeechRecognition?: SpeechRecognitionClass };
  const Class = scope.SpeechRecognition ?? scope.webkitSpeechRecognition;
  if (Class === undefined) return undefined;
  return (language, heard) => {
    const recognition = new Class();
    recognition.lang = language;
    recognition.interimResults = false;
    recognition.maxAlternatives = 1;
    recognition.onresult = (event) => {
      const best = event.results[0]?.[0];
      // Some engines report 0 when they do not compute a confidence: take that as unknown.
      if (best !== undefined) heard(best.transcript, best.confidence > 0 ? best.confidence : 0.9);
    };
    return recognition;
  };
}
