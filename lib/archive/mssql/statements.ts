/**
 * The archive's writes in T-SQL, one per name of SQLITE_WRITES, with the same @name parameters and the same
 * effect. SQLite's `INSERT ... ON CONFLICT DO UPDATE` becomes an UPDATE of the existing row followed by an INSERT
 * when there was none: MERGE would do it in one statement but has known concurrency pitfalls, and the pair reads
 * the same as the SQLite text column by column. `WITH (UPDLOCK, HOLDLOCK)` on the UPDATE locks the key even when
 * the row is missing, so a second writer on the same database waits instead of failing on the primary key.
 *
 * In an UPDATE, every column named on the right-hand side is the value before the update, as `transactions.x` is
 * in SQLite's DO UPDATE; the parameter stands for `excluded.x`. SQLite's two-argument MAX(a, b) has no T-SQL
 * equivalent and is written as a CASE.
 */
import type { WriteStatement } from '../sqlite/statements';

/** `INSERT ... SELECT ... WHERE NOT EXISTS` on the given key: the insert half of an upsert, or an insert-or-ignore. */
function insertIfMissing(table: string, columns: string, values: string, key: string): string {
  return `INSERT INTO ${table} (${columns})
    SELECT ${values}
    WHERE NOT EXISTS (SELECT 1 FROM ${table} WITH (UPDLOCK, HOLDLOCK) WHERE ${key})`;
}

const STATION_KEY = 'station_id = @stationId';
const TX_KEY = 'station_id = @stationId AND transaction_id = @transactionId';

export const MSSQL_WRITES: Record<WriteStatement, string> = {
  station: `UPDATE stations WITH (UPDLOCK, HOLDLOCK) SET
      ocpp_version = COALESCE(@version, ocpp_version),
      vendor = COALESCE(@vendor, vendor),
      model = COALESCE(@model, model),
      serial_number = COALESCE(@serialNumber, serial_number),
      firmware_version = COALESCE(@firmwareVersion, firmware_version),
      boot_status = COALESCE(@bootStatus, boot_status),
      booted_at = COALESCE(@bootedAt, booted_at),
      connected = COALESCE(@connected, connected),
      remote_address = COALESCE(@remoteAddress, remote_address),
      mode = COALESCE(@mode, mode),
      last_seen_at = CASE WHEN last_seen_at IS NULL OR @at > last_seen_at THEN @at ELSE last_seen_at END,
      updated_at = @at
    WHERE ${STATION_KEY};
    ${insertIfMissing('stations',
    `station_id, ocpp_version, vendor, model, serial_number, firmware_version, boot_status, booted_at,
      connected, remote_address, mode, last_seen_at, updated_at`,
    `@stationId, @version, @vendor, @model, @serialNumber, @firmwareVersion, @bootStatus, @bootedAt,
      COALESCE(@connected, 0), @remoteAddress, COALESCE(@mode, 'auto'), @at, @at`,
    STATION_KEY)}`,

  // An older status (a replay, or a message delayed in a station's queue) does not replace a newer one.
  evseStatus: `UPDATE evses WITH (UPDLOCK, HOLDLOCK) SET
      status = @status, error_code = @errorCode, info = @info, vendor_error_code = @vendorErrorCode, status_at = @at
    WHERE station_id = @stationId AND evse_id = @evseId AND connector_id = @connectorId AND @at >= status_at;
    ${insertIfMissing('evses',
    'station_id, evse_id, connector_id, status, error_code, info, vendor_error_code, status_at',
    '@stationId, @evseId, @connectorId, @status, @errorCode, @info, @vendorErrorCode, @at',
    'station_id = @stationId AND evse_id = @evseId AND connector_id = @connectorId')}`,

  statusHistory: `INSERT INTO status_history (station_id, evse_id, connector_id, status, error_code, info, vendor_error_code, occurred_at, received_at)
    VALUES (@stationId, @evseId, @connectorId, @status, @errorCode, @info, @vendorErrorCode, @at, @receivedAt)`,

  // The first start wins. Start readings taken from samples (no start yet: started_at is null) give way to the
  // start's own readings; once a start is stored, a later one changes nothing it set.
  txStart: `UPDATE transactions WITH (UPDLOCK, HOLDLOCK) SET
      evse_id = COALESCE(evse_id, @evseId),
      connector_id = COALESCE(connector_id, @connectorId),
      id_tag = COALESCE(id_tag, @idTag),
      token_type = COALESCE(token_type, @tokenType),
      started_at = COALESCE(started_at, @startedAt),
      meter_start_wh = CASE WHEN started_at IS NULL THEN COALESCE(@meterStartWh, meter_start_wh)
        ELSE COALESCE(meter_start_wh, @meterStartWh) END,
      soc_start_percent = CASE WHEN started_at IS NULL THEN COALESCE(@socPercent, soc_start_percent)
        ELSE COALESCE(soc_start_percent, @socPercent) END,
      reservation_id = COALESCE(reservation_id, @reservationId),
      remote_start_id = COALESCE(remote_start_id, @remoteStartId),
      offline = CASE WHEN @offline > offline THEN @offline ELSE offline END,
      updated_at = @receivedAt
    WHERE ${TX_KEY};
    ${insertIfMissing('transactions',
    `station_id, transaction_id, evse_id, connector_id, id_tag, token_type, started_at,
      meter_start_wh, soc_start_percent, reservation_id, remote_start_id, offline, updated_at`,
    `@stationId, @transactionId, @evseId, @connectorId, @idTag, @tokenType, @startedAt,
      @meterStartWh, @socPercent, @reservationId, @remoteStartId, @offline, @receivedAt`,
    TX_KEY)}`,

  txEnd: `UPDATE transactions WITH (UPDLOCK, HOLDLOCK) SET
      evse_id = COALESCE(evse_id, @evseId),
      connector_id = COALESCE(connector_id, @connectorId),
      id_tag = COALESCE(id_tag, @idTag),
      stopped_at = @stoppedAt,
      meter_stop_wh = COALESCE(@meterStopWh, meter_stop_wh),
      meter_last_wh = COALESCE(@meterStopWh, meter_last_wh),
      soc_stop_percent = COALESCE(@socPercent, soc_stop_percent),
      stop_reason = COALESCE(@reason, stop_reason),
      updated_at = @receivedAt
    WHERE ${TX_KEY};
    ${insertIfMissing('transactions',
    `station_id, transaction_id, evse_id, connector_id, id_tag, stopped_at, meter_stop_wh,
      meter_last_wh, soc_stop_percent, stop_reason, updated_at`,
    `@stationId, @transactionId, @evseId, @connectorId, @idTag, @stoppedAt, @meterStopWh,
      @meterStopWh, @socPercent, @reason, @receivedAt`,
    TX_KEY)}`,

  // As in SQLite: the first energy reading stands in for a missing meter start, the latest sample gives the live
  // register and SoC, the peak power only grows.
  txSamples: `UPDATE transactions WITH (UPDLOCK, HOLDLOCK) SET
      evse_id = COALESCE(evse_id, @evseId),
      meter_start_wh = COALESCE(meter_start_wh, @firstEnergyWh),
      meter_last_wh = CASE WHEN stopped_at IS NULL AND (last_sample_at IS NULL OR @lastAt >= last_sample_at)
        THEN COALESCE(@lastEnergyWh, meter_last_wh) ELSE meter_last_wh END,
      max_power_w = CASE WHEN max_power_w IS NULL OR @maxPowerW > max_power_w
        THEN COALESCE(@maxPowerW, max_power_w) ELSE max_power_w END,
      soc_start_percent = COALESCE(soc_start_percent, @firstSocPercent),
      soc_stop_percent = CASE WHEN last_sample_at IS NULL OR @lastAt >= last_sample_at
        THEN COALESCE(@lastSocPercent, soc_stop_percent) ELSE soc_stop_percent END,
      last_sample_at = CASE WHEN last_sample_at IS NULL OR @lastAt > last_sample_at THEN @lastAt ELSE last_sample_at END,
      updated_at = CASE WHEN @lastAt > updated_at THEN @lastAt ELSE updated_at END
    WHERE ${TX_KEY};
    ${insertIfMissing('transactions',
    `station_id, transaction_id, evse_id, meter_start_wh, meter_last_wh, max_power_w,
      soc_start_percent, soc_stop_percent, last_sample_at, updated_at`,
    `@stationId, @transactionId, @evseId, @firstEnergyWh, @lastEnergyWh, @maxPowerW,
      @firstSocPercent, @lastSocPercent, @lastAt, @lastAt`,
    TX_KEY)}`,

  // Duration rounds the elapsed milliseconds as SQLite rounds its julianday difference: DATEDIFF(SECOND) would
  // count second boundaries crossed instead, and DATEDIFF_BIG does not overflow for a transaction left open weeks.
  txDerived: `UPDATE transactions SET
      energy_wh = CASE WHEN meter_start_wh IS NULL OR COALESCE(meter_stop_wh, meter_last_wh) IS NULL THEN energy_wh
        WHEN COALESCE(meter_stop_wh, meter_last_wh) - meter_start_wh < 0 THEN 0
        ELSE COALESCE(meter_stop_wh, meter_last_wh) - meter_start_wh END,
      duration_s = CASE WHEN started_at IS NULL OR stopped_at IS NULL THEN NULL
        ELSE CAST(ROUND(DATEDIFF_BIG(MILLISECOND, started_at, stopped_at) / 1000.0, 0) AS INT) END
    WHERE ${TX_KEY}`,

  txEvent: insertIfMissing('transaction_events',
    'station_id, transaction_id, seq_no, event_type, trigger_reason, charging_state, offline, occurred_at, received_at',
    '@stationId, @transactionId, @seqNo, @eventType, @triggerReason, @chargingState, @offline, @at, @receivedAt',
    `${TX_KEY} AND seq_no = @seqNo`),

  txSeqNo: `UPDATE transactions WITH (UPDLOCK, HOLDLOCK) SET
      last_seq_no = CASE WHEN COALESCE(last_seq_no, -1) > @seqNo THEN COALESCE(last_seq_no, -1) ELSE @seqNo END,
      offline = CASE WHEN @offline > offline THEN @offline ELSE offline END
    WHERE ${TX_KEY};
    ${insertIfMissing('transactions',
    'station_id, transaction_id, last_seq_no, offline, updated_at',
    '@stationId, @transactionId, @seqNo, @offline, @receivedAt',
    TX_KEY)}`,

  meterValue: insertIfMissing('meter_values',
    `station_id, evse_id, transaction_id, sampled_at, context, energy_wh, power_w, current_a,
      voltage_v, soc_percent, reactive_power_var, power_offered_w, temperature_c`,
    `@stationId, @evseId, @transactionId, @sampledAt, @context, @energyWh, @powerW, @currentA,
      @voltageV, @socPercent, @reactivePowerVar, @powerOfferedW, @temperatureC`,
    'station_id = @stationId AND evse_id = @evseId AND transaction_id = @transactionId AND sampled_at = @sampledAt'),

  authorization: `INSERT INTO authorizations (station_id, id_tag, token_type, status, requested_at)
    VALUES (@stationId, @idTag, @tokenType, @status, @at)`,

  message: `INSERT INTO ocpp_messages (station_id, origin, action, message_id, request, response, error_code, error_description, requested_at, answered_at)
    VALUES (@stationId, @origin, @action, @messageId, @request, @response, @errorCode, @errorDescription, @at, @answeredAt)`,

  config: `UPDATE station_config WITH (UPDLOCK, HOLDLOCK) SET
      config_value = @value, action = @action, request = @request, applied_at = @at
    WHERE station_id = @stationId AND config_key = @key;
    ${insertIfMissing('station_config',
    'station_id, config_key, config_value, action, request, applied_at',
    '@stationId, @key, @value, @action, @request, @at',
    'station_id = @stationId AND config_key = @key')}`,

  // A station keeps one profile per EVSE, purpose and stack level: the new one replaces the others.
  profileReplaced: `UPDATE charging_profiles SET active = 0, updated_at = @at
    WHERE station_id = @stationId AND evse_id = @evseId AND purpose = @purpose AND stack_level = @stackLevel AND profile_id <> @profileId`,

  profileSet: `UPDATE charging_profiles WITH (UPDLOCK, HOLDLOCK) SET
      purpose = @purpose, stack_level = @stackLevel, transaction_id = @transactionId, request = @request, active = 1, updated_at = @at
    WHERE station_id = @stationId AND evse_id = @evseId AND profile_id = @profileId;
    ${insertIfMissing('charging_profiles',
    'station_id, evse_id, profile_id, purpose, stack_level, transaction_id, request, active, updated_at',
    '@stationId, @evseId, @profileId, @purpose, @stackLevel, @transactionId, @request, 1, @at',
    'station_id = @stationId AND evse_id = @evseId AND profile_id = @profileId')}`,

  profileCleared: `UPDATE charging_profiles SET active = 0, updated_at = @at
    WHERE station_id = @stationId AND active = 1
      AND (@profileId IS NULL OR profile_id = @profileId)
      AND (@evseId IS NULL OR evse_id = @evseId)
      AND (@purpose IS NULL OR purpose = @purpose)
      AND (@stackLevel IS NULL OR stack_level = @stackLevel)`,

  reservation: `UPDATE reservations WITH (UPDLOCK, HOLDLOCK) SET
      evse_id = COALESCE(@evseId, evse_id),
      connector_id = COALESCE(@connectorId, connector_id),
      id_tag = COALESCE(@idTag, id_tag),
      expires_at = COALESCE(@expiresAt, expires_at),
      status = @status, updated_at = @at
    WHERE station_id = @stationId AND reservation_id = @reservationId;
    ${insertIfMissing('reservations',
    'station_id, reservation_id, evse_id, connector_id, id_tag, expires_at, status, updated_at',
    '@stationId, @reservationId, @evseId, @connectorId, @idTag, @expiresAt, @status, @at',
    'station_id = @stationId AND reservation_id = @reservationId')}`,

  alarm: `INSERT INTO alarms (alarm_id, station_id, evse_id, alarm_type, priority, state, message, error_code, info, vendor_error_code,
      active, cause, actor, shelved_until, resumes_as, occurred_at)
    VALUES (@alarmId, @stationId, @evseId, @alarmType, @priority, @state, @message, @errorCode, @info, @vendorErrorCode,
      @active, @cause, @actor, @shelvedUntil, @resumesAs, @at)`,

  tag: `UPDATE tags WITH (UPDLOCK, HOLDLOCK) SET
      owner = CASE WHEN @whole = 1 THEN @owner ELSE COALESCE(@owner, owner) END,
      user_group = CASE WHEN @whole = 1 THEN @userGroup ELSE COALESCE(@userGroup, user_group) END,
      valid_until = CASE WHEN @whole = 1 THEN @validUntil ELSE COALESCE(@validUntil, valid_until) END,
      blocked = COALESCE(@blocked, blocked),
      parent_id = CASE WHEN @whole = 1 THEN @parentId ELSE COALESCE(@parentId, parent_id) END,
      email = CASE WHEN @whole = 1 THEN @email ELSE COALESCE(@email, email) END,
      updated_at = @at
    WHERE id_tag = @idTag;
    ${insertIfMissing('tags',
    'id_tag, owner, user_group, valid_until, blocked, parent_id, email, updated_at',
    '@idTag, @owner, @userGroup, @validUntil, COALESCE(@blocked, 0), @parentId, @email, @at',
    'id_tag = @idTag')}`,

  checkpoint: `UPDATE archive_checkpoint WITH (UPDLOCK, HOLDLOCK) SET seq = @seq, updated_at = @at WHERE name = 'journal';
    ${insertIfMissing('archive_checkpoint', 'name, seq, updated_at', `'journal', @seq, @at`, `name = 'journal'`)}`,
};
