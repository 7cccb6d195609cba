// Request bodies decoded the way Toxiproxy's Go json.Decoder does it: keys match fields
// case-insensitively, unknown keys and nulls are ignored, a wrong type is a 400 naming the field.
import { ApiError, ERR } from './errors.ts';

export type FieldKind = 'string' | 'bool' | 'int64' | 'float32';

/** A Go struct as seen by encoding/json: its type name and its JSON fields. */
export interface GoStruct {
  type: string;
  fields: Record<string, FieldKind>;
}

/** A JSON value's type in Go's words, for "cannot unmarshal X" messages. */
export function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // string, number, object
}

function bad(message: string): ApiError {
  return ApiError.join(message, ERR.badRequestBody);
}

/** The body as one JSON value; an empty body is Go's "EOF". */
export function parseBody(text: string): unknown {
  if (text.trim() === '') throw bad('EOF');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw bad((e as Error).message);
  }
}

function fits(kind: FieldKind, v: unknown): boolean {
  switch (kind) {
    case 'string': return typeof v === 'string';
    case 'bool': return typeof v === 'boolean';
    case 'int64': return typeof v === 'number' && Number.isSafeInteger(v);
    case 'float32': return typeof v === 'number' && Number.isFinite(v);
  }
}

/** Assign the fields of `value` onto `into` (which holds the defaults); throws a 400 ApiError. */
export function decodeStruct(value: unknown, spec: GoStruct, into: Record<string, unknown>, where = spec.type): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw bad(`json: cannot unmarshal ${jsonType(value)} into Go value of type ${spec.type}`);
  }
  const names = Object.keys(spec.fields);
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (field === undefined || v === null) continue;
    const kind = spec.fields[field]!;
    if (!fits(kind, v)) {
      const what = typeof v === 'number' ? `number ${v}` : jsonType(v);
      throw bad(`json: cannot unmarshal ${what} into Go struct field ${where}.${field} of type ${kind}`);
    }
    into[field] = v;
  }
}
