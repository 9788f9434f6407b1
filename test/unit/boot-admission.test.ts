/** Boot admission: a second's worth of boots at once, the others Pending with a turn each, spread and kept. */
import assert from 'node:assert/strict';
import { Admission, BootAdmission } from '../../lib/ocpp/boot-admission';

const retryOf = (a: Admission): number => (a.admitted ? 0 : a.retryInS);

describe('boot admission', () => {
  it('accepts a second\'s worth at once and gives the others turns spread over the following seconds', () => {
    const start = 1_000_000;
    let now = start;
    const admission = new BootAdmission(10, () => now);
    const first = Array.from({ length: 35 }, (_, i) => admission.admit(`CP${i}`));
    assert.equal(first.filter((a) => a.admitted).length, 10);
    const retries = first.map(retryOf);
    // In order of arrival, never sooner than one before; at most ten a second come back.
    retries.forEach((r, i) => assert.ok(i === 0 || r >= retries[i - 1], `CP${i} overtook an earlier station`));
    for (let second = 1; second <= 4; second++) assert.ok(retries.filter((r) => r === second).length <= 10, `${second} s`);
    assert.equal(admission.waiting, 25);
    // Each station back after its interval is accepted; none of them waits twice.
    for (let second = 1; second <= 4; second++) {
      now = start + second * 1000;
      retries.forEach((r, i) => {
        if (r === second) assert.deepEqual(admission.admit(`CP${i}`), { admitted: true }, `CP${i} at ${second} s`);
      });
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
    assert.equal(retryOf(admission.admit('C')), 2, 'C asked again before its turn: what is left of the same turn');
    // A newcomer queues behind C, not before it.
    assert.equal(retryOf(admission.admit('D')), 3);
    now = 1600;
    assert.equal(admission.admit('C').admitted, true, 'a little early for its turn is on time');
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
