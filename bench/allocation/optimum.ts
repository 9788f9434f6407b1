/**
 * The offline optimum the allocators are compared with: with perfect knowledge of every session, the most energy
 * the site's limit allows (a linear programme solved by HiGHS): maximise Σ p·Δt with 0 ≤ p ≤ 6.6 kW while each EV
 * is present, each EV's energy at most its request, and the sum in each period at most the limit.
 */
import { BATTERY_MAX_KW, EVSE_MAX_A, PERIOD_H, Session, VOLTAGE } from './sessions';

interface HighsSolution { Status: string; ObjectiveValue: number }
interface Highs { solve(problem: string, options?: Record<string, unknown>): HighsSolution }

export async function optimumEnergyPercent(sessions: readonly Session[], capKw: number): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const highs = await (require('highs') as () => Promise<Highs>)();
  const maxKw = Math.min(BATTERY_MAX_KW, (EVSE_MAX_A * VOLTAGE) / 1000);
  const objective: string[] = [];
  const energy: string[] = [];
  const byPeriod = new Map<number, string[]>();
  const bounds: string[] = [];
  sessions.forEach((s, i) => {
    const vars: string[] = [];
    for (let t = s.arrival; t < s.departure; t++) {
      const v = `p${i}_${t}`;
      vars.push(v);
      objective.push(v);
      bounds.push(` 0 <= ${v} <= ${maxKw}`);
      let list = byPeriod.get(t);
      if (!list) byPeriod.set(t, (list = []));
      list.push(v);
    }
    if (vars.length) energy.push(` e${i}: ${vars.map((v) => `${PERIOD_H} ${v}`).join(' + ')} <= ${s.energyKwh}`);
  });
  const capacity = [...byPeriod].map(([t, vars]) => ` c${t}: ${vars.join(' + ')} <= ${capKw}`);
  // Long rows are split: the LP format reads lines of bounded length.
  const wrap = (row: string) => row.replace(/((?:\S+\s+){40})/g, '$1\n ');
  const lp = ['Maximize', wrap(` obj: ${objective.join(' + ')}`), 'Subject To', ...energy.map(wrap), ...capacity.map(wrap), 'Bounds', ...bounds, 'End'].join('\n');
  const solution = highs.solve(lp, { time_limit: 120 });
  if (solution.Status !== 'Optimal') throw new Error(`the LP optimum at ${capKw} kW: ${solution.Status}`);
  const requested = sessions.reduce((sum, s) => sum + s.energyKwh, 0);
  return ((solution.ObjectiveValue * PERIOD_H) / requested) * 100;
}
