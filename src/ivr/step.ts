import type { FlowNode, LanguageId, NodeId } from '../flow/types.js';
import type { CallState } from './urls.js';

/** What Plivo tells us in a webhook request, reduced to what a decision needs. */
export type CallInput =
  | { kind: 'arrive' }
  | { kind: 'digits'; digits: string }
  | { kind: 'no-input' }
  | { kind: 'dial-ended'; status: string }
  | { kind: 'recorded'; url: string };

/** The interpreter's decision for one request: data, so tables can test it. */
export type Decision =
  | { kind: 'enter' }
  | { kind: 'goto'; target: NodeId; language: LanguageId | undefined; value?: { name: string; digits: string } }
  | { kind: 'retry'; reason: 'no-input' | 'invalid'; attempt: number }
  | { kind: 'give-up'; reason: 'no-input' | 'invalid'; target: NodeId | undefined }
  | { kind: 'end' };

/**
 * Decides what happens next at `node` for a call in `state` given `input`. Pure; never throws.
 * Attempts are counted here, not by Plivo: every GetDigits is a single try, so the server
 * hears each wrong key and each silence and can answer it in the caller's language.
 */
export function decide(node: FlowNode, state: CallState, input: CallInput): Decision {
  if (node.type === 'menu') {
    if (input.kind === 'digits' && input.digits !== '') {
      const choice = node.choices.get(input.digits);
      if (choice) return { kind: 'goto', target: choice.goto, language: choice.language ?? state.language };
      return retryOrGiveUp(node.attempts, node.onExhausted, state, 'invalid');
    }
    // Plivo sends an empty Digits when only the finish key was pressed: that is no choice either.
    if (input.kind === 'no-input' || input.kind === 'digits') return retryOrGiveUp(node.attempts, node.onExhausted, state, 'no-input');
    return { kind: 'enter' };
  }
  if (node.type === 'input') {
    if (input.kind === 'digits' && input.digits !== '') {
      const { digits } = input;
      const fits = /^[0-9]+$/.test(digits) && digits.length >= node.minDigits && digits.length <= node.maxDigits;
      if (fits) return { kind: 'goto', target: node.next, language: state.language, value: { name: node.name, digits } };
      return retryOrGiveUp(node.attempts, node.onExhausted, state, 'invalid');
    }
    if (input.kind === 'no-input' || input.kind === 'digits') return retryOrGiveUp(node.attempts, node.onExhausted, state, 'no-input');
    return { kind: 'enter' };
  }
  if (node.type === 'record' && input.kind === 'recorded') return { kind: 'goto', target: node.next, language: state.language };
  if (node.type === 'dial' && input.kind === 'dial-ended') {
    if (input.status === 'completed') {
      // The caller talked to someone: after that the call ends, unless the flow says where to go.
      return node.next === undefined ? { kind: 'end' } : { kind: 'goto', target: node.next, language: state.language };
    }
    const target = input.status === 'busy' ? node.onBusy : input.status === 'failed' ? node.onFailed : node.onNoAnswer;
    return { kind: 'goto', target, language: state.language };
  }
  return { kind: 'enter' };
}

function retryOrGiveUp(attempts: number, onExhausted: NodeId | undefined, state: CallState, reason: 'no-input' | 'invalid'): Decision {
  if (state.attempt < attempts) return { kind: 'retry', reason, attempt: state.attempt + 1 };
  // The last attempt is used up: leave the menu (its onExhausted node, or goodbye and hang up)
  // rather than loop, so no caller is ever stuck in a menu.
  return { kind: 'give-up', reason, target: onExhausted };
}
