/**
 * The on/off latency rows: the windows' own p99s are summed up in three figures, however many rounds ran, so a long
 * run keeps a readable table; a single round shows no such row.
 */
import assert from 'node:assert/strict';
import { onOffLatencyRows } from '../../bench/ocpp/on-off-table';
import type { LatencyFigures, OnOffRound } from '../../bench/ocpp/window-figures';

function figures(p99Ms: number): LatencyFigures {
  return {
    achievedPerSec: 1000, p50Ms: 1, p99Ms, maxMs: 2 * p99Ms, serverCpuPercent: 10, serverWaitPercent: 5, loaderWaitPercent: 2, errors: 0, unfinished: 0,
  };
}

const round = (off: number, on: number): OnOffRound => ({ off: figures(off), on: figures(on) });
const spreadRow = (rows: string[][]): string[] | undefined => rows.find((r) => r[0].startsWith('p99 ms of a round'));

describe('on/off latency table', () => {
  it('gives the lowest, median and highest window p99 of each mode in one cell', () => {
    const rounds = [round(4, 12.5), round(3, 5), round(9, 6), round(5, 7)];
    const rows = onOffLatencyRows(figures(5), figures(6), rounds, [], 'archive');
    assert.deepEqual(spreadRow(rows), ['p99 ms of a round: lowest / median / highest', '3.00 / 4.50 / 9.00', '5.00 / 6.50 / 12.5']);
  });

  it('keeps the cell the same width for sixty rounds as for two', () => {
    const many = Array.from({ length: 60 }, (_, i) => round(3 + (i % 7), 4 + (i % 5)));
    const cell = spreadRow(onOffLatencyRows(figures(5), figures(6), many, [], 'archive'))![1];
    assert.equal(cell, '3.00 / 6.00 / 9.00');
  });

  it('shows no spread for a single round', () => {
    assert.equal(spreadRow(onOffLatencyRows(figures(5), figures(6), [round(5, 6)], [], 'archive')), undefined);
  });
});
