import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnDataType, encodeRow, type EngineLogicalType } from './result-encoding';

// Column types and a row exactly as the SQL Gateway returned them for a query over each type.
const INT: EngineLogicalType = { type: 'INTEGER', nullable: false };
const CHAR: EngineLogicalType = { type: 'CHAR', nullable: false, length: 1 };
const columns: { name: string; logicalType: EngineLogicalType }[] = [
  { name: 'a', logicalType: INT },
  { name: 'c', logicalType: { type: 'DECIMAL', nullable: false, precision: 5, scale: 2 } },
  { name: 'd', logicalType: { type: 'ARRAY', nullable: false, elementType: INT } },
  { name: 'e', logicalType: { type: 'MAP', nullable: false, keyType: CHAR, valueType: INT } },
  {
    name: 'f',
    logicalType: {
      type: 'ROW',
      nullable: false,
      fields: [
        { name: 'x', fieldType: INT },
        { name: 'y', fieldType: CHAR },
      ],
    },
  },
  { name: 'g', logicalType: { type: 'TIMESTAMP_WITHOUT_TIME_ZONE', nullable: false, precision: 3 } },
  { name: 'h', logicalType: { type: 'VARCHAR', nullable: true, length: 2147483647 } },
  { name: 'i', logicalType: { type: 'BOOLEAN', nullable: false } },
  { name: 'm', logicalType: { type: 'MULTISET', nullable: false, elementType: CHAR } },
];

describe('result encoding', () => {
  it('encodes scalars as strings, NULL as null and nests collections as arrays', () => {
    const row = [1, 1.5, [1, 2], { k: 1 }, { x: 1, y: 'z' }, '2024-01-02T03:04:05.123', null, true, { q: 2 }];
    assert.deepEqual(encodeRow(row, columns), [
      '1',
      '1.50',
      ['1', '2'],
      [['k', '1']],
      ['1', 'z'],
      '2024-01-02 03:04:05.123',
      null,
      'TRUE',
      [['q', '2']],
    ]);
  });

  it('maps engine column types onto sql/v1 DataType', () => {
    assert.deepEqual(columnDataType(columns[4].logicalType), {
      type: 'ROW',
      nullable: false,
      fields: [
        { name: 'x', field_type: { type: 'INTEGER', nullable: false } },
        { name: 'y', field_type: { type: 'CHAR', nullable: false, length: 1 } },
      ],
    });
    assert.deepEqual(columnDataType(columns[3].logicalType), {
      type: 'MAP',
      nullable: false,
      key_type: { type: 'CHAR', nullable: false, length: 1 },
      value_type: { type: 'INTEGER', nullable: false },
    });
  });
});
