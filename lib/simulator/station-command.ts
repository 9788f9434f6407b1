/** What a flow (or a CLI) may ask one virtual station to do, by name: the drivers' side of a demo. */
import { SimulatedFleet } from './fleet';

export const STATION_COMMANDS = ['plug', 'unplug', 'charge', 'stopCharge', 'disconnect', 'fault', 'recover'] as const;
export type StationCommand = (typeof STATION_COMMANDS)[number];

export interface StationCommandRequest {
  command: string;
  stationId?: unknown;
  connectorId?: unknown;
  idTag?: unknown;
  reason?: unknown;
}

export class StationCommandError extends Error {
  constructor(readonly code: 'UnknownStation' | 'ValidationFailed', message: string) {
    super(message);
  }
}

/** Runs one command on one station of the fleet; resolves with what the station returns (a transaction id for charge). */
export async function runStationCommand(fleet: SimulatedFleet | undefined, request: StationCommandRequest): Promise<unknown> {
  if (!STATION_COMMANDS.includes(request.command as StationCommand)) {
    throw new StationCommandError('ValidationFailed', `Unknown simulator command ${request.command}`);
  }
  const station = fleet?.station(String(request.stationId ?? ''));
  if (!station) throw new StationCommandError('UnknownStation', `No running simulated station ${String(request.stationId)}`);
  const connectorId = Number(request.connectorId ?? 1);
  switch (request.command as StationCommand) {
    case 'plug': return station.plug(connectorId);
    case 'unplug': return station.unplug(connectorId);
    case 'charge': return station.startCharging(connectorId, String(request.idTag ?? 'SIMULATOR'));
    case 'stopCharge': return station.stopCharging(connectorId, request.reason ? String(request.reason) : undefined);
    case 'disconnect': return station.disconnect();
    case 'fault': return station.fault(connectorId, true);
    case 'recover': return station.fault(connectorId, false);
  }
}
