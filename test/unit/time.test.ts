import assert from 'node:assert/strict';
import { formatTimestamp, parseTimestamp, normalizeTimestamp } from '../../lib/ocpp/time';

describe('timestamps', () => {
  it('accepts ISO 8601 variants seen in the field', () => {
    const t = Date.UTC(2024, 4, 1, 8, 0, 0);
    assert.equal(parseTimestamp('2024-05-01T08:00:00Z'), t);
    assert.equal(parseTimestamp('2024-05-01T08:00:00.000Z'), t);
    assert.equal(parseTimestamp('2024-05-01T10:00:00+02:00'), t);
    assert.equal(parseTimestamp('2024-05-01T10:00:00+0200'), t);
    assert.equal(parseTimestamp('2024-05-01 08:00:00'), t);
    assert.equal(parseTimestamp('2024-05-01T08:00Z'), t);
    assert.equal(parseTimestamp('2024-05-01T08:00:00.123456Z'), t + 123);
  });

  it('refuses what is not a date-time', () => {
    for (const bad of ['', 'yesterday', '2024-13-01T00:00:00Z', '2024-05-01', 12]) assert.equal(parseTimestamp(bad), undefined);
  });

  it('emits strict RFC 3339 UTC with milliseconds', () => {
    assert.equal(formatTimestamp(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), '2024-01-02T03:04:05.006Z');
    assert.equal(normalizeTimestamp('2024-05-01T10:00:00+02:00'), '2024-05-01T08:00:00.000Z');
  });
});

describe('timestamps: impossible dates', () => {
  it('refuses days a month does not have, in the strict form too', () => {
    assert.equal(parseTimestamp('2024-02-30T00:00:00Z'), undefined);
    assert.equal(parseTimestamp('2023-02-29T00:00:00.000Z'), undefined);
    assert.equal(parseTimestamp('2024-02-29T00:00:00.000Z'), Date.UTC(2024, 1, 29));
    assert.equal(parseTimestamp('2024-04-31T10:00:00+02:00'), undefined);
  });
});
