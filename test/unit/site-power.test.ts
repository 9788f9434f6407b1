import assert from 'node:assert/strict';
import { projectFlow } from '../../flows/project';
import { siteFromCount } from '../../dashboards/site';
import { siteFromJson } from '../../lib/allocation/site-json';

type N = Record<string, any>;

describe('generated project: the site limit held by an allocator', () => {
  it('adds no allocator without a site limit', () => {
    assert.equal(projectFlow(siteFromCount(2)).filter((n) => n.type === 'evc-power-allocator').length, 0);
  });

  it('puts every terminal under the connection limit, with the live limit from the API and from the overview', () => {
    const flow = projectFlow(siteFromCount(3, { limitKw: 22, language: 'fr' })) as N[];
    const byId = new Map(flow.map((n) => [n.id, n]));
    const [allocator] = flow.filter((n) => n.type === 'evc-power-allocator');
    const site = siteFromJson(allocator.tree);
    assert.equal(site.root.limitW, 22_000);
    assert.deepEqual(site.root.children.map((c) => c.id), ['CP001/1', 'CP002/1', 'CP003/1']);
    assert.ok(byId.has(allocator.csms), 'the project CSMS');
    const field = flow.find((n) => n.type === 'ui_text_input' && n.name === 'live site limit')!;
    assert.equal(byId.get(field.group)?.type, 'ui_group', 'in a group of the dashboard');
    assert.match(field.label, /Limite du site en direct/);
    const check = byId.get(field.wires[0][0])!;
    const [toAllocator, toPlan] = check.wires[0];
    assert.equal(toAllocator, allocator.id);
    // The plan view's planner plans under the live limit too, through a link to its link in.
    const capacity = byId.get(toPlan)!;
    const link = byId.get(capacity.wires[0][0])!;
    const planIn = byId.get(link.links[0])!;
    assert.deepEqual([link.type, planIn.type, planIn.links, byId.get(planIn.wires[0][0])?.type], ['link out', 'link in', [link.id], 'evc-planner']);
    // An EVSE the limit leaves without its minimum is an alarm: the allocations go to the alarm router.
    const toAlarms = byId.get(allocator.wires[0][0])!;
    const alarmsIn = byId.get(toAlarms.links[0])!;
    assert.deepEqual([toAlarms.type, alarmsIn.name, alarmsIn.links, byId.get(alarmsIn.wires[0][0])?.type], ['link out', 'alarm requests', [toAlarms.id], 'evc-alarm-router']);
    const env = { get: (name: string) => (name === 'EVC_SITE_LIMIT_KW' ? '22' : undefined) };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const kw = (payload: unknown) => new Function('msg', 'env', capacity.func)({ payload }, env);
    assert.deepEqual(kw({ group: 'site', limitW: 11_000 }), { payload: { capacityKw: 11 } });
    assert.deepEqual(kw({ group: 'site' }), { payload: { capacityKw: 22 } }, 'the connection limit back');
    const warnings: string[] = [];
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const run = (payload: unknown) => new Function('msg', 'node', check.func)({ payload }, { warn: (w: string) => warnings.push(w) });
    assert.deepEqual(run('11'), { payload: { group: 'site', limitW: 11_000 } });
    assert.deepEqual(run(''), { payload: { group: 'site' } });
    assert.equal(run('-3'), null);
    assert.match(warnings[0], /number of kW/);
    assert.ok(flow.some((n) => n.type === 'http in' && n.url === '/api/site/limit' && n.method === 'post'));
  });
});
