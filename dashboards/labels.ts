/** The dashboards' words, in the site's language. */
import type { Language } from '../lib/archive/export/columns';

const EN = {
  title: 'EV Charge',
  overview: 'Overview',
  park: 'Park',
  terminals: 'Terminals',
  online: 'Terminals online',
  charging: 'Charging now',
  available: 'Connectors available',
  faulted: 'Terminals faulted',
  powerNow: 'Power now (kW)',
  energyOpen: 'Energy of open sessions (kWh)',
  terminal: 'Terminal',
  status: 'Status',
  protocol: 'Protocol',
  power: 'Power (kW)',
  transaction: 'Transaction',
  lastUpdate: 'Last update',
  noTerminal: 'No terminal yet',
  chargingPoints: 'Charging points',
  chargingPoint: 'Charging point',
};

export type Labels = typeof EN;

const FR: Labels = {
  title: 'EV Charge',
  overview: 'Aperçu',
  park: 'Parc',
  terminals: 'Bornes',
  online: 'Bornes en ligne',
  charging: 'En charge',
  available: 'Connecteurs disponibles',
  faulted: 'Bornes en défaut',
  powerNow: 'Puissance (kW)',
  energyOpen: 'Énergie des sessions en cours (kWh)',
  terminal: 'Borne',
  status: 'État',
  protocol: 'Protocole',
  power: 'Puissance (kW)',
  transaction: 'Transaction',
  lastUpdate: 'Dernière mise à jour',
  noTerminal: 'Aucune borne pour l’instant',
  chargingPoints: 'Points de charge',
  chargingPoint: 'Point de charge',
};

export function labelsFor(language: Language): Labels {
  return language === 'fr' ? FR : EN;
}
