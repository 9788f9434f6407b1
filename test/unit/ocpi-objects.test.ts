import assert from 'node:assert/strict';
import { evseStatus, locationOf } from '../../lib/ocpi/objects/locations';
import { CDR_SCHEMA, LOCATION_SCHEMA, problemsOf, SESSION_SCHEMA, TARIFF_SCHEMA } from '../../lib/ocpi/objects/schemas';
import { cdrId, cdrOf, sessionId, sessionOf } from '../../lib/ocpi/objects/sessions';
import { OcpiSiteSpec, readOcpiSite } from '../../lib/ocpi/objects/site';
import { costOf, tariffOf } from '../../lib/ocpi/objects/tariffs';
import type { StationSnapshot } from '../../lib/stations/types';

const T2 = { standard: 'IEC_62196_T2', format: 'SOCKET', powerType: 'AC_3_PHASE', maxVoltage: 230, maxAmperage: 32, maxPowerW: 22000 };
const SITE = {
  countryCode: 'fr', partyId: 'evc',
  location: { id: 'PARK1', name: 'Head office', address: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FRA', latitude: 48.8686, longitude: 2.3311, timeZone: 'Europe/Paris', operator: 'EV Charge' },
  terminals: [
    { id: 'CP001', tariffId: 'STD', evses: [{ evseId: 1, emi3: 'FR*EVC*E0001', connector: T2 }, { evseId: 2, connector: T2 }] },
    { id: 'CP002', evses: [{ evseId: 1, connector: { ...T2, standard: 'IEC_62196_T2_COMBO', format: 'CABLE', powerType: 'DC', maxVoltage: 500, maxAmperage: 100, maxPowerW: 50000 } }] },
  ],
  tariffs: [{ id: 'STD', currency: 'EUR', energyPrice: 0.3, timePrice: 1.2, flatPrice: 0.5, vatPercent: 20 }],
};

function spec(): OcpiSiteSpec {
  const read = readOcpiSite(SITE);
  assert.ok(!Array.isArray(read), String(read));
  return read;
}

const station = (identity: string, connected: boolean, statuses: Record<number, [string, string]>): StationSnapshot => ({
  identity, connected, ...(connected ? {} : { disconnectedAt: '2026-12-01T07:00:00.000Z' }), transactions: [], meter: {},
  connectors: Object.entries(statuses).map(([evse, [status, updatedAt]]) => ({ evseId: Number(evse), connectorId: Number(evse), status, updatedAt })),
});

describe('OCPI objects', () => {
  it('reads the site\'s OCPI description, naming every problem with its place', () => {
    assert.equal(spec().location.id, 'PARK1');
    const bad = readOcpiSite({ ...SITE, partyId: 'TOOLONG', location: { ...SITE.location, country: 'FR', timeZone: 'Mars/Olympus' }, terminals: [{ id: 'X', tariffId: 'NONE', evses: [{ evseId: 1, connector: T2 }] }] });
    assert.ok(Array.isArray(bad));
    assert.match(bad.join('\n'), /ocpi\.partyId/);
    assert.match(bad.join('\n'), /ocpi\.location\.country/);
    const semantic = readOcpiSite({ ...SITE, location: { ...SITE.location, timeZone: 'Mars/Olympus' }, terminals: [{ id: 'X', tariffId: 'NONE', evses: [{ evseId: 1, connector: T2 }, { evseId: 1, connector: T2 }] }] });
    assert.deepEqual(semantic, ['ocpi.location.timeZone: unknown time zone Mars/Olympus', 'ocpi.terminals.0.tariffId: no tariff NONE', 'ocpi.terminals.0: an EVSE number is listed twice']);
  });

  it('maps OCPP statuses to EVSE statuses, UNKNOWN while offline', () => {
    const cases: Array<[string, boolean, string]> = [
      ['Available', true, 'AVAILABLE'], ['Preparing', true, 'CHARGING'], ['Charging', true, 'CHARGING'], ['SuspendedEV', true, 'CHARGING'], ['Finishing', true, 'CHARGING'],
      ['Occupied', true, 'CHARGING'], ['Reserved', true, 'RESERVED'], ['Unavailable', true, 'INOPERATIVE'], ['Faulted', true, 'OUTOFORDER'], ['Available', false, 'UNKNOWN'],
    ];
    for (const [ocpp, connected, ocpi] of cases) assert.equal(evseStatus({ status: ocpp }, connected), ocpi, `${ocpp} ${connected}`);
    assert.equal(evseStatus(undefined, true), 'UNKNOWN');
  });

  it('builds the Location with live EVSE statuses and last_updated following them, valid against the schema', () => {
    const location = locationOf(spec(), [
      station('CP001', true, { 1: ['Charging', '2026-12-01T08:10:00.000Z'], 2: ['Available', '2026-12-01T06:00:00.000Z'] }),
      station('CP002', false, { 1: ['Available', '2026-11-30T06:00:00.000Z'] }),
    ], '2026-11-01T00:00:00.000Z');
    assert.deepEqual(problemsOf(LOCATION_SCHEMA, location), []);
    assert.deepEqual(location.evses.map((e) => [e.uid, e.evse_id, e.status, e.last_updated]), [
      ['CP001-1', 'FR*EVC*E0001', 'CHARGING', '2026-12-01T08:10:00Z'], ['CP001-2', undefined, 'AVAILABLE', '2026-12-01T06:00:00Z'],
      ['CP002-1', undefined, 'UNKNOWN', '2026-12-01T07:00:00Z'],
    ]);
    assert.deepEqual([location.country_code, location.party_id, location.coordinates, location.last_updated], ['FR', 'EVC', { latitude: '48.868600', longitude: '2.331100' }, '2026-12-01T08:10:00Z']);
    assert.deepEqual(location.evses[0].connectors[0].tariff_ids, ['STD']);
    assert.equal(location.evses[2].connectors[0].power_type, 'DC');
  });

  it('prices a session: energy, time and a flat fee, VAT added; tariffs valid against the schema', () => {
    const tariff = tariffOf(spec().tariffs[0], spec(), '2026-11-01T00:00:00.000Z');
    assert.deepEqual(problemsOf(TARIFF_SCHEMA, tariff), []);
    assert.deepEqual(tariff.elements[0].price_components.map((c) => [c.type, c.price, c.vat]), [['ENERGY', 0.3, 20], ['TIME', 1.2, 20], ['FLAT', 0.5, 20]]);
    // 12.5 kWh over 1.5 h: 3.75 + 1.8 + 0.5 = 6.05 excl. VAT, 7.26 incl.
    assert.deepEqual(costOf(spec().tariffs[0], 12.5, 1.5).total, { excl_vat: 6.05, incl_vat: 7.26 });
    assert.deepEqual(costOf(undefined, 12.5, 1.5).total, { excl_vat: 0 });
  });

  it('a running transaction as a Session, an ended one as a CDR with its energy and price, both valid', () => {
    const facts = { stationId: 'CP001', transactionId: '42', evseId: 1, idTag: 'ANN-001', startedAt: '2026-12-01T08:00:00.000Z', energyWh: 6250, updatedAt: '2026-12-01T08:30:00.000Z' };
    const session = sessionOf(facts, spec(), '2026-12-01T08:30:00.000Z');
    assert.deepEqual(problemsOf(SESSION_SCHEMA, session), []);
    assert.deepEqual([session.id, session.status, session.kwh, session.evse_uid, (session.total_cost as { excl_vat: number }).excl_vat], ['CP001-42', 'ACTIVE', 6.25, 'CP001-1', 2.975]);
    const cdr = cdrOf({ ...facts, stoppedAt: '2026-12-01T09:30:00.000Z', energyWh: 12500 }, spec());
    assert.deepEqual(problemsOf(CDR_SCHEMA, cdr), []);
    assert.deepEqual([cdr.id, cdr.total_energy, cdr.total_time, cdr.total_cost], ['CP001-42', 12.5, 1.5, { excl_vat: 6.05, incl_vat: 7.26 }]);
    assert.deepEqual(cdr.cdr_token, { country_code: 'FR', party_id: 'EVC', uid: 'ANN-001', type: 'RFID', contract_id: 'ANN-001' });
    // A roaming driver's token, as their eMSP gave it, is kept.
    const roaming = cdrOf({ ...facts, stoppedAt: '2026-12-01T09:30:00.000Z', token: { country_code: 'NL', party_id: 'MSP', uid: 'ABC123', type: 'APP_USER', contract_id: 'NL-MSP-C12345' }, authMethod: 'COMMAND' }, spec());
    assert.deepEqual([(roaming.cdr_token as { party_id: string }).party_id, roaming.auth_method], ['MSP', 'COMMAND']);
    // Ids stay within OCPI's lengths for long 2.0.1 transaction ids, the same every time.
    const long = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
    assert.equal(sessionId('STATION-WITH-A-LONG-NAME', long).length, 36);
    assert.equal(cdrId('STATION-WITH-A-LONG-NAME', long), cdrId('STATION-WITH-A-LONG-NAME', long));
  });
});
