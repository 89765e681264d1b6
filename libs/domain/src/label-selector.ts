/** One term of a `label_selector`: equality (`key=value`) or presence (`key`). */
export interface LabelTerm {
  key: string;
  value?: string;
}

export class LabelSelectorError extends Error {}

const LABEL_KEY = /^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$/;

/** Parses a comma-separated label selector; every term must match for a statement to be listed. */
export function parseLabelSelector(selector: string): LabelTerm[] {
  return selector.split(',').map((raw) => {
    const term = raw.trim();
    const eq = term.indexOf('=');
    const key = (eq < 0 ? term : term.slice(0, eq)).trim();
    const value =
      eq < 0
        ? undefined
        : term
            .slice(eq + 1)
            .replace(/^=/, '')
            .trim();
    if (!LABEL_KEY.test(key) || key.endsWith('!')) {
      throw new LabelSelectorError(
        `label_selector term "${term}" must be key=value or key, with a key of letters, digits, ".", "_", "/" and "-"`,
      );
    }
    return value === undefined ? { key } : { key, value };
  });
}
