/** A local stand-in for Plivo: runs Plivo XML against real webhooks, in Node or a browser. */
export { runCall } from './call.js';
export { noteGatherTries, parseScriptEntry, scriptedCaller, type ScriptOptions } from './caller.js';
export { describe as describeEvent, formatTime, formatTranscript } from './format.js';
export { judgeKeys, type Judgement } from './get-digits.js';
export { hear, maskProfanity, type Heard, type Listening } from './get-input.js';
export { GET_INPUT_RULE, HINT_LIMITS, hintPhrases, INPUT_TYPES, SPEECH_MODELS } from './get-input-rules.js';
export { makeNonce, signV3, v3SignatureBase, type SignatureInput } from './signature.js';
export {
  DEFAULT_SEMANTICS,
  type CallOutcome,
  type Caller,
  type CallerAct,
  type DialOutcome,
  type DialRequest,
  type GatherPrompt,
  type HttpMethod,
  type InputType,
  type ListenPrompt,
  type RecordRequest,
  type RecordResult,
  type RequestPurpose,
  type RunCallOptions,
  type Semantics,
  type Transcript,
  type TranscriptEvent,
} from './types.js';
export { parseXml, readPlivoXml, textContent, validatePlivoXml, type PlivoElement, type XmlProblem, type XmlReadResult } from './xml.js';
