/** A local stand-in for Plivo: runs Plivo XML against real webhooks, in Node or a browser. */
export { runCall } from './call.js';
export { noteGatherTries, scriptedCaller, type ScriptOptions } from './caller.js';
export { describe as describeEvent, formatTime, formatTranscript } from './format.js';
export { judgeKeys, type Judgement } from './get-digits.js';
export { makeNonce, signV3, v3SignatureBase, type SignatureInput } from './signature.js';
export {
  DEFAULT_SEMANTICS,
  type CallOutcome,
  type Caller,
  type DialOutcome,
  type DialRequest,
  type GatherPrompt,
  type HttpMethod,
  type RecordRequest,
  type RecordResult,
  type RequestPurpose,
  type RunCallOptions,
  type Semantics,
  type Transcript,
  type TranscriptEvent,
} from './types.js';
export { parseXml, readPlivoXml, textContent, validatePlivoXml, type PlivoElement, type XmlProblem, type XmlReadResult } from './xml.js';
