/**
 * Statement results on the wire, as Confluent's sql/v1 serves them: every scalar as a string,
 * SQL NULL as null, ARRAY and ROW as arrays, MAP and MULTISET as arrays of [key, value] /
 * [element, count] pairs. Input is the SQL Gateway's JSON row format and column types.
 */

/** The SQL Gateway's description of a column type (rowFormat JSON). */
export interface EngineLogicalType {
  type: string;
  nullable: boolean;
  length?: number;
  precision?: number;
  scale?: number;
  elementType?: EngineLogicalType;
  keyType?: EngineLogicalType;
  valueType?: EngineLogicalType;
  fields?: { name: string; fieldType: EngineLogicalType }[];
  [key: string]: unknown;
}

/** sql/v1 ColumnDataType. */
export interface ColumnDataType {
  type: string;
  nullable: boolean;
  length?: number;
  precision?: number;
  scale?: number;
  element_type?: ColumnDataType;
  key_type?: ColumnDataType;
  value_type?: ColumnDataType;
  fields?: { name: string; field_type: ColumnDataType }[];
}

export function columnDataType(t: EngineLogicalType): ColumnDataType {
  return {
    type: t.type,
    nullable: t.nullable,
    ...(t.length !== undefined ? { length: t.length } : {}),
    ...(t.precision !== undefined ? { precision: t.precision } : {}),
    ...(t.scale !== undefined ? { scale: t.scale } : {}),
    ...(t.elementType ? { element_type: columnDataType(t.elementType) } : {}),
    ...(t.keyType ? { key_type: columnDataType(t.keyType) } : {}),
    ...(t.valueType ? { value_type: columnDataType(t.valueType) } : {}),
    ...(t.fields ? { fields: t.fields.map((f) => ({ name: f.name, field_type: columnDataType(f.fieldType) })) } : {}),
  };
}

export type WireValue = string | null | WireValue[];

export function encodeValue(value: unknown, t: EngineLogicalType): WireValue {
  if (value === null || value === undefined) return null;
  switch (t.type) {
    case 'ARRAY':
      return (value as unknown[]).map((v) => encodeValue(v, t.elementType ?? { type: 'VARCHAR', nullable: true }));
    case 'MULTISET':
      return Object.entries(value as Record<string, unknown>).map(([k, n]) => [
        encodeValue(k, t.elementType ?? { type: 'VARCHAR', nullable: true }),
        String(n),
      ]);
    case 'MAP':
      return Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        encodeValue(k, t.keyType ?? { type: 'VARCHAR', nullable: true }),
        encodeValue(v, t.valueType ?? { type: 'VARCHAR', nullable: true }),
      ]);
    case 'ROW':
    case 'STRUCTURED_TYPE': {
      const fields = t.fields ?? [];
      const record = value as Record<string, unknown>;
      return Array.isArray(value)
        ? value.map((v, i) => encodeValue(v, fields[i]?.fieldType ?? { type: 'VARCHAR', nullable: true }))
        : fields.map((f) => encodeValue(record[f.name], f.fieldType));
    }
    case 'DECIMAL':
      return typeof value === 'number' && t.scale !== undefined ? value.toFixed(t.scale) : String(value);
    case 'TIMESTAMP_WITHOUT_TIME_ZONE':
    case 'TIMESTAMP_WITH_LOCAL_TIME_ZONE':
    case 'TIMESTAMP_WITH_TIME_ZONE':
      return String(value).replace('T', ' ');
    case 'BOOLEAN':
      return value ? 'TRUE' : 'FALSE';
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

export const ROW_OPS = { INSERT: 0, UPDATE_BEFORE: 1, UPDATE_AFTER: 2, DELETE: 3 } as const;

export function encodeRow(
  fields: readonly unknown[],
  columns: readonly { logicalType: EngineLogicalType }[],
): WireValue[] {
  return fields.map((v, i) => encodeValue(v, columns[i]?.logicalType ?? { type: 'VARCHAR', nullable: true }));
}
