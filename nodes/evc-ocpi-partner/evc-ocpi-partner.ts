/**
 * evc-ocpi-partner: the config node of one OCPI roaming partner (an eMSP, or a hub such as Gireve): who registers
 * with whom, how tokens are written, PUT or PATCH, retries. evc-ocpi reads it; the registration itself (tokens,
 * endpoints) lives in evc-ocpi's state file, since it changes at runtime.
 */
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { PartnerConfig } from '../../lib/ocpi/bridge';
import { ConfigProblem } from '../shared/config-values';
import { partnerConfig, PartnerCredentials, PartnerNodeConfig } from './config';

export interface PartnerConfigNode extends Node {
  partner?: PartnerConfig;
  /** Why the partner could not be read, when it could not. */
  problem?: string;
}

export default function register(RED: NodeAPI): void {
  function PartnerNode(this: PartnerConfigNode & { credentials?: PartnerCredentials }, config: NodeDef & PartnerNodeConfig) {
    RED.nodes.createNode(this, config);
    try {
      this.partner = partnerConfig(config, this.credentials ?? {});
    } catch (err) {
      this.problem = err instanceof ConfigProblem ? err.message : String(err);
      this.error(RED._('evc-ocpi-partner.errors.invalidConfig', { reason: this.problem }));
    }
  }
  RED.nodes.registerType('evc-ocpi-partner', PartnerNode as never, { credentials: { tokenA: { type: 'password' } } });
}
