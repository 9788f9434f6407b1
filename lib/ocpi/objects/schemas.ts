/**
 * JSON schemas of the OCPI 2.2.1 objects the bridge sends (Location, Session, CDR, Tariff) and receives (Token),
 * written from the specification's tables: OCPI publishes none, and the community's have known errors. Ours
 * check what we send in the tests, and what partners push to us at run time.
 */
import Ajv, { ValidateFunction } from 'ajv';

const DATE_TIME = { type: 'string', maxLength: 25, pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z?$' };
const ci = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '^[\\x20-\\x7e]*$' });
const PRICE = { type: 'object', required: ['excl_vat'], properties: { excl_vat: { type: 'number' }, incl_vat: { type: 'number' } }, additionalProperties: false };
const COORDINATES = {
  type: 'object', required: ['latitude', 'longitude'], additionalProperties: false,
  properties: { latitude: { type: 'string', pattern: '^-?[0-9]{1,2}\\.[0-9]{5,7}$' }, longitude: { type: 'string', pattern: '^-?[0-9]{1,3}\\.[0-9]{5,7}$' } },
};
const PARTY = { country_code: ci(2), party_id: ci(3) };
const TOKEN_TYPE = { enum: ['AD_HOC_USER', 'APP_USER', 'OTHER', 'RFID'] };
const CDR_TOKEN = {
  type: 'object', required: ['country_code', 'party_id', 'uid', 'type', 'contract_id'], additionalProperties: false,
  properties: { ...PARTY, uid: ci(36), type: TOKEN_TYPE, contract_id: ci(36) },
};
const AUTH_METHOD = { enum: ['AUTH_REQUEST', 'COMMAND', 'WHITELIST'] };
const STATUS = { enum: ['AVAILABLE', 'BLOCKED', 'CHARGING', 'INOPERATIVE', 'OUTOFORDER', 'PLANNED', 'REMOVED', 'RESERVED', 'UNKNOWN'] };
const POWER_TYPE = { enum: ['AC_1_PHASE', 'AC_2_PHASE', 'AC_2_PHASE_SPLIT', 'AC_3_PHASE', 'DC'] };

const CONNECTOR = {
  type: 'object', required: ['id', 'standard', 'format', 'power_type', 'max_voltage', 'max_amperage', 'last_updated'], additionalProperties: false,
  properties: {
    id: ci(36), standard: { type: 'string' }, format: { enum: ['SOCKET', 'CABLE'] }, power_type: POWER_TYPE, max_voltage: { type: 'integer' },
    max_amperage: { type: 'integer' }, max_electric_power: { type: 'integer' }, tariff_ids: { type: 'array', items: ci(36) },
    terms_and_conditions: { type: 'string', maxLength: 255 }, last_updated: DATE_TIME,
  },
};

export const LOCATION_SCHEMA = {
  type: 'object', additionalProperties: false,
  required: ['country_code', 'party_id', 'id', 'publish', 'address', 'city', 'country', 'coordinates', 'time_zone', 'last_updated'],
  properties: {
    ...PARTY, id: ci(36), publish: { type: 'boolean' }, name: { type: 'string', maxLength: 255 }, address: { type: 'string', maxLength: 255 },
    city: { type: 'string', maxLength: 45 }, postal_code: { type: 'string', maxLength: 10 }, state: { type: 'string', maxLength: 20 },
    country: { type: 'string', pattern: '^[A-Z]{3}$' }, coordinates: COORDINATES, parking_type: { type: 'string' },
    evses: {
      type: 'array',
      items: {
        type: 'object', required: ['uid', 'status', 'connectors', 'last_updated'], additionalProperties: false,
        properties: {
          uid: ci(36), evse_id: ci(48), status: STATUS, capabilities: { type: 'array', items: { type: 'string' } }, connectors: { type: 'array', minItems: 1, items: CONNECTOR },
          floor_level: { type: 'string', maxLength: 4 }, coordinates: COORDINATES, physical_reference: { type: 'string', maxLength: 16 }, last_updated: DATE_TIME,
        },
      },
    },
    operator: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 100 } } },
    time_zone: { type: 'string', maxLength: 255 }, charging_when_closed: { type: 'boolean' }, last_updated: DATE_TIME,
  },
};

export const SESSION_SCHEMA = {
  type: 'object', additionalProperties: false,
  required: ['country_code', 'party_id', 'id', 'start_date_time', 'kwh', 'cdr_token', 'auth_method', 'location_id', 'evse_uid', 'connector_id', 'currency', 'status', 'last_updated'],
  properties: {
    ...PARTY, id: ci(36), start_date_time: DATE_TIME, end_date_time: DATE_TIME, kwh: { type: 'number', minimum: 0 }, cdr_token: CDR_TOKEN, auth_method: AUTH_METHOD,
    authorization_reference: ci(36), location_id: ci(36), evse_uid: ci(36), connector_id: ci(36), meter_id: { type: 'string', maxLength: 255 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' }, charging_periods: { type: 'array' }, total_cost: PRICE,
    status: { enum: ['ACTIVE', 'COMPLETED', 'INVALID', 'PENDING', 'RESERVATION'] }, last_updated: DATE_TIME,
  },
};

export const CDR_SCHEMA = {
  type: 'object', additionalProperties: false,
  required: ['country_code', 'party_id', 'id', 'start_date_time', 'end_date_time', 'cdr_token', 'auth_method', 'cdr_location', 'currency', 'charging_periods',
    'total_cost', 'total_energy', 'total_time', 'last_updated'],
  properties: {
    ...PARTY, id: ci(39), start_date_time: DATE_TIME, end_date_time: DATE_TIME, session_id: ci(36), cdr_token: CDR_TOKEN, auth_method: AUTH_METHOD,
    authorization_reference: ci(36),
    cdr_location: {
      type: 'object', additionalProperties: false,
      required: ['id', 'address', 'city', 'country', 'coordinates', 'evse_uid', 'evse_id', 'connector_id', 'connector_standard', 'connector_format', 'connector_power_type'],
      properties: {
        id: ci(36), name: { type: 'string', maxLength: 255 }, address: { type: 'string', maxLength: 45 }, city: { type: 'string', maxLength: 45 },
        postal_code: { type: 'string', maxLength: 10 }, state: { type: 'string', maxLength: 20 }, country: { type: 'string', pattern: '^[A-Z]{3}$' }, coordinates: COORDINATES,
        evse_uid: ci(36), evse_id: ci(48), connector_id: ci(36), connector_standard: { type: 'string' }, connector_format: { enum: ['SOCKET', 'CABLE'] },
        connector_power_type: POWER_TYPE,
      },
    },
    meter_id: { type: 'string', maxLength: 255 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' }, tariffs: { type: 'array' },
    charging_periods: {
      type: 'array', minItems: 1,
      items: {
        type: 'object', required: ['start_date_time', 'dimensions'], additionalProperties: false,
        properties: {
          start_date_time: DATE_TIME, tariff_id: ci(36),
          dimensions: {
            type: 'array', minItems: 1,
            items: {
              type: 'object', required: ['type', 'volume'], additionalProperties: false,
              properties: {
                type: { enum: ['CURRENT', 'ENERGY', 'ENERGY_EXPORT', 'ENERGY_IMPORT', 'MAX_CURRENT', 'MIN_CURRENT', 'MAX_POWER', 'MIN_POWER', 'PARKING_TIME', 'POWER', 'RESERVATION_TIME', 'STATE_OF_CHARGE', 'TIME'] },
                volume: { type: 'number' },
              },
            },
          },
        },
      },
    },
    signed_data: { type: 'object' }, total_cost: PRICE, total_fixed_cost: PRICE, total_energy: { type: 'number' }, total_energy_cost: PRICE, total_time: { type: 'number' },
    total_time_cost: PRICE, total_parking_time: { type: 'number' }, total_parking_cost: PRICE, total_reservation_cost: PRICE, remark: { type: 'string', maxLength: 255 },
    invoice_reference_id: ci(39), credit: { type: 'boolean' }, credit_reference_id: ci(39), home_charging_compensation: { type: 'boolean' }, last_updated: DATE_TIME,
  },
};

export const TARIFF_SCHEMA = {
  type: 'object', additionalProperties: true, required: ['country_code', 'party_id', 'id', 'currency', 'elements', 'last_updated'],
  properties: {
    ...PARTY, id: ci(36), currency: { type: 'string', pattern: '^[A-Z]{3}$' }, type: { enum: ['AD_HOC_PAYMENT', 'PROFILE_CHEAP', 'PROFILE_FAST', 'PROFILE_GREEN', 'REGULAR'] },
    elements: {
      type: 'array', minItems: 1,
      items: {
        type: 'object', required: ['price_components'],
        properties: {
          price_components: {
            type: 'array', minItems: 1,
            items: {
              type: 'object', required: ['type', 'price', 'step_size'], additionalProperties: false,
              properties: { type: { enum: ['ENERGY', 'FLAT', 'PARKING_TIME', 'TIME'] }, price: { type: 'number', minimum: 0 }, vat: { type: 'number' }, step_size: { type: 'integer', minimum: 0 } },
            },
          },
          restrictions: { type: 'object' },
        },
      },
    },
    last_updated: DATE_TIME,
  },
};

/** What an eMSP pushes (PUT /tokens/{cc}/{party}/{uid}); PATCH sends part of it. */
export const TOKEN_SCHEMA = {
  type: 'object', additionalProperties: true, required: ['country_code', 'party_id', 'uid', 'type', 'contract_id', 'issuer', 'valid', 'whitelist', 'last_updated'],
  properties: {
    ...PARTY, uid: ci(36), type: TOKEN_TYPE, contract_id: ci(36), visual_number: { type: 'string', maxLength: 64 }, issuer: { type: 'string', maxLength: 64 },
    group_id: ci(36), valid: { type: 'boolean' }, whitelist: { enum: ['ALWAYS', 'ALLOWED', 'ALLOWED_OFFLINE', 'NEVER'] }, language: { type: 'string', maxLength: 2 },
    default_profile_type: { enum: ['CHEAP', 'FAST', 'GREEN', 'REGULAR'] }, energy_contract: { type: 'object' }, last_updated: DATE_TIME,
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<object, ValidateFunction>();

/** The problems of an object against a schema, each with its path; none when it conforms. */
export function problemsOf(schema: object, value: unknown): string[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is not valid'}`);
}
