/**
 * Flink reports some SQL mistakes only as a raw Java exception (a planner's ClassCastException,
 * a parser's "Encountered …"). A statement's detail then leads with what a SQL user can do about
 * it, and keeps Flink's text after it.
 */

interface Hint {
  /** Matches Flink's message (the root cause as reported). */
  when: RegExp;
  say: string;
}

const HINTS: readonly Hint[] = [
  {
    // DESCRIPTOR(PROCTIME()) or another expression where a window wants a column name.
    when: /ClassCastException: class org\.apache\.calcite\.sql\.SqlBasicCall cannot be cast to class org\.apache\.calcite\.sql\.SqlIdentifier/,
    say: 'A window table function takes the name of a time column in DESCRIPTOR(…), not an expression: use DESCRIPTOR($rowtime) (the Kafka record timestamp every table has) or a column with a watermark. Processing time (PROCTIME()) is not supported.',
  },
  {
    when: /requires the timecol (?:to be|is) a time attribute|must be a time attribute|not a time attribute/i,
    say: 'The column in DESCRIPTOR(…) has no watermark, so it is not a time attribute: use DESCRIPTOR($rowtime), or declare WATERMARK FOR <column> AS … on the table.',
  },
  {
    when: /Rowtime attributes must not be in the input rows of a regular join/,
    say: 'A regular join cannot carry an event-time column through: select CAST(`$rowtime` AS TIMESTAMP_LTZ(3)) instead of the time attribute, or use an interval or temporal join (FOR SYSTEM_TIME AS OF o.`$rowtime`).',
  },
  {
    when: /Encountered "\.?\s*\$rowtime"|Encountered "[\w`]*\.\$rowtime"/,
    say: 'A qualified $rowtime must be quoted: write o.`$rowtime`.',
  },
];

/** The detail for a failure Flink reported as `message`: a hint first when one applies. */
export function actionableEngineDetail(message: string): string {
  const hint = HINTS.find((h) => h.when.test(message));
  return hint ? `${hint.say} Flink: ${message}` : message;
}
