/** Reading and changing configuration: 1.6 Get/ChangeConfiguration, 2.0.1 GetVariables/SetVariables/GetBaseReport. */
import { Translator } from './types';
import { Params, fail } from './params';
import { chosenId } from './ids';
import { ConfigKey, keyFor16, keyFor201, readKey } from './config-keys';

/** The keys asked for; a comma-separated text is accepted because query strings cannot carry arrays. */
function readKeys(p: Params): ConfigKey[] {
  const raw = p.raw('keys');
  if (raw === undefined) return [];
  const items = typeof raw === 'string' ? raw.split(',').map((k) => k.trim()).filter((k) => k !== '') : p.list('keys') ?? [];
  return items.map((item, i) => readKey(new Params(p.command, { [`keys[${i}]`]: item }), `keys[${i}]`));
}

const getConfiguration: Translator = (version, p, ctx) => {
  const keys = readKeys(p);
  if (version === '1.6') return { action: 'GetConfiguration', payload: { key: keys.map((k) => keyFor16(p, k)) } };
  if (keys.length === 0) {
    // 2.0.1 has no "all keys" form of GetVariables; the configuration report is its counterpart.
    const reportBase = p.choice('reportBase', ['ConfigurationInventory', 'FullInventory', 'SummaryInventory'] as const);
    return {
      action: 'GetBaseReport',
      payload: { requestId: chosenId(p, 'requestId', ctx, 1), reportBase: reportBase ?? 'ConfigurationInventory' },
    };
  }
  return { action: 'GetVariables', payload: { getVariableData: keys.map((k) => keyFor201(p, k)) } };
};

/** A configuration value as text, which both versions require; lists become the comma-separated form OCPP uses. */
function valueText(p: Params, name: string): string {
  const v = p.exact(name);
  if (v === undefined) fail(p.problem(name, 'is required'));
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(',');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

interface Setting {
  key: ConfigKey;
  value: string;
}

function readSettings(p: Params): Setting[] {
  const list = p.objList('settings');
  if (list && p.has('key')) fail(`${p.command}: give either key and value or settings, not both`);
  if (!list) return [{ key: readKey(p, 'key'), value: valueText(p, 'value') }];
  if (list.length === 0) fail(p.problem('settings', 'must hold at least one setting'));
  return list.map((s) => ({ key: readKey(s, 'key'), value: valueText(s, 'value') }));
}

const changeConfiguration: Translator = (version, p) => {
  const settings = readSettings(p);
  if (version === '1.6') {
    if (settings.length !== 1) fail(`${p.command}: OCPP 1.6 changes one key per request, got ${settings.length} settings`);
    return { action: 'ChangeConfiguration', payload: { key: keyFor16(p, settings[0].key), value: settings[0].value } };
  }
  const setVariableData = settings.map((s) => ({ ...keyFor201(p, s.key), attributeValue: s.value }));
  return { action: 'SetVariables', payload: { setVariableData } };
};

export const CONFIGURATION_COMMANDS: Record<string, Translator> = { getConfiguration, changeConfiguration };
