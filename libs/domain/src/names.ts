/** Statement names: DNS-label style segments separated by dots, at most 100 characters. */
export const STATEMENT_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const STATEMENT_NAME_MAX_LENGTH = 100;

/** Why `name` is not a valid statement name, or null when it is. */
export function statementNameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if (name.length > STATEMENT_NAME_MAX_LENGTH) {
    return `must be at most ${STATEMENT_NAME_MAX_LENGTH} characters (got ${name.length})`;
  }
  if (!STATEMENT_NAME_PATTERN.test(name)) {
    return 'must consist of lower-case letters, digits and "-", start and end with a letter or digit, and may be split into such segments by "."';
  }
  return null;
}

/** Compute pool display names (fcpm/v2). */
export const POOL_DISPLAY_NAME_PATTERN = /^(?:[0-9A-Za-z-])[\w.-]{0,63}$/;

/** Environment display names: letters, digits, "-", "_" and spaces, starting and ending with a letter or digit. */
export const ENVIRONMENT_DISPLAY_NAME_PATTERN = /^[0-9A-Za-z]([0-9A-Za-z _-]{0,62}[0-9A-Za-z])?$/;
