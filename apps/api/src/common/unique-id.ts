import { isUniqueViolationOn } from '#db';
import { newId, type IdKind } from '#domain';

/**
 * Runs `create` with a fresh random id, retrying the rare collision with an existing one;
 * other unique violations (a name taken) are the caller's to report.
 */
export async function withUniqueId<T>(kind: IdKind, create: (id: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await create(newId(kind));
    } catch (e) {
      if (!isUniqueViolationOn(e, 'id') || attempt >= 4) throw e;
    }
  }
}
