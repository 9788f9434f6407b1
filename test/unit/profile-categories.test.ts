import assert from 'node:assert/strict';
import { BadgeBook, CategoryError, readBadgeRules, readCategories, ruleForBadge } from '../../lib/profiles';

const CATEGORIES = [
  { name: 'sales', profile: { periods: [{ startPeriod: 0, limit: 16 }] } },
  { name: 'technicians', profile: '{"stackLevel": 2, "periods": [{"startPeriod": 0, "limit": 32}, {"startPeriod": 3600, "limit": 16}]}' },
  { name: 'management', profile: { kind: 'Absolute', startSchedule: '2026-12-01T00:00:00Z', unit: 'W', periods: [{ startPeriod: 0, limit: 11000 }] } },
];

describe('user categories', () => {
  it('reads each category\'s profile as a Tx profile, Relative and in A at stack level 1 unless it says otherwise', () => {
    const [sales, technicians, management] = readCategories(CATEGORIES);
    assert.deepEqual(sales, { name: 'sales', template: { id: 0, stackLevel: 1, purpose: 'Tx', kind: 'Relative', unit: 'A', periods: [{ startPeriod: 0, limit: 16 }] } });
    assert.deepEqual([technicians.template.stackLevel, technicians.template.periods.length], [2, 2]);
    assert.deepEqual([management.template.kind, management.template.unit, management.template.startSchedule], ['Absolute', 'W', Date.UTC(2026, 11, 1)]);
    assert.deepEqual(readCategories(undefined), []);
  });

  it('says which category is wrong and why', () => {
    const refused = (input: unknown, pattern: RegExp) => assert.throws(() => readCategories(input), (err) => err instanceof CategoryError && pattern.test(err.message));
    refused({ sales: {} }, /the categories must be a list/);
    refused(['sales'], /category 1 must be an object with a name and a profile/);
    refused([{ name: ' ', profile: {} }], /category 1 has no name/);
    refused([CATEGORIES[0], { ...CATEGORIES[0], name: 'Sales' }], /two categories are called Sales/);
    refused([{ name: 'night', profile: '{periods: []' }], /category night: its profile is not valid JSON/);
    refused([{ name: 'night', profile: { periods: [{ startPeriod: 0, limit: 'lots' }] } }], /category night: periods\[0\]\.limit must be a number/);
    refused([{ name: 'night', profile: { purpose: 'TxDefault', periods: [{ startPeriod: 0, limit: 8 }] } }], /category night: its profile is a Tx profile for the badge's transaction, not TxDefault/);
    refused([{ name: 'night', profile: { periods: [{ startPeriod: 0, limit: 8.25 }] } }], /category night: periods\[0\]\.limit: a limit is 0 or more, with at most one decimal/);
  });

  it('reads badge rules that name a known category, exact or a prefix ending with *', () => {
    const categories = readCategories(CATEGORIES);
    assert.deepEqual(readBadgeRules([{ idTag: 'TECH-*', category: 'Technicians' }, { idTag: '04A1B2C3', category: 'sales' }], categories), [
      { idTag: 'TECH-*', category: 'technicians' }, { idTag: '04A1B2C3', category: 'sales' },
    ]);
    assert.throws(() => readBadgeRules([{ idTag: 'TECH-*', category: 'drivers' }], categories), /badge rule 1: no category "drivers" \(known: sales, technicians, management\)/);
    assert.throws(() => readBadgeRules([{ idTag: 'TE*CH', category: 'sales' }], categories), /badge rule 1: the badge must be an idTag of up to 36 characters/);
    assert.throws(() => readBadgeRules([{ idTag: 'A B', category: 'sales' }], categories), /badge rule 1/);
    assert.throws(() => readBadgeRules(['TECH-*'], categories), /badge rule 1 must be an object/);
  });

  it('an exact rule wins over prefixes, the longest prefix over shorter ones, without regard to case', () => {
    const rules = [
      { idTag: '*', category: 'sales' }, { idTag: 'TECH-*', category: 'technicians' },
      { idTag: 'TECH-BOSS-*', category: 'management' }, { idTag: 'TECH-007', category: 'sales' },
    ];
    assert.equal(ruleForBadge('tech-042', rules)?.category, 'technicians');
    assert.equal(ruleForBadge('TECH-BOSS-1', rules)?.category, 'management');
    assert.equal(ruleForBadge('TECH-007', rules)?.category, 'sales');
    assert.equal(ruleForBadge('VISITOR', rules)?.idTag, '*');
    assert.equal(ruleForBadge('VISITOR', rules.slice(1)), undefined);
    // The order of the rules does not matter.
    assert.equal(ruleForBadge('TECH-BOSS-1', [...rules].reverse())?.category, 'management');
  });

  it('a book of rules takes new ones while the flow runs, one per badge pattern', () => {
    const categories = readCategories(CATEGORIES);
    const book = new BadgeBook(categories, [{ idTag: 'TECH-*', category: 'technicians' }]);
    assert.equal(book.lookup('TECH-1')?.category.template.stackLevel, 2);
    assert.equal(book.lookup('SALES-1'), undefined);
    assert.deepEqual(book.add('sales-*', 'SALES'), { idTag: 'sales-*', category: 'sales' });
    assert.deepEqual(book.add('TECH-*', 'management'), { idTag: 'TECH-*', category: 'management' });
    assert.equal(book.size, 2);
    assert.deepEqual([book.lookup('SALES-1')?.category.name, book.lookup('tech-1')?.rule.category], ['sales', 'management']);
    assert.throws(() => book.add('X', 'nobody'), /no category "nobody"/);
  });
});
