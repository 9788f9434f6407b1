/** Boot admission: a second's worth of boots at once, the others Pending with a turn each, spread and kept. */
import assert from 'node:assert/strict';
import { Admission, BootAdmission } from '../../lib/ocpp/boot-admission';

const retryOf = (a: Admission): number => (a.admitted ? 0 : a.retryInS);

describe('boot admission', () => {
  it('accepts a second\'s worth at once and gives the others turns spread over the following seconds', () => {
    let now = 1_000_000;
    const admission = new BootAdmission(10, () => now);
    const first = Array.from({ length: 35 }, (_, i) => admission.admit(`CP${i}`));
    assert.equal(first.filter((a) => a.admitted).length, 10);
    // Ten turns a second: the waiting stations come back in groups of ten, one group a second.
    const retries = first.filter((a) => !a.admitted).map(retryOf);
    assert.deepEqual(retries, [...Array(10).fill(1), ...Array(10).fill(2), ...Array(5).fill(3)]);
    assert.equal(admission.waiting, 25);
    // Each station back after its interval is accepted; none of them waits twice.
    for (let second = 1; second <= 3; second++) {
      now = 1_000_000 + second * 1000;
      const back = first.map((a, i) => [a, i] as const).filter(([a]) => retryOf(a) === second);
      for (const [, i] of back) assert.deepEqual(admission.admit(`CP${i}`), { admitted: true }, `CP${i} at ${second} s`);
    }
    assert.equal(admission.waiting, 0);
  });

  it('tells a station back too early how long is left of its wait, and keeps its place', () => {
    let now = 0;
    const admission = new BootAdmission(1, () => now);
    assert.equal(admission.admit('A').admitted, true);
    assert.equal(retryOf(admission.admit('B')), 1);
    assert.equal(retryOf(admission.admit('C')), 2);
    now = 100;
    assert.equal(retryOf(admission.admit('C')), 1, 'C asked again before its turn: what is left of the same turn');
    // A newcomer queues behind C, not before it.
    assert.equal(retryOf(admission.admit('D')), 2);
    now = 1100;
    assert.equal(admission.admit('C').admitted, true, 'accepted anywhere in the second of its turn');
    assert.equal(admission.admit('D').admitted, false);
  });

  it('admits everyone when boots come slower than the rate', () => {
    let now = 0;
    const admission = new BootAdmission(5, () => now);
    for (let i = 0; i < 50; i++) {
      now += 250;
      assert.equal(admission.admit(`S${i}`).admitted, true);
    }
  });

  it('forgets the turns of stations that never came back', () => {
    let now = 0;
    const admission = new BootAdmission(1, () => now);
    for (let i = 0; i < 5; i++) admission.admit(`GONE${i}`);
    assert.equal(admission.waiting, 4);
    now = 10 * 60_000;
    assert.equal(admission.admit('LATE').admitted, true);
    assert.equal(admission.waiting, 0);
  });
});
