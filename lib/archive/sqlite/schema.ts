/**
 * The archive schema in SQLite. The SQL Server schema (../mssql/schema.ts) has the same tables, columns and keys;
 * timestamps are ISO 8601 UTC text here, DATETIME2(3) there. Migrations only ever append: a database at version N
 * runs the steps after N.
 */
export interface Migration {
  version: number;
  description: string;
  statements: string[];
}

/** The columns of meter_values, the same in every version of its table. */
const METER_VALUE_COLUMNS = `        station_id TEXT NOT NULL,
        evse_id INTEGER NOT NULL,
        transaction_id TEXT NOT NULL DEFAULT '',
        sampled_at TEXT NOT NULL,
        context TEXT,
        energy_wh REAL,
        power_w REAL,
        current_a REAL,
        voltage_v REAL,
        soc_percent REAL,
        reactive_power_var REAL,
        power_offered_w REAL,
        temperature_c REAL,`;

const METER_VALUE_LIST = `station_id, evse_id, transaction_id, sampled_at, context, energy_wh, power_w, current_a, voltage_v,
  soc_percent, reactive_power_var, power_offered_w, temperature_c`;

export const SQLITE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'stations, EVSEs, status history, transactions, meter values, authorizations, alarms, reservations, charging profiles, configuration, tags, OCPP message log',
    statements: [
      `CREATE TABLE stations (
        station_id TEXT PRIMARY KEY,
        ocpp_version TEXT,
        vendor TEXT,
        model TEXT,
        serial_number TEXT,
        firmware_version TEXT,
        boot_status TEXT,
        booted_at TEXT,
        connected INTEGER NOT NULL DEFAULT 0,
        remote_address TEXT,
        mode TEXT NOT NULL DEFAULT 'auto',
        last_seen_at TEXT,
        updated_at TEXT NOT NULL
      )`,
      `CREATE TABLE evses (
        station_id TEXT NOT NULL,
        evse_id INTEGER NOT NULL,
        connector_id INTEGER NOT NULL,
        status TEXT NOT NULL,
        error_code TEXT,
        info TEXT,
        vendor_error_code TEXT,
        status_at TEXT NOT NULL,
        PRIMARY KEY (station_id, evse_id, connector_id)
      )`,
      `CREATE TABLE status_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        station_id TEXT NOT NULL,
        evse_id INTEGER NOT NULL,
        connector_id INTEGER NOT NULL,
        status TEXT NOT NULL,
        error_code TEXT,
        info TEXT,
        vendor_error_code TEXT,
        occurred_at TEXT NOT NULL,
        received_at TEXT NOT NULL
      )`,
      `CREATE INDEX status_history_station ON status_history (station_id, occurred_at)`,
      `CREATE TABLE transactions (
        station_id TEXT NOT NULL,
        transaction_id TEXT NOT NULL,
        evse_id INTEGER,
        connector_id INTEGER,
        id_tag TEXT,
        token_type TEXT,
        started_at TEXT,
        stopped_at TEXT,
        meter_start_wh REAL,
        meter_stop_wh REAL,
        meter_last_wh REAL,
        energy_wh REAL,
        soc_start_percent REAL,
        soc_stop_percent REAL,
        max_power_w REAL,
        stop_reason TEXT,
        duration_s INTEGER,
        reservation_id INTEGER,
        remote_start_id INTEGER,
        last_seq_no INTEGER,
        offline INTEGER NOT NULL DEFAULT 0,
        last_sample_at TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (station_id, transaction_id)
      )`,
      `CREATE INDEX transactions_started ON transactions (started_at)`,
      `CREATE INDEX transactions_tag ON transactions (id_tag, started_at)`,
      `CREATE INDEX transactions_open ON transactions (stopped_at)`,
      `CREATE TABLE transaction_events (
        station_id TEXT NOT NULL,
        transaction_id TEXT NOT NULL,
        seq_no INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        trigger_reason TEXT,
        charging_state TEXT,
        offline INTEGER NOT NULL DEFAULT 0,
        occurred_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (station_id, transaction_id, seq_no)
      )`,
      `CREATE TABLE meter_values (
${METER_VALUE_COLUMNS}
        PRIMARY KEY (station_id, evse_id, transaction_id, sampled_at)
      ) WITHOUT ROWID`,
      `CREATE INDEX meter_values_transaction ON meter_values (station_id, transaction_id, sampled_at)`,
      `CREATE TABLE authorizations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        station_id TEXT NOT NULL,
        id_tag TEXT NOT NULL,
        token_type TEXT,
        status TEXT,
        requested_at TEXT NOT NULL
      )`,
      `CREATE INDEX authorizations_tag ON authorizations (id_tag, requested_at)`,
      `CREATE TABLE tags (
        id_tag TEXT PRIMARY KEY,
        owner TEXT,
        user_group TEXT,
        valid_until TEXT,
        blocked INTEGER NOT NULL DEFAULT 0,
        parent_id TEXT,
        updated_at TEXT NOT NULL
      )`,
      `CREATE TABLE alarms (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        alarm_id TEXT NOT NULL,
        station_id TEXT,
        evse_id INTEGER,
        alarm_type TEXT NOT NULL,
        priority INTEGER,
        state TEXT NOT NULL,
        message TEXT,
        error_code TEXT,
        info TEXT,
        vendor_error_code TEXT,
        occurred_at TEXT NOT NULL
      )`,
      `CREATE INDEX alarms_alarm ON alarms (alarm_id, occurred_at)`,
      `CREATE TABLE reservations (
        station_id TEXT NOT NULL,
        reservation_id INTEGER NOT NULL,
        evse_id INTEGER,
        connector_id INTEGER,
        id_tag TEXT,
        expires_at TEXT,
        status TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (station_id, reservation_id)
      )`,
      `CREATE TABLE charging_profiles (
        station_id TEXT NOT NULL,
        evse_id INTEGER NOT NULL,
        profile_id INTEGER NOT NULL,
        purpose TEXT,
        stack_level INTEGER,
        transaction_id TEXT,
        request TEXT,
        active INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (station_id, evse_id, profile_id)
      )`,
      `CREATE TABLE station_config (
        station_id TEXT NOT NULL,
        config_key TEXT NOT NULL,
        config_value TEXT,
        action TEXT NOT NULL,
        request TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        PRIMARY KEY (station_id, config_key)
      )`,
      `CREATE TABLE ocpp_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        station_id TEXT NOT NULL,
        origin TEXT NOT NULL,
        action TEXT NOT NULL,
        message_id TEXT NOT NULL,
        request TEXT,
        response TEXT,
        error_code TEXT,
        error_description TEXT,
        requested_at TEXT NOT NULL,
        answered_at TEXT
      )`,
      `CREATE INDEX ocpp_messages_time ON ocpp_messages (requested_at)`,
      `CREATE INDEX ocpp_messages_station ON ocpp_messages (station_id, requested_at)`,
      `CREATE TABLE archive_checkpoint (
        name TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    description: 'meter values clustered by transaction, one index fewer on the message log: fewer pages written per batch',
    // Rows of one transaction sit together, so reading its series is one range of the table, and the index that
    // served that read goes. The message log is read by time; a station's messages are a filter within a range.
    statements: [
      `CREATE TABLE meter_values_by_transaction (
${METER_VALUE_COLUMNS}
        PRIMARY KEY (station_id, transaction_id, evse_id, sampled_at)
      ) WITHOUT ROWID`,
      `INSERT INTO meter_values_by_transaction (${METER_VALUE_LIST}) SELECT ${METER_VALUE_LIST} FROM meter_values`,
      `DROP TABLE meter_values`,
      `ALTER TABLE meter_values_by_transaction RENAME TO meter_values`,
      `DROP INDEX IF EXISTS ocpp_messages_station`,
    ],
  },
  {
    version: 3,
    description: 'alarm journal: whether the condition was active, the cause and actor of each transition, shelving expiry, the state a shelved or suppressed alarm resumes; badge holders\' e-mail',
    statements: [
      `ALTER TABLE tags ADD COLUMN email TEXT`,
      `ALTER TABLE alarms ADD COLUMN active INTEGER`,
      `ALTER TABLE alarms ADD COLUMN cause TEXT`,
      `ALTER TABLE alarms ADD COLUMN actor TEXT`,
      `ALTER TABLE alarms ADD COLUMN shelved_until TEXT`,
      `ALTER TABLE alarms ADD COLUMN resumes_as TEXT`,
      `CREATE INDEX alarms_time ON alarms (occurred_at)`,
    ],
  },
];

/** Created before any migration runs: the version table itself. */
export const SQLITE_VERSION_TABLE = `CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;
