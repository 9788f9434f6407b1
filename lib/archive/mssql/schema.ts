/**
 * The archive schema in T-SQL: the tables, columns, keys and indexes of SQLITE_MIGRATIONS (../sqlite/schema.ts),
 * with SQL Server types. Timestamps are DATETIME2(3) (UTC, milliseconds, as the ISO text SQLite keeps), readings
 * FLOAT, flags INT 0/1 as in SQLite so both backends read them back the same way.
 *
 * Every statement checks whether its object exists, so a migration that a DBA re-runs by hand (or that two
 * processes race on) changes nothing; the runner also skips migrations that `schema_version` already lists.
 */
import type { Migration } from '../sqlite/schema';

// Binary collation: keys compare and sort as in SQLite (case-sensitive, by code point), whatever the database's
// default collation is; a case-insensitive default would merge 'CS1' and 'cs1' into one primary key.
const COLLATE = 'COLLATE Latin1_General_100_BIN2';
const text = (length: number | 'MAX'): string => `NVARCHAR(${length}) ${COLLATE}`;

// Sizes are the OCPP limits with room to spare (identity 48, transactionId 36, idToken 36, CiString50 fields);
// keys stay short enough for an index key (900 bytes clustered).
const STATION = text(64);
const TX = text(64);
const TAG = text(200);
const NAME = text(200);
const CODE = text(100);
const INFO = text(500);
const JSON_TEXT = text('MAX');
const TIME = 'DATETIME2(3)';

const table = (name: string, body: string): string =>
  `IF OBJECT_ID(N'${name}', N'U') IS NULL CREATE TABLE ${name} (\n${body}\n)`;
const indexExists = (name: string, on: string): string =>
  `EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'${name}' AND object_id = OBJECT_ID(N'${on}'))`;
const index = (name: string, on: string, columns: string): string =>
  `IF NOT ${indexExists(name, on)} CREATE INDEX ${name} ON ${on} (${columns})`;
const addColumn = (on: string, column: string, type: string): string =>
  `IF COL_LENGTH(N'${on}', N'${column}') IS NULL ALTER TABLE ${on} ADD ${column} ${type}`;
const dropIndex = (name: string, on: string): string => `IF ${indexExists(name, on)} DROP INDEX ${name} ON ${on}`;
/** True while the key's column at `position` (from 1) is still `column`: a key not yet changed by this migration. */
const keyColumnIs = (constraint: string, position: number, column: string): string =>
  `EXISTS (SELECT 1 FROM sys.index_columns ic JOIN sys.indexes i ON i.object_id = ic.object_id AND i.index_id = ic.index_id
    WHERE i.name = N'${constraint}' AND ic.key_ordinal = ${position} AND COL_NAME(ic.object_id, ic.column_id) = N'${column}')`;

export const MSSQL_MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'stations, EVSEs, status history, transactions, meter values, authorizations, alarms, reservations, charging profiles, configuration, tags, OCPP message log',
    statements: [
      table('stations', `
        station_id ${STATION} NOT NULL,
        ocpp_version ${text(32)},
        vendor ${NAME},
        model ${NAME},
        serial_number ${NAME},
        firmware_version ${NAME},
        boot_status ${text(32)},
        booted_at ${TIME},
        connected INT NOT NULL DEFAULT 0,
        remote_address ${NAME},
        mode ${text(32)} NOT NULL DEFAULT 'auto',
        last_seen_at ${TIME},
        updated_at ${TIME} NOT NULL,
        CONSTRAINT pk_stations PRIMARY KEY (station_id)`),
      table('evses', `
        station_id ${STATION} NOT NULL,
        evse_id INT NOT NULL,
        connector_id INT NOT NULL,
        status ${text(50)} NOT NULL,
        error_code ${CODE},
        info ${INFO},
        vendor_error_code ${text(255)},
        status_at ${TIME} NOT NULL,
        CONSTRAINT pk_evses PRIMARY KEY (station_id, evse_id, connector_id)`),
      table('status_history', `
        id BIGINT IDENTITY(1,1) NOT NULL,
        station_id ${STATION} NOT NULL,
        evse_id INT NOT NULL,
        connector_id INT NOT NULL,
        status ${text(50)} NOT NULL,
        error_code ${CODE},
        info ${INFO},
        vendor_error_code ${text(255)},
        occurred_at ${TIME} NOT NULL,
        received_at ${TIME} NOT NULL,
        CONSTRAINT pk_status_history PRIMARY KEY (id)`),
      index('status_history_station', 'status_history', 'station_id, occurred_at'),
      table('transactions', `
        station_id ${STATION} NOT NULL,
        transaction_id ${TX} NOT NULL,
        evse_id INT,
        connector_id INT,
        id_tag ${TAG},
        token_type ${text(50)},
        started_at ${TIME},
        stopped_at ${TIME},
        meter_start_wh FLOAT,
        meter_stop_wh FLOAT,
        meter_last_wh FLOAT,
        energy_wh FLOAT,
        soc_start_percent FLOAT,
        soc_stop_percent FLOAT,
        max_power_w FLOAT,
        stop_reason ${CODE},
        duration_s INT,
        reservation_id INT,
        remote_start_id INT,
        last_seq_no INT,
        offline INT NOT NULL DEFAULT 0,
        last_sample_at ${TIME},
        updated_at ${TIME} NOT NULL,
        CONSTRAINT pk_transactions PRIMARY KEY (station_id, transaction_id)`),
      index('transactions_started', 'transactions', 'started_at'),
      index('transactions_tag', 'transactions', 'id_tag, started_at'),
      index('transactions_open', 'transactions', 'stopped_at'),
      table('transaction_events', `
        station_id ${STATION} NOT NULL,
        transaction_id ${TX} NOT NULL,
        seq_no INT NOT NULL,
        event_type ${text(32)} NOT NULL,
        trigger_reason ${text(64)},
        charging_state ${text(32)},
        offline INT NOT NULL DEFAULT 0,
        occurred_at ${TIME} NOT NULL,
        received_at ${TIME} NOT NULL,
        CONSTRAINT pk_transaction_events PRIMARY KEY (station_id, transaction_id, seq_no)`),
      // The natural key is the clustered primary key, as WITHOUT ROWID makes it in SQLite.
      table('meter_values', `
        station_id ${STATION} NOT NULL,
        evse_id INT NOT NULL,
        transaction_id ${TX} NOT NULL DEFAULT '',
        sampled_at ${TIME} NOT NULL,
        context ${text(64)},
        energy_wh FLOAT,
        power_w FLOAT,
        current_a FLOAT,
        voltage_v FLOAT,
        soc_percent FLOAT,
        reactive_power_var FLOAT,
        power_offered_w FLOAT,
        temperature_c FLOAT,
        CONSTRAINT pk_meter_values PRIMARY KEY (station_id, evse_id, transaction_id, sampled_at)`),
      index('meter_values_transaction', 'meter_values', 'station_id, transaction_id, sampled_at'),
      table('authorizations', `
        id BIGINT IDENTITY(1,1) NOT NULL,
        station_id ${STATION} NOT NULL,
        id_tag ${TAG} NOT NULL,
        token_type ${text(50)},
        status ${text(50)},
        requested_at ${TIME} NOT NULL,
        CONSTRAINT pk_authorizations PRIMARY KEY (id)`),
      index('authorizations_tag', 'authorizations', 'id_tag, requested_at'),
      table('tags', `
        id_tag ${TAG} NOT NULL,
        owner ${NAME},
        user_group ${NAME},
        valid_until ${TIME},
        blocked INT NOT NULL DEFAULT 0,
        parent_id ${TAG},
        updated_at ${TIME} NOT NULL,
        CONSTRAINT pk_tags PRIMARY KEY (id_tag)`),
      table('alarms', `
        id BIGINT IDENTITY(1,1) NOT NULL,
        alarm_id ${NAME} NOT NULL,
        station_id ${STATION},
        evse_id INT,
        alarm_type ${CODE} NOT NULL,
        priority INT,
        state ${text(32)} NOT NULL,
        message ${JSON_TEXT},
        error_code ${CODE},
        info ${INFO},
        vendor_error_code ${text(255)},
        occurred_at ${TIME} NOT NULL,
        CONSTRAINT pk_alarms PRIMARY KEY (id)`),
      index('alarms_alarm', 'alarms', 'alarm_id, occurred_at'),
      table('reservations', `
        station_id ${STATION} NOT NULL,
        reservation_id INT NOT NULL,
        evse_id INT,
        connector_id INT,
        id_tag ${TAG},
        expires_at ${TIME},
        status ${text(32)} NOT NULL,
        updated_at ${TIME} NOT NULL,
        CONSTRAINT pk_reservations PRIMARY KEY (station_id, reservation_id)`),
      table('charging_profiles', `
        station_id ${STATION} NOT NULL,
        evse_id INT NOT NULL,
        profile_id INT NOT NULL,
        purpose ${text(64)},
        stack_level INT,
        transaction_id ${TX},
        request ${JSON_TEXT},
        active INT NOT NULL,
        updated_at ${TIME} NOT NULL,
        CONSTRAINT pk_charging_profiles PRIMARY KEY (station_id, evse_id, profile_id)`),
      // 2.0.1 keys are component[/evse[/connector]]/variable[/attributeType]: longer than the other keys, and
      // 64 + 300 characters still fit the 900-byte clustered key.
      table('station_config', `
        station_id ${STATION} NOT NULL,
        config_key ${text(300)} NOT NULL,
        config_value ${JSON_TEXT},
        action ${text(64)} NOT NULL,
        request ${JSON_TEXT} NOT NULL,
        applied_at ${TIME} NOT NULL,
        CONSTRAINT pk_station_config PRIMARY KEY (station_id, config_key)`),
      table('ocpp_messages', `
        id BIGINT IDENTITY(1,1) NOT NULL,
        station_id ${STATION} NOT NULL,
        origin ${text(16)} NOT NULL,
        action ${text(64)} NOT NULL,
        message_id ${NAME} NOT NULL,
        request ${JSON_TEXT},
        response ${JSON_TEXT},
        error_code ${text(64)},
        error_description ${JSON_TEXT},
        requested_at ${TIME} NOT NULL,
        answered_at ${TIME},
        CONSTRAINT pk_ocpp_messages PRIMARY KEY (id)`),
      index('ocpp_messages_time', 'ocpp_messages', 'requested_at'),
      index('ocpp_messages_station', 'ocpp_messages', 'station_id, requested_at'),
      table('archive_checkpoint', `
        name ${text(64)} NOT NULL,
        seq BIGINT NOT NULL,
        updated_at ${TIME} NOT NULL,
        CONSTRAINT pk_archive_checkpoint PRIMARY KEY (name)`),
    ],
  },
  {
    version: 2,
    description: 'meter values clustered by transaction, one index fewer on the message log: fewer pages written per batch',
    statements: [
      `IF ${keyColumnIs('pk_meter_values', 2, 'evse_id')} ALTER TABLE meter_values DROP CONSTRAINT pk_meter_values`,
      `IF NOT ${indexExists('pk_meter_values', 'meter_values')} ALTER TABLE meter_values
        ADD CONSTRAINT pk_meter_values PRIMARY KEY (station_id, transaction_id, evse_id, sampled_at)`,
      dropIndex('meter_values_transaction', 'meter_values'),
      dropIndex('ocpp_messages_station', 'ocpp_messages'),
    ],
  },
  {
    version: 3,
    description: 'alarm journal: whether the condition was active, the cause and actor of each transition, shelving expiry, the state a shelved or suppressed alarm resumes; badge holders\' e-mail',
    statements: [
      addColumn('tags', 'email', NAME),
      addColumn('alarms', 'active', 'INT'),
      addColumn('alarms', 'cause', text(32)),
      addColumn('alarms', 'actor', NAME),
      addColumn('alarms', 'shelved_until', TIME),
      addColumn('alarms', 'resumes_as', text(32)),
      index('alarms_time', 'alarms', 'occurred_at'),
    ],
  },
];

/** Created before any migration runs: the version table itself. */
export const MSSQL_VERSION_TABLE = table('schema_version', `
  version INT NOT NULL,
  description NVARCHAR(400) NOT NULL,
  applied_at ${TIME} NOT NULL,
  CONSTRAINT pk_schema_version PRIMARY KEY (version)`);

/** Every table the archive owns, the version table last (what a test drops to start from an empty database). */
export const MSSQL_TABLES = [
  'stations', 'evses', 'status_history', 'transactions', 'transaction_events', 'meter_values', 'authorizations', 'tags',
  'alarms', 'reservations', 'charging_profiles', 'station_config', 'ocpp_messages', 'archive_checkpoint', 'schema_version',
] as const;
