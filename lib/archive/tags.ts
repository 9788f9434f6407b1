/** Badges given by a flow (a CSV import, a directory sync) as archive records; the billing per user group reads them. */
import type { TagRecord } from './records';
import { RequestError } from './request';
import { formatTimestamp } from '../ocpp/time';

const optionalText = (tag: Record<string, unknown>, name: string, index: number): string | undefined => {
  const v = tag[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new RequestError(`tags[${index}].${name} must be a string`);
  return v;
};

export function tagRecords(tags: unknown[]): TagRecord[] {
  const at = formatTimestamp();
  return tags.map((raw, index) => {
    if (typeof raw !== 'object' || raw === null) throw new RequestError(`tags[${index}] must be an object with an idTag`);
    const tag = raw as Record<string, unknown>;
    const idTag = optionalText(tag, 'idTag', index);
    if (!idTag) throw new RequestError(`tags[${index}].idTag is required`);
    if (tag.blocked !== undefined && typeof tag.blocked !== 'boolean') throw new RequestError(`tags[${index}].blocked must be true or false`);
    return {
      kind: 'tag', idTag, owner: optionalText(tag, 'owner', index), userGroup: optionalText(tag, 'userGroup', index),
      validUntil: optionalText(tag, 'validUntil', index), blocked: tag.blocked as boolean | undefined,
      parentId: optionalText(tag, 'parentId', index), email: optionalText(tag, 'email', index), at,
    };
  });
}
