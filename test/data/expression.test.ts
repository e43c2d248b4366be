import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileExpression, fromCel, isExpressionError, toCel, type Expression } from '../../src/data/expression.js';

const vocabulary = { caller: 'string', rating: 'int', balance: 'double', vip: 'bool', headers: 'map<string, string>', now: 'google.protobuf.Timestamp' };

function compiled(source: string): Expression {
  const result = compileExpression(source, vocabulary, 'bool');
  if (isExpressionError(result)) assert.fail(`${source}: ${result.message}`);
  return result;
}

test('a condition reads the variables it names and evaluates against typed values', () => {
  const expression = compiled('caller.startsWith("+1") && rating >= 4 && [1, 2].exists(x, x < rating)');
  assert.deepEqual(expression.reads, ['caller', 'rating']);
  assert.equal(expression.evaluate({ caller: '+14155550111', rating: toCel('int', '5') }), true);
  assert.equal(expression.evaluate({ caller: '+4420', rating: toCel('int', 5) }), false);
});

test('time of day in a named zone', () => {
  const expression = compiled('now.getHours("America/New_York") >= 9 && now.getDayOfWeek("America/New_York") == 5');
  assert.equal(expression.evaluate({ now: new Date('2026-12-25T15:30:00Z') }), true);
  assert.equal(expression.evaluate({ now: new Date('2026-12-25T13:30:00Z') }), false);
});

test('mistakes are reported with the offset they are at', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['rating >= ', 10, /ends too early/],
    ['caller == "a" && ratng > 3', 17, /unknown variable `ratng`/],
    ['caller > 3', 0, /no such overload: string > int/],
    ['rating + 1', 0, /must be a bool, but this is a int/],
    ['now.getHours("Europe/Pariss") > 3', 13, /unknown time zone "Europe\/Pariss"/],
  ];
  for (const [source, offset, message] of cases) {
    const result = compileExpression(source, vocabulary, 'bool');
    assert.ok(isExpressionError(result), source);
    assert.equal(result.offset, offset, source);
    assert.match(result.message, message);
  }
});

test('no way out of the sandbox: JavaScript is not CEL', () => {
  for (const source of ['process.exit(1)', 'require("fs")', 'constructor.constructor("return 1")()', '(() => true)()']) {
    assert.ok(isExpressionError(compileExpression(source, vocabulary, 'bool')), source);
  }
});

test('values cross into CEL and back', () => {
  assert.equal(toCel('int', '42'), 42n);
  assert.equal(toCel('double', '12.5'), 12.5);
  assert.equal(toCel('bool', 'true'), true);
  assert.equal(fromCel(7n), 7);
  assert.equal(fromCel({}), undefined);
});
