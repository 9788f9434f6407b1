/**
 * The fuzzer's frames and what OCPP-J says must come back for each (J16 §4, 2.0.1 Part 4 §4): a seeded generator
 * of broken, truncated, wrongly typed, schema-violating, stray and oversized frames, with well-formed ones mixed
 * in. The expectations are written from the specification, not from our code: a family of acceptable error codes
 * in the version's own spelling, the message id the answer must carry, or silence, or a close.
 */

export type Version = '1.6' | '2.0.1';

export type Expect =
  | { kind: 'result'; id: string }
  | { kind: 'error'; id: string; codes: string[] }
  | { kind: 'silence' }
  | { kind: 'close'; code: number };

export type Category = 'valid' | 'garbage' | 'truncated' | 'shape' | 'action' | 'payload' | 'stray' | 'type' | 'oversized';

export interface FuzzCase {
  category: Category;
  label: string;
  frame: string;
  expect: Expect;
}

const FRAMING: Record<Version, string[]> = {
  '1.6': ['FormationViolation', 'ProtocolError', 'GenericError'],
  '2.0.1': ['RpcFrameworkError', 'FormatViolation', 'ProtocolError'],
};
const PAYLOAD: Record<Version, string[]> = {
  '1.6': ['FormationViolation', 'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'TypeConstraintViolation'],
  '2.0.1': ['FormatViolation', 'PropertyConstraintViolation', 'OccurrenceConstraintViolation', 'TypeConstraintViolation'],
};

interface Template {
  action: string;
  payload: Record<string, unknown>;
  /** Required top-level fields. */
  required: string[];
  /** A string field with a length limit, and the limit. */
  bounded?: [string, number];
}

const TEMPLATES: Record<Version, Template[]> = {
  '1.6': [
    { action: 'Heartbeat', payload: {}, required: [] },
    { action: 'Authorize', payload: { idTag: 'TAG-1' }, required: ['idTag'], bounded: ['idTag', 20] },
    { action: 'StatusNotification', payload: { connectorId: 1, errorCode: 'NoError', status: 'Available' }, required: ['connectorId', 'errorCode', 'status'] },
    { action: 'DataTransfer', payload: { vendorId: 'ACME' }, required: ['vendorId'], bounded: ['vendorId', 255] },
  ],
  '2.0.1': [
    { action: 'Heartbeat', payload: {}, required: [] },
    { action: 'Authorize', payload: { idToken: { idToken: 'TAG-1', type: 'ISO14443' } }, required: ['idToken'] },
    {
      action: 'StatusNotification', payload: { timestamp: '2026-12-01T10:00:00Z', connectorStatus: 'Available', evseId: 1, connectorId: 1 },
      required: ['timestamp', 'connectorStatus', 'evseId', 'connectorId'],
    },
    { action: 'DataTransfer', payload: { vendorId: 'ACME' }, required: ['vendorId'], bounded: ['vendorId', 255] },
  ],
};

const WRONG_TYPES: unknown[] = [42, -1.5, true, null, [], ['x'], { nested: 1 }, 'text'];

export class CaseMaker {
  private count = 0;

  constructor(private readonly random: () => number, private readonly version: Version, private readonly maxPayload: number, private readonly prefix: string) {}

  next(): FuzzCase {
    const r = this.random();
    if (r < 0.15) return this.valid();
    if (r < 0.25) return this.garbage();
    if (r < 0.35) return this.truncated();
    if (r < 0.45) return this.badShape();
    if (r < 0.52) return this.unknownAction();
    if (r < 0.8) return this.badPayload();
    if (r < 0.9) return this.stray();
    if (r < 0.96) return this.unknownType();
    return this.oversized();
  }

  private id(): string {
    return `${this.prefix}-${++this.count}`;
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  private template(): Template {
    return this.pick(TEMPLATES[this.version]);
  }

  private valid(): FuzzCase {
    const t = this.template();
    const id = this.id();
    return { category: 'valid', label: `valid ${t.action}`, frame: JSON.stringify([2, id, t.action, t.payload]), expect: { kind: 'result', id } };
  }

  private garbage(): FuzzCase {
    const bytes = Array.from({ length: 1 + Math.floor(this.random() * 60) }, () => String.fromCharCode(32 + Math.floor(this.random() * 95))).join('');
    // Text that happens to parse is not garbage; keep it unparsable and without a salvageable CALL id.
    const frame = `}${bytes.replace(/^\s*\[/, '')}`;
    return { category: 'garbage', label: 'not JSON', frame, expect: { kind: 'error', id: '-1', codes: FRAMING[this.version] } };
  }

  private truncated(): FuzzCase {
    const t = this.template();
    const id = this.id();
    const whole = JSON.stringify([2, id, t.action, { ...t.payload, padding: 'x'.repeat(20) }]);
    const cut = whole.slice(0, Math.max(1, Math.floor(this.random() * (whole.length - 1))));
    // A sender that can still read the id gets it back; one cut before the id is complete gets "-1".
    const idReadable = cut.startsWith(`[2,"${id}"`);
    return { category: 'truncated', label: 'truncated CALL', frame: cut, expect: { kind: 'error', id: idReadable ? id : '-1', codes: [...FRAMING[this.version], ...PAYLOAD[this.version]] } };
  }

  private badShape(): FuzzCase {
    const id = this.id();
    const shapes: Array<[string, unknown, string]> = [
      ['an object', { messageTypeId: 2, id }, '-1'],
      ['a number', 2, '-1'],
      ['a short array', [2, id], '-1'],
      ['a numeric id', [2, 12345, 'Heartbeat', {}], '-1'],
      ['a 37-character id', [2, 'x'.repeat(37), 'Heartbeat', {}], '-1'],
      ['a CALL of 5 elements', [2, id, 'Heartbeat', {}, {}], id],
      ['an action that is not a string', [2, id, 7, {}], id],
    ];
    const [label, value, expected] = this.pick(shapes);
    return { category: 'shape', label: `frame as ${label}`, frame: JSON.stringify(value), expect: { kind: 'error', id: expected, codes: [...FRAMING[this.version], ...PAYLOAD[this.version]] } };
  }

  private unknownAction(): FuzzCase {
    const id = this.id();
    const action = this.pick(['Launch', 'heartbeat', 'GetDiagnostics2', 'X'.repeat(40), 'StartTransactions']);
    return { category: 'action', label: `unknown action ${action.slice(0, 12)}`, frame: JSON.stringify([2, id, action, {}]), expect: { kind: 'error', id, codes: ['NotImplemented'] } };
  }

  private badPayload(): FuzzCase {
    const t = this.template();
    const id = this.id();
    const payload: Record<string, unknown> = structuredClone(t.payload);
    let label: string;
    const choice = this.random();
    if (t.required.length === 0 || choice < 0.1) {
      label = `${t.action} payload that is not an object`;
      return { category: 'payload', label, frame: JSON.stringify([2, id, t.action, this.pick([[], 'text', 3, null])]), expect: { kind: 'error', id, codes: PAYLOAD[this.version] } };
    }
    const field = this.pick(t.required);
    if (choice < 0.45) {
      delete payload[field];
      label = `${t.action} without ${field}`;
    } else if (choice < 0.85 || !t.bounded) {
      payload[field] = this.pick(WRONG_TYPES.filter((v) => typeof v !== typeof t.payload[field] || Array.isArray(v) !== Array.isArray(t.payload[field])));
      label = `${t.action} with ${field} of a wrong type`;
    } else {
      payload[t.bounded[0]] = 'A'.repeat(t.bounded[1] + 1 + Math.floor(this.random() * 50));
      label = `${t.action} with ${t.bounded[0]} too long`;
    }
    return { category: 'payload', label, frame: JSON.stringify([2, id, t.action, payload]), expect: { kind: 'error', id, codes: PAYLOAD[this.version] } };
  }

  private stray(): FuzzCase {
    const id = `${this.id()}-stray`;
    const frame = this.random() < 0.5 ? JSON.stringify([3, id, { status: 'Accepted' }]) : JSON.stringify([4, id, 'GenericError', 'no call of yours', {}]);
    // An answer to nothing we asked is dropped: no reply to a reply (J16 §4.2, 2.0.1 Part 4 §4.1).
    return { category: 'stray', label: 'a reply to no call', frame, expect: { kind: 'silence' } };
  }

  private unknownType(): FuzzCase {
    const id = this.id();
    const frame = JSON.stringify([this.pick([0, 1, 5, 6, 99]), id, 'Heartbeat', {}]);
    // 2.0.1 answers MessageTypeNotSupported; 1.6 has no such error and ignores the frame.
    if (this.version === '1.6') return { category: 'type', label: 'unknown message type', frame, expect: { kind: 'silence' } };
    return { category: 'type', label: 'unknown message type', frame, expect: { kind: 'error', id, codes: ['MessageTypeNotSupported'] } };
  }

  private oversized(): FuzzCase {
    const id = this.id();
    const frame = JSON.stringify([2, id, 'DataTransfer', { vendorId: 'ACME', data: 'x'.repeat(this.maxPayload + 1 + Math.floor(this.random() * 1000)) }]);
    return { category: 'oversized', label: 'oversized frame', frame, expect: { kind: 'close', code: 1009 } };
  }
}
