/** The local authorization list: SendLocalList and GetLocalListVersion. */
import { OcppVersion } from '../errors';
import { Translator } from './types';
import { Params } from './params';
import { authorizationStatus, idToken201 } from './id-token';

/** One list entry; without any token info it means "remove this token" in a differential update. */
function entry(version: OcppVersion, e: Params): Record<string, unknown> {
  const idTag = e.reqStr('idTag');
  const expiryDate = e.time('expiryDate');
  const parentIdTag = e.str('parentIdTag');
  const given = authorizationStatus(version, e, 'status');
  // An expiry or parent alone still describes an accepted token.
  const status = given ?? (expiryDate !== undefined || parentIdTag !== undefined ? 'Accepted' : undefined);
  if (version === '1.6') {
    return { idTag, idTagInfo: status ? { status, expiryDate, parentIdTag } : undefined };
  }
  return {
    idToken: idToken201(e, 'tokenType', idTag, 'ISO14443'),
    idTokenInfo: status
      ? {
          status,
          cacheExpiryDateTime: expiryDate,
          groupIdToken: parentIdTag === undefined ? undefined : idToken201(e, 'parentTokenType', parentIdTag, 'Central'),
        }
      : undefined,
  };
}

const sendLocalList: Translator = (version, p) => {
  const listVersion = p.reqInt('listVersion');
  const updateType = p.required('updateType', p.choice('updateType', ['Full', 'Differential'] as const));
  const list = (p.objList('entries') ?? []).map((e) => entry(version, e));
  if (version === '1.6') return { action: 'SendLocalList', payload: { listVersion, updateType, localAuthorizationList: list } };
  return { action: 'SendLocalList', payload: { versionNumber: listVersion, updateType, localAuthorizationList: list } };
};

const getLocalListVersion: Translator = () => ({ action: 'GetLocalListVersion', payload: {} });

export const LOCAL_LIST_COMMANDS: Record<string, Translator> = { sendLocalList, getLocalListVersion };
