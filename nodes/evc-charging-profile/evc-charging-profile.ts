/**
 * evc-charging-profile: builds charging profiles (the form's, or one in msg), checks them against the spec and the
 * profiles a station already holds, and sets, clears, lists them and compares composite schedules through the CSMS.
 * User categories give each badge's transaction its category's Tx profile (lib/profiles).
 */
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { CategoryOutcome, CategoryService } from '../../lib/profiles/category-service';
import { ProfileRequest, readProfileRequest, RequestError } from '../../lib/profiles/requests';
import { ChargingProfileService } from '../../lib/profiles/service';
import { CategoryError, TemplateError } from '../../lib/profiles';
import { useCsms } from '../shared/use-csms';
import { readConfig } from '../shared/read-config';
import { codedError } from '../shared/csms-link';
import { ChargingProfileNodeConfig, ChargingProfileSettings, chargingProfileSettings } from './config';
import { registerPreviewEndpoint } from './preview-endpoint';

const TYPE = 'evc-charging-profile';

type StationRequest = Exclude<ProfileRequest, { action: 'badge' }>;

/** Runs one request against a station; resolves with what goes in msg.payload beside action and station. */
function run(service: ChargingProfileService, r: StationRequest, settings: ChargingProfileSettings): Promise<Record<string, unknown>> {
  switch (r.action) {
    case 'set':
      return service.set(r.station, r.profile ?? settings.template, { evseId: r.evseId, ...(r.transactionId !== undefined ? { transactionId: r.transactionId } : {}) });
    case 'clear':
      return service.clear(r.station, r.criteria);
    case 'list':
      return service.list(r.station, r.filter).then((listed) => ({ ...listed }));
    case 'composite':
      return service.composite(r.station, r.evseId, r.duration, r.unit);
  }
}

export default function register(RED: NodeAPI): void {
  registerPreviewEndpoint(RED);

  function ChargingProfileNode(this: Node, config: NodeDef & ChargingProfileNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const settings = readConfig(RED, node, TYPE, () => chargingProfileSettings(config));
    if (!settings) return;
    const engine = useCsms(RED, node, TYPE, config.csms);
    const csms = engine?.();
    // Without a running engine (no evc-csms, or its own configuration is wrong) the status already says why.
    const profiles = csms ? new ChargingProfileService(csms, { wiring: settings.wiring }) : undefined;
    const categories = csms && profiles ? new CategoryService(csms, profiles, settings.book, { firstProfileId: settings.categoryFirstId }) : undefined;
    profiles?.start();
    categories?.start();
    categories?.on('outcome', (o: CategoryOutcome) => {
      node.status(o.applied
        ? { fill: 'green', shape: 'dot', text: RED._(`${TYPE}.status.applied`, { idTag: o.idTag, category: o.category ?? '' }) }
        : { fill: 'yellow', shape: 'ring', text: RED._(`${TYPE}.status.notApplied`, { idTag: o.idTag }) });
      node.send({ topic: 'category', payload: { action: 'category', ...o } });
    });

    node.on('input', (msg: NodeMessage, send: (m: NodeMessage) => void, done: (err?: Error) => void) => {
      let request: ProfileRequest;
      try {
        request = readProfileRequest(msg.payload);
      } catch (err) {
        const reason = err instanceof TemplateError ? `profile: ${err.message}` : (err as Error).message;
        if (err instanceof TemplateError || err instanceof RequestError) return done(codedError('ValidationFailed', reason, err instanceof TemplateError ? { problems: err.problems } : undefined));
        return done(err as Error);
      }
      if (request.action === 'badge') {
        try {
          const rule = settings.book.add(request.idTag, request.category);
          msg.payload = { action: 'badge', idTag: rule.idTag, category: rule.category, rules: settings.book.list() };
        } catch (err) {
          if (err instanceof CategoryError) return done(codedError('ValidationFailed', err.message));
          return done(err as Error);
        }
        send(msg);
        return done();
      }
      if (!profiles) return done(codedError('NoCsms', 'No CSMS is running'));
      const { action, station } = request;
      run(profiles, request, settings).then((result) => {
        node.status({ fill: 'green', shape: 'dot', text: RED._(`${TYPE}.status.done`, { station, action }) });
        msg.payload = { action, station, ...result };
        send(msg);
        done();
      }, (err: Error & { code?: string; details?: unknown }) => {
        node.status({ fill: 'red', shape: 'ring', text: RED._(`${TYPE}.status.failed`, { station, action }) });
        done(codedError(err.code ?? 'InternalError', err.message, err.details));
      });
    });
    node.on('close', () => {
      categories?.stop();
      profiles?.stop();
    });
  }
  RED.nodes.registerType(TYPE, ChargingProfileNode as never);
}
