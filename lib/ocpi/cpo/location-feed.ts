/**
 * Location pushes. Only an EVSE whose OCPI status changed is pushed, as a PATCH of its status and last_updated
 * (what the spec's own example does), with the whole EVSE as the PUT to fall back on. OCPP chatter that does not
 * change the OCPI status (Preparing then Charging are both CHARGING) is not news for a partner.
 */
import type { PartyRef } from '../headers';
import type { EvseStatus, OcpiLocation } from '../objects/locations';
import type { OcpiSiteSpec } from '../objects/site';
import { tariffOf } from '../objects/tariffs';
import type { Pusher } from './pusher';
import { objectUrl, Targets } from './targets';

export class LocationFeed {
  private readonly statuses = new Map<string, EvseStatus>();

  constructor(private readonly pusher: Pusher, private readonly targets: Targets, private readonly us: PartyRef) {}

  /** What partners are assumed to know: the state when we start (they re-sync by GET, or get pushAll). */
  seed(location: OcpiLocation): void {
    for (const e of location.evses) this.statuses.set(e.uid, e.status);
  }

  /** Pushes the EVSEs whose status differs from the last one seen; returns their uids. */
  changed(location: OcpiLocation): string[] {
    const changed = location.evses.filter((e) => this.statuses.get(e.uid) !== e.status);
    for (const evse of changed) {
      this.statuses.set(evse.uid, evse.status);
      if (!location.publish) continue;
      for (const t of this.targets.broadcast('locations')) {
        const url = objectUrl(t.url, this.us, location.id, evse.uid);
        this.pusher.push({
          partner: t.partner, key: `evse:${evse.uid}`, method: 'PATCH', url, routing: t.routing,
          body: { status: evse.status, last_updated: evse.last_updated }, whole: { url, body: evse },
        });
      }
    }
    return changed.map((e) => e.uid);
  }

  /** The whole Location and every Tariff to one partner: after it registers, or when the description changed. */
  pushAll(partner: string, location: OcpiLocation, site: OcpiSiteSpec, describedAt: string): void {
    const locations = this.targets.one(partner, 'locations');
    if (locations && location.publish) {
      this.pusher.push({
        partner, key: `location:${location.id}`, method: 'PUT', url: objectUrl(locations.url, this.us, location.id), body: location, routing: locations.routing,
      });
    }
    const tariffs = this.targets.one(partner, 'tariffs');
    if (!tariffs) return;
    for (const spec of site.tariffs) {
      const tariff = tariffOf(spec, site, describedAt);
      this.pusher.push({ partner, key: `tariff:${tariff.id}`, method: 'PUT', url: objectUrl(tariffs.url, this.us, tariff.id), body: tariff, routing: tariffs.routing });
    }
  }
}
