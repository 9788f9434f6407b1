/** Virtual charging stations (OCPP 1.6 and 2.0.1) for demos, end-to-end tests and load. */
export { VirtualStation, ConnectorSnapshot } from './station';
export { VirtualStationOptions } from './options';
export { SimulatedFleet, FleetOptions, numberedIdentity } from './fleet';
export { ConnectError } from './socket';
export { StationStoppedError } from './outbox';
export { runStationCommand, STATION_COMMANDS, StationCommandError } from './station-command';
