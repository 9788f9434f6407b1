/** Reporting of charging sessions and statuses to public programmes (Advenir, QualiCharge): see DESIGN.md. */
export { ReportingEngine } from './engine';
export type { AddResult, CatchUpResult, ReportingOptions } from './engine-options';
export { AdvenirSink, advenirOperations, meterValues, type AdvenirOptions, type AdvenirOperations, type AdvenirTemplate } from './advenir';
export { QualiChargeSink, sessionBody, statusBody, type QualiChargeOptions } from './qualicharge';
export { type QualiChargeAuth } from './qualicharge-auth';
export { type QualiChargeLimits } from './qualicharge-rules';
export { sessionsCsv, CSV_COLUMNS, type CsvOptions } from './csv';
export { PointMapper, qualichargeId, QUALICHARGE_ID, type PointMappingOptions } from './ids';
export { mapOcppStatus, sessionFromRow, statusFromOcpp, type StatusInput } from './records';
export { daily, every, IMMEDIATE, type Backoff, type Schedule } from './schedule';
export { nodeTransport, TransportError, type HttpRequest, type HttpResponse, type Transport } from './http';
export { MemoryStore, stateFileStore } from './store';
export type { Sink, Verdict } from './sink';
export type { SinkSummary } from './operator';
export type * from './model';
