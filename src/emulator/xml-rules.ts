/**
 * What Plivo accepts in a document: for each element, the attributes it takes (with a check of
 * the value), the elements it may contain and whether it takes text. Attribute and nesting
 * lists follow the plivo SDK's XML builder (`dist/utils/plivoxml.js`, plivo 4.79), which mirrors
 * what the service accepts; value checks follow Plivo's XML reference and its open-source
 * framework (e.g. GetDigits `numDigits`, `timeout`, `retries` must be positive integers).
 */

import { GET_INPUT_RULE } from './get-input-rules.js';
import { absoluteUrl, type ElementRule, type ValueCheck } from './value-checks.js';

export { absoluteUrl, type ElementRule, type ValueCheck } from './value-checks.js';

const anything: ValueCheck = () => null;

const oneOf =
  (...allowed: string[]): ValueCheck =>
  (v) =>
    allowed.includes(v) ? null : `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got "${v}"`;

const integer =
  (min: number): ValueCheck =>
  (v) =>
    /^\d+$/.test(v.trim()) && Number(v) >= min
      ? null
      : `must be an integer${min > 0 ? ` ≥ ${min}` : ' ≥ 0'}, got "${v}"`;

const matches =
  (pattern: RegExp, what: string): ValueCheck =>
  (v) =>
    pattern.test(v) ? null : `must be ${what}, got "${v}"`;

const method = oneOf('GET', 'POST');
const bool = oneOf('true', 'false');
const positive = integer(1);
const nonNegative = integer(0);
const keys = matches(/^[0-9*#]*$/, 'phone keys (0-9, *, #)');
const oneKeyOrNone = matches(/^[0-9*#]?$/, 'one phone key (0-9, *, #) or empty');
const nonEmpty: ValueCheck = (v) => (v.trim() === '' ? 'must not be empty' : null);

/** Attribute names only; values are not checked (elements the emulator does not run). */
const names = (...list: string[]): Record<string, ValueCheck> =>
  Object.fromEntries(list.map((n) => [n, anything]));

const SSML = ['break', 'emphasis', 'lang', 'p', 'phoneme', 'prosody', 's', 'say-as', 'sub', 'w'];
const SSML_INLINE = ['break', 'emphasis', 'lang', 'phoneme', 'prosody', 'say-as', 'sub', 'w'];

const ssml = (attributes: string[], children: string[]): ElementRule => ({
  attributes: names(...attributes),
  children,
  text: 'optional',
});

export const ELEMENT_RULES: Readonly<Record<string, ElementRule>> = {
  Response: {
    attributes: {},
    children: ['Speak', 'Play', 'GetDigits', 'GetInput', 'Record', 'Dial', 'Message', 'Redirect', 'Wait',
      'Hangup', 'PreAnswer', 'Conference', 'DTMF', 'MultiPartyCall', 'Stream'],
    text: 'none',
  },
  Speak: {
    attributes: {
      voice: matches(/^(WOMAN|MAN|Polly\.[A-Za-z]+(-Neural)?)$/, 'WOMAN, MAN or Polly.<Name>'),
      language: matches(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'a language code like en-US'),
      loop: nonNegative,
    },
    children: SSML,
    text: nonEmpty,
  },
  Play: { attributes: { loop: nonNegative }, children: [], text: absoluteUrl },
  Wait: {
    attributes: { length: positive, silence: bool, min_silence: positive, minSilence: positive, beep: bool },
    children: [],
    text: 'none',
  },
  GetDigits: {
    attributes: {
      action: absoluteUrl, method, timeout: positive, digitTimeout: positive, finishOnKey: oneKeyOrNone,
      numDigits: positive, retries: positive, invalidDigitsSound: absoluteUrl,
      validDigits: matches(/^[0-9*#]+$/, 'phone keys (0-9, *, #)'), playBeep: bool, redirect: bool, log: bool,
    },
    children: ['Speak', 'Play', 'Wait'],
    text: 'none',
  },
  Dial: {
    attributes: {
      action: absoluteUrl, method, timeout: positive, hangupOnStar: bool, timeLimit: positive,
      callerId: anything, callerName: anything, confirmSound: absoluteUrl,
      dialMusic: (v) => (v === 'real' ? null : absoluteUrl(v)), confirmKey: oneKeyOrNone, redirect: bool,
      callbackUrl: absoluteUrl, callbackMethod: method, digitsMatch: anything, digitsMatchBLeg: anything,
      sipHeaders: anything, confirmTimeout: positive,
    },
    children: ['Number', 'User'],
    text: 'none',
  },
  Number: {
    attributes: {
      sendDigits: matches(/^[0-9*#wW]*$/, 'keys and w/W pauses'), sendOnPreanswer: bool,
      sendDigitsMode: anything, callerId: anything, callerName: anything,
    },
    children: [],
    text: matches(/^\s*\+?\d+\s*$/, 'a phone number (digits, optional leading +)'),
  },
  User: {
    attributes: {
      sendDigits: matches(/^[0-9*#wW]*$/, 'keys and w/W pauses'), sendOnPreanswer: bool,
      sipHeaders: anything, callerId: anything, callerName: anything,
    },
    children: [],
    text: matches(/^\s*sip:\S+\s*$/, 'a SIP URI (sip:…)'),
  },
  Record: {
    attributes: {
      action: absoluteUrl, method, timeout: positive, finishOnKey: keys, maxLength: positive, playBeep: bool,
      recordSession: bool, startOnDialAnswer: bool, redirect: bool, fileFormat: oneOf('mp3', 'wav'),
      callbackUrl: absoluteUrl, callbackMethod: method, transcriptionType: oneOf('auto', 'hybrid'),
      transcriptionUrl: absoluteUrl, transcriptionMethod: method, recordChannelType: oneOf('mono', 'stereo'),
    },
    children: [],
    text: 'none',
  },
  Redirect: { attributes: { method }, children: [], text: absoluteUrl },
  Hangup: { attributes: { schedule: nonNegative, reason: oneOf('rejected', 'busy') }, children: [], text: 'none' },
  GetInput: GET_INPUT_RULE,
  PreAnswer: {
    attributes: {},
    children: ['Play', 'Speak', 'GetDigits', 'Wait', 'Redirect', 'Message', 'DTMF'],
    text: 'none',
  },
  Message: { attributes: names('src', 'dst', 'type', 'callbackUrl', 'callbackMethod'), children: [], text: 'optional' },
  DTMF: { attributes: names('digits', 'async'), children: [], text: 'optional' },
  Conference: {
    attributes: names('muted', 'beep', 'startConferenceOnEnter', 'endConferenceOnExit', 'waitSound', 'enterSound',
      'exitSound', 'timeLimit', 'hangupOnStar', 'maxMembers', 'record', 'recordWhenAlone', 'recordFileFormat',
      'action', 'method', 'redirect', 'digitsMatch', 'callbackUrl', 'callbackMethod', 'stayAlone', 'floorEvent',
      'transcriptionType', 'transcriptionUrl', 'transcriptionMethod', 'relayDTMF'),
    children: [],
    text: 'optional',
  },
  MultiPartyCall: {
    attributes: names('role', 'maxDuration', 'maxParticipants', 'recordMinMemberCount', 'waitMusicUrl',
      'waitMusicMethod', 'agentHoldMusicUrl', 'agentHoldMusicMethod', 'customerHoldMusicUrl',
      'customerHoldMusicMethod', 'record', 'recordFileFormat', 'recordingCallbackUrl', 'recordingCallbackMethod',
      'statusCallbackEvents', 'statusCallbackUrl', 'statusCallbackMethod', 'stayAlone', 'coachMode', 'mute', 'hold',
      'startMpcOnEnter', 'endMpcOnExit', 'enterSound', 'enterSoundMethod', 'exitSound', 'exitSoundMethod',
      'onExitActionUrl', 'onExitActionMethod', 'relayDTMFInputs', 'startRecordingAudio', 'startRecordingAudioMethod',
      'stopRecordingAudio', 'stopRecordingAudioMethod', 'recordParticipantTrack'),
    children: [],
    text: 'optional',
  },
  Stream: {
    attributes: names('bidirectional', 'audioTrack', 'streamTimeout', 'statusCallbackUrl', 'statusCallbackMethod',
      'contentType', 'extraHeaders', 'keepCallAlive'),
    children: [],
    text: 'optional',
  },
  break: ssml(['strength', 'time'], []),
  emphasis: ssml(['level'], SSML_INLINE),
  lang: ssml(['xml:lang'], SSML),
  p: ssml([], SSML_INLINE.concat('s')),
  phoneme: ssml(['alphabet', 'ph'], []),
  prosody: ssml(['pitch', 'rate', 'volume'], SSML),
  s: ssml([], SSML_INLINE),
  'say-as': ssml(['interpret-as', 'format'], []),
  sub: ssml(['alias'], []),
  w: ssml(['role'], ['break', 'emphasis', 'phoneme', 'prosody', 'say-as', 'sub']),
};
