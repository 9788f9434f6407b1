/**
 * The archive's SQLite statements, with named parameters (@name). Every write is idempotent: inserts of facts
 * that have a natural key are ignored when the key exists, and upserts keep the values already known unless the
 * new record is the authority for them (a stop for the stop fields, a later sample for the live readings).
 */
export const SQLITE_WRITES = {
  station: `INSERT INTO stations (station_id, ocpp_version, vendor, model, serial_number, firmware_version, boot_status, booted_at,
      connected, remote_address, mode, last_seen_at, updated_at)
    VALUES (@stationId, @version, @vendor, @model, @serialNumber, @firmwareVersion, @bootStatus, @bootedAt,
      COALESCE(@connected, 0), @remoteAddress, COALESCE(@mode, 'auto'), @at, @at)
    ON CONFLICT (station_id) DO UPDATE SET
      ocpp_version = COALESCE(excluded.ocpp_version, stations.ocpp_version),
      vendor = COALESCE(excluded.vendor, stations.vendor),
      model = COALESCE(excluded.model, stations.model),
      serial_number = COALESCE(excluded.serial_number, stations.serial_number),
      firmware_version = COALESCE(excluded.firmware_version, stations.firmware_version),
      boot_status = COALESCE(excluded.boot_status, stations.boot_status),
      booted_at = COALESCE(excluded.booted_at, stations.booted_at),
      connected = COALESCE(@connected, stations.connected),
      remote_address = COALESCE(excluded.remote_address, stations.remote_address),
      mode = COALESCE(@mode, stations.mode),
      last_seen_at = MAX(COALESCE(stations.last_seen_at, ''), excluded.last_seen_at),
      updated_at = excluded.updated_at`,

  evseStatus: `INSERT INTO evses (station_id, evse_id, connector_id, status, error_code, info, vendor_error_code, status_at)
    VALUES (@stationId, @evseId, @connectorId, @status, @errorCode, @info, @vendorErrorCode, @at)
    ON CONFLICT (station_id, evse_id, connector_id) DO UPDATE SET
      status = excluded.status, error_code = excluded.error_code, info = excluded.info,
      vendor_error_code = excluded.vendor_error_code, status_at = excluded.status_at
    WHERE excluded.status_at >= evses.status_at`,

  statusHistory: `INSERT INTO status_history (station_id, evse_id, connector_id, status, error_code, info, vendor_error_code, occurred_at, received_at)
    VALUES (@stationId, @evseId, @connectorId, @status, @errorCode, @info, @vendorErrorCode, @at, @receivedAt)`,

  // The first start wins: a retried StartTransaction carries the same values, a late one must not rewrite them.
  // Start readings taken from samples (no start stored yet: started_at is null) give way to the start's own.
  txStart: `INSERT INTO transactions (station_id, transaction_id, evse_id, connector_id, id_tag, token_type, started_at,
      meter_start_wh, soc_start_percent, reservation_id, remote_start_id, offline, updated_at)
    VALUES (@stationId, @transactionId, @evseId, @connectorId, @idTag, @tokenType, @startedAt,
      @meterStartWh, @socPercent, @reservationId, @remoteStartId, @offline, @receivedAt)
    ON CONFLICT (station_id, transaction_id) DO UPDATE SET
      evse_id = COALESCE(transactions.evse_id, excluded.evse_id),
      connector_id = COALESCE(transactions.connector_id, excluded.connector_id),
      id_tag = COALESCE(transactions.id_tag, excluded.id_tag),
      token_type = COALESCE(transactions.token_type, excluded.token_type),
      started_at = COALESCE(transactions.started_at, excluded.started_at),
      meter_start_wh = CASE WHEN transactions.started_at IS NULL THEN COALESCE(excluded.meter_start_wh, transactions.meter_start_wh)
        ELSE COALESCE(transactions.meter_start_wh, excluded.meter_start_wh) END,
      soc_start_percent = CASE WHEN transactions.started_at IS NULL THEN COALESCE(excluded.soc_start_percent, transactions.soc_start_percent)
        ELSE COALESCE(transactions.soc_start_percent, excluded.soc_start_percent) END,
      reservation_id = COALESCE(transactions.reservation_id, excluded.reservation_id),
      remote_start_id = COALESCE(transactions.remote_start_id, excluded.remote_start_id),
      offline = MAX(transactions.offline, excluded.offline),
      updated_at = excluded.updated_at`,

  txEnd: `INSERT INTO transactions (station_id, transaction_id, evse_id, connector_id, id_tag, stopped_at, meter_stop_wh,
      meter_last_wh, soc_stop_percent, stop_reason, updated_at)
    VALUES (@stationId, @transactionId, @evseId, @connectorId, @idTag, @stoppedAt, @meterStopWh,
      @meterStopWh, @socPercent, @reason, @receivedAt)
    ON CONFLICT (station_id, transaction_id) DO UPDATE SET
      evse_id = COALESCE(transactions.evse_id, excluded.evse_id),
      connector_id = COALESCE(transactions.connector_id, excluded.connector_id),
      id_tag = COALESCE(transactions.id_tag, excluded.id_tag),
      stopped_at = excluded.stopped_at,
      meter_stop_wh = COALESCE(excluded.meter_stop_wh, transactions.meter_stop_wh),
      meter_last_wh = COALESCE(excluded.meter_stop_wh, transactions.meter_last_wh),
      soc_stop_percent = COALESCE(excluded.soc_stop_percent, transactions.soc_stop_percent),
      stop_reason = COALESCE(excluded.stop_reason, transactions.stop_reason),
      updated_at = excluded.updated_at`,

  // Readings of a transaction: the first energy reading stands in for a missing meter start, the latest sample
  // gives the live register and SoC, the peak power only grows.
  txSamples: `INSERT INTO transactions (station_id, transaction_id, evse_id, meter_start_wh, meter_last_wh, max_power_w,
      soc_start_percent, soc_stop_percent, last_sample_at, updated_at)
    VALUES (@stationId, @transactionId, @evseId, @firstEnergyWh, @lastEnergyWh, @maxPowerW,
      @firstSocPercent, @lastSocPercent, @lastAt, @lastAt)
    ON CONFLICT (station_id, transaction_id) DO UPDATE SET
      evse_id = COALESCE(transactions.evse_id, excluded.evse_id),
      meter_start_wh = COALESCE(transactions.meter_start_wh, excluded.meter_start_wh),
      meter_last_wh = CASE WHEN transactions.stopped_at IS NULL
        AND (transactions.last_sample_at IS NULL OR excluded.last_sample_at >= transactions.last_sample_at)
        THEN COALESCE(excluded.meter_last_wh, transactions.meter_last_wh) ELSE transactions.meter_last_wh END,
      max_power_w = MAX(COALESCE(transactions.max_power_w, excluded.max_power_w), COALESCE(excluded.max_power_w, transactions.max_power_w)),
      soc_start_percent = COALESCE(transactions.soc_start_percent, excluded.soc_start_percent),
      soc_stop_percent = CASE WHEN transactions.last_sample_at IS NULL OR excluded.last_sample_at >= transactions.last_sample_at
        THEN COALESCE(excluded.soc_stop_percent, transactions.soc_stop_percent) ELSE transactions.soc_stop_percent END,
      last_sample_at = MAX(COALESCE(transactions.last_sample_at, ''), excluded.last_sample_at),
      updated_at = MAX(transactions.updated_at, excluded.updated_at)`,

  // Energy and duration follow from the stored readings, so any order of records gives the same result.
  txDerived: `UPDATE transactions SET
      energy_wh = CASE WHEN meter_start_wh IS NULL OR COALESCE(meter_stop_wh, meter_last_wh) IS NULL THEN energy_wh
        ELSE MAX(0, COALESCE(meter_stop_wh, meter_last_wh) - meter_start_wh) END,
      duration_s = CASE WHEN started_at IS NULL OR stopped_at IS NULL THEN NULL
        ELSE CAST(ROUND((julianday(stopped_at) - julianday(started_at)) * 86400) AS INTEGER) END
    WHERE station_id = @stationId AND transaction_id = @transactionId`,

  txEvent: `INSERT INTO transaction_events (station_id, transaction_id, seq_no, event_type, trigger_reason, charging_state, offline, occurred_at, received_at)
    VALUES (@stationId, @transactionId, @seqNo, @eventType, @triggerReason, @chargingState, @offline, @at, @receivedAt)
    ON CONFLICT (station_id, transaction_id, seq_no) DO NOTHING`,

  txSeqNo: `INSERT INTO transactions (station_id, transaction_id, last_seq_no, offline, updated_at)
    VALUES (@stationId, @transactionId, @seqNo, @offline, @receivedAt)
    ON CONFLICT (station_id, transaction_id) DO UPDATE SET
      last_seq_no = MAX(COALESCE(transactions.last_seq_no, -1), excluded.last_seq_no),
      offline = MAX(transactions.offline, excluded.offline)`,

  meterValue: `INSERT INTO meter_values (station_id, evse_id, transaction_id, sampled_at, context, energy_wh, power_w, current_a,
      voltage_v, soc_percent, reactive_power_var, power_offered_w, temperature_c)
    VALUES (@stationId, @evseId, @transactionId, @sampledAt, @context, @energyWh, @powerW, @currentA,
      @voltageV, @socPercent, @reactivePowerVar, @powerOfferedW, @temperatureC)
    ON CONFLICT (station_id, transaction_id, evse_id, sampled_at) DO NOTHING`,

  authorization: `INSERT INTO authorizations (station_id, id_tag, token_type, status, requested_at)
    VALUES (@stationId, @idTag, @tokenType, @status, @at)`,

  message: `INSERT INTO ocpp_messages (station_id, origin, action, message_id, request, response, error_code, error_description, requested_at, answered_at)
    VALUES (@stationId, @origin, @action, @messageId, @request, @response, @errorCode, @errorDescription, @at, @answeredAt)`,

  config: `INSERT INTO station_config (station_id, config_key, config_value, action, request, applied_at)
    VALUES (@stationId, @key, @value, @action, @request, @at)
    ON CONFLICT (station_id, config_key) DO UPDATE SET
      config_value = excluded.config_value, action = excluded.action, request = excluded.request, applied_at = excluded.applied_at`,

  // A station keeps one profile per EVSE, purpose and stack level: the new one replaces the others.
  profileReplaced: `UPDATE charging_profiles SET active = 0, updated_at = @at
    WHERE station_id = @stationId AND evse_id = @evseId AND purpose = @purpose AND stack_level = @stackLevel AND profile_id <> @profileId`,

  profileSet: `INSERT INTO charging_profiles (station_id, evse_id, profile_id, purpose, stack_level, transaction_id, request, active, updated_at)
    VALUES (@stationId, @evseId, @profileId, @purpose, @stackLevel, @transactionId, @request, 1, @at)
    ON CONFLICT (station_id, evse_id, profile_id) DO UPDATE SET
      purpose = excluded.purpose, stack_level = excluded.stack_level, transaction_id = excluded.transaction_id,
      request = excluded.request, active = 1, updated_at = excluded.updated_at`,

  profileCleared: `UPDATE charging_profiles SET active = 0, updated_at = @at
    WHERE station_id = @stationId AND active = 1
      AND (@profileId IS NULL OR profile_id = @profileId)
      AND (@evseId IS NULL OR evse_id = @evseId)
      AND (@purpose IS NULL OR purpose = @purpose)
      AND (@stackLevel IS NULL OR stack_level = @stackLevel)`,

  reservation: `INSERT INTO reservations (station_id, reservation_id, evse_id, connector_id, id_tag, expires_at, status, updated_at)
    VALUES (@stationId, @reservationId, @evseId, @connectorId, @idTag, @expiresAt, @status, @at)
    ON CONFLICT (station_id, reservation_id) DO UPDATE SET
      evse_id = COALESCE(excluded.evse_id, reservations.evse_id),
      connector_id = COALESCE(excluded.connector_id, reservations.connector_id),
      id_tag = COALESCE(excluded.id_tag, reservations.id_tag),
      expires_at = COALESCE(excluded.expires_at, reservations.expires_at),
      status = excluded.status, updated_at = excluded.updated_at`,

  alarm: `INSERT INTO alarms (alarm_id, station_id, evse_id, alarm_type, priority, state, message, error_code, info, vendor_error_code,
      active, cause, actor, shelved_until, resumes_as, occurred_at)
    VALUES (@alarmId, @stationId, @evseId, @alarmType, @priority, @state, @message, @errorCode, @info, @vendorErrorCode,
      @active, @cause, @actor, @shelvedUntil, @resumesAs, @at)`,

  // A flow's badge updates only what it gives; a tag store's (@whole = 1) is the badge as it now is.
  tag: `INSERT INTO tags (id_tag, owner, user_group, valid_until, blocked, parent_id, email, updated_at)
    VALUES (@idTag, @owner, @userGroup, @validUntil, COALESCE(@blocked, 0), @parentId, @email, @at)
    ON CONFLICT (id_tag) DO UPDATE SET
      owner = CASE WHEN @whole = 1 THEN @owner ELSE COALESCE(@owner, tags.owner) END,
      user_group = CASE WHEN @whole = 1 THEN @userGroup ELSE COALESCE(@userGroup, tags.user_group) END,
      valid_until = CASE WHEN @whole = 1 THEN @validUntil ELSE COALESCE(@validUntil, tags.valid_until) END,
      blocked = COALESCE(@blocked, tags.blocked),
      parent_id = CASE WHEN @whole = 1 THEN @parentId ELSE COALESCE(@parentId, tags.parent_id) END,
      email = CASE WHEN @whole = 1 THEN @email ELSE COALESCE(@email, tags.email) END,
      updated_at = excluded.updated_at`,

  checkpoint: `INSERT INTO archive_checkpoint (name, seq, updated_at) VALUES ('journal', @seq, @at)
    ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at`,
} as const;

export type WriteStatement = keyof typeof SQLITE_WRITES;

/** Transaction columns under the names of TransactionRow. */
export const TRANSACTION_COLUMNS = `t.station_id AS stationId, t.transaction_id AS transactionId, t.evse_id AS evseId,
  t.connector_id AS connectorId, t.id_tag AS idTag, g.user_group AS userGroup, t.started_at AS startedAt,
  t.stopped_at AS stoppedAt, t.meter_start_wh AS meterStartWh, t.meter_stop_wh AS meterStopWh, t.meter_last_wh AS meterLastWh,
  t.energy_wh AS energyWh, t.soc_start_percent AS socStartPercent, t.soc_stop_percent AS socStopPercent,
  t.max_power_w AS maxPowerW, t.stop_reason AS stopReason, t.duration_s AS durationS, t.last_seq_no AS lastSeqNo,
  t.updated_at AS updatedAt`;
