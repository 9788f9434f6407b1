/**
 * How much a ratio of pooled percentiles (one mode's calls over another's, every call of all the rounds) owes to
 * the rounds a run happened to get. The rounds are drawn again with replacement, the same draw for both modes since
 * a round's two windows ran back to back on the same machine, and the ratio is taken again for each draw. On a
 * shared machine the spread is often wider than the effect being measured; the report says so beside the figure.
 */
import { Random } from '../../lib/simulator/random';
import { percentile, round, Samples } from './stats';

export interface ResampledRatio {
  /** 5th and 95th percentiles of the ratio over the draws (NaN with no rounds). */
  low: number;
  high: number;
  draws: number;
}

export function resampledRatio(base: readonly Samples[], other: readonly Samples[], p: number, draws = 200, seed = 1): ResampledRatio {
  const rounds = Math.min(base.length, other.length);
  if (rounds === 0) return { low: NaN, high: NaN, draws: 0 };
  const random = new Random(seed);
  const ratios = new Float64Array(draws);
  for (let d = 0; d < draws; d++) {
    const drawn = Array.from({ length: rounds }, () => random.int(0, rounds - 1));
    const pooled = (list: readonly Samples[]): number => percentile(Samples.pooled(drawn.map((i) => list[i])).sorted(), p);
    ratios[d] = pooled(other) / pooled(base);
  }
  ratios.sort();
  return { low: round(percentile(ratios, 5), 2), high: round(percentile(ratios, 95), 2), draws };
}
