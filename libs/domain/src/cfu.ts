/** Allowed `spec.max_cfu` values of a compute pool (an extensible enum in fcpm/v2). */
export const MAX_CFU_VALUES = [5, 10, 20, 30, 40, 50] as const;

/** Why changing a pool's max_cfu from `current` to `requested` is refused, or null. */
export function maxCfuChangeProblem(current: number, requested: number): string | null {
  if (requested < current) {
    return `max_cfu can only be increased: the pool has ${current}, ${requested} was requested`;
  }
  return null;
}
