/** The spread of a pooled-percentile ratio over rounds drawn again with replacement (bench/ocpp/resampled-ratio). */
import assert from 'node:assert/strict';
import { resampledRatio } from '../../bench/ocpp/resampled-ratio';
import { Samples } from '../../bench/ocpp/stats';

/** A window of 100 calls taking 0.01 to 1 ms, times `scale`, the slowest `slow` of them taking `slowMs` instead. */
function window(scale: number, slow = 0, slowMs = 0): Samples {
  const s = new Samples();
  for (let i = 1; i <= 100; i++) s.add(i > 100 - slow ? slowMs : (i / 100) * scale);
  return s;
}

describe('resampledRatio', () => {
  it('gives no spread when every round has the same ratio', () => {
    const base = Array.from({ length: 10 }, () => window(1));
    assert.deepEqual(resampledRatio(base, base, 99), { low: 1, high: 1, draws: 200 });
    const doubled = Array.from({ length: 10 }, () => window(2));
    assert.deepEqual(resampledRatio(base, doubled, 99), { low: 2, high: 2, draws: 200 });
  });

  it('spreads around the ratio when one round of one mode had a pause, and stays reproducible', () => {
    const base = Array.from({ length: 20 }, () => window(1));
    // One window of the other mode met a 10 ms pause that delayed 15 calls. The pooled p99 is the 21st slowest of
    // 2,000 calls (0.99 ms without the pause): drawn once, the window's 15 do not reach it; drawn twice, they do.
    const other = Array.from({ length: 20 }, (_x, i) => (i === 7 ? window(1, 15, 10) : window(1)));
    const r = resampledRatio(base, other, 99);
    assert.equal(r.draws, 200);
    assert.ok(r.low < r.high, `no spread: ${JSON.stringify(r)}`);
    // A draw leaves the window out about a third of the time (ratio 1), holds it twice or more about a quarter of it.
    assert.equal(r.low, 1);
    assert.equal(r.high, 10.1);
    assert.deepEqual(resampledRatio(base, other, 99), r, 'the same seed draws the same rounds');
    assert.equal(resampledRatio(base, other, 99, 50).draws, 50);
  });

  it('says nothing without rounds', () => {
    const r = resampledRatio([], [], 99);
    assert.equal(r.draws, 0);
    assert.ok(Number.isNaN(r.low) && Number.isNaN(r.high));
  });
});
