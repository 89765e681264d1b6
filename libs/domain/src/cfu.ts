/** Why changing a pool's max_cfu from `current` to `requested` is refused, or null. */
export function maxCfuChangeProblem(current: number, requested: number): string | null {
  if (requested < current) {
    return `max_cfu can only be increased: the pool has ${current}, ${requested} was requested`;
  }
  return null;
}
