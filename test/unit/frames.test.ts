import assert from 'node:assert/strict';
import { errorFrame, parseFrame, pruneEmpty, pruneNullish } from '../../lib/ocpp/frames';
import { readErrorCode, spellErrorCode } from '../../lib/ocpp/errors';

describe('OCPP-J frames', () => {
  it('parses the three message types', () => {
    assert.deepEqual(parseFrame('[2,"a1","Heartbeat",{}]', '1.6'), { kind: 'call', id: 'a1', action: 'Heartbeat', payload: {} });
    assert.deepEqual(parseFrame('[3,"a1",{"currentTime":"x"}]', '1.6'), { kind: 'result', id: 'a1', payload: { currentTime: 'x' } });
    const err = parseFrame('[4,"a1","FormationViolation","bad",{}]', '1.6');
    assert.equal(err.kind, 'error');
    assert.equal(err.kind === 'error' && err.code, 'FormatViolation');
  });

  it('answers unreadable ids with "-1" and salvages the id of broken JSON when it can', () => {
    assert.deepEqual(parseFrame('not json', '2.0.1'), { kind: 'invalid', id: '-1', code: 'RpcFrameworkError', description: 'Message is not valid JSON' });
    const salvaged = parseFrame('[2,"abc","Heartbeat",{', '2.0.1');
    assert.equal(salvaged.kind === 'invalid' && salvaged.id, 'abc');
    assert.equal(salvaged.kind === 'invalid' && salvaged.code, 'FormatViolation');
    const longId = parseFrame(JSON.stringify([2, 'x'.repeat(37), 'Heartbeat', {}]), '2.0.1');
    assert.equal(longId.kind === 'invalid' && longId.id, '-1');
    const numericId = parseFrame('[2,5,"Heartbeat",{}]', '1.6');
    assert.equal(numericId.kind === 'invalid' && numericId.id, '-1');
  });

  it('rejects payloads that are not objects and calls of the wrong length', () => {
    const nullPayload = parseFrame('[2,"a","Heartbeat",null]', '1.6');
    assert.equal(nullPayload.kind === 'invalid' && nullPayload.code, 'FormatViolation');
    const short = parseFrame('[2,"a","Heartbeat"]', '1.6');
    assert.equal(short.kind === 'invalid' && short.code, 'RpcFrameworkError');
    assert.equal(short.kind === 'invalid' && short.id, 'a');
  });

  it('ignores unknown message types in 1.6 and answers MessageTypeNotSupported in 2.0.1', () => {
    const v16 = parseFrame('[7,"a",{}]', '1.6');
    assert.equal(v16.kind === 'invalid' && v16.id, undefined);
    const v201 = parseFrame('[7,"a",{}]', '2.0.1');
    assert.equal(v201.kind === 'invalid' && v201.code, 'MessageTypeNotSupported');
    assert.equal(v201.kind === 'invalid' && v201.id, 'a');
  });

  it('spells error codes per version and reads both spellings', () => {
    assert.equal(spellErrorCode('FormatViolation', '1.6'), 'FormationViolation');
    assert.equal(spellErrorCode('OccurrenceConstraintViolation', '1.6'), 'OccurenceConstraintViolation');
    assert.equal(spellErrorCode('RpcFrameworkError', '1.6'), 'GenericError');
    assert.equal(spellErrorCode('FormatViolation', '2.0.1'), 'FormatViolation');
    assert.equal(readErrorCode('OccurenceConstraintViolation'), 'OccurrenceConstraintViolation');
    assert.equal(readErrorCode('Nonsense'), 'GenericError');
    const frame = JSON.parse(errorFrame('id', 'FormatViolation', '1.6', 'x'.repeat(300)));
    assert.equal(frame[2], 'FormationViolation');
    assert.equal(frame[3].length, 255);
    assert.deepEqual(frame[4], {});
  });

  it('can keep the empty objects and lists a schema requires, dropping only absent values', () => {
    assert.deepEqual(pruneNullish({ a: null, b: {}, c: [], d: [1, null], e: { f: undefined } }), { b: {}, c: [], d: [1], e: {} });
  });

  it('omits empty optional fields but keeps one-element lists', () => {
    assert.deepEqual(pruneEmpty({ a: null, b: {}, c: [], d: [1], e: { f: undefined }, g: 0, h: '' }), { d: [1], g: 0, h: '' });
  });
});
