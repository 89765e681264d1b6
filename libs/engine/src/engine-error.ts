/** A call to the engine (SQL Gateway, Flink REST) failed; `message` carries the engine's own text. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    /** The engine's full error text (stack traces included), for status.detail and exceptions. */
    readonly engineDetail?: string,
  ) {
    super(message);
  }
}

/** The most useful line of a Java stack trace: the innermost "Caused by", else the first line. */
export function rootCause(trace: string): string {
  const causes = [...trace.matchAll(/Caused by: ([^\n]+)/g)].map((m) => m[1]);
  return (causes.at(-1) ?? trace.split('\n')[0] ?? trace).trim();
}

export async function engineJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      headers: { 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) },
      signal: init.signal ?? AbortSignal.timeout(120_000),
    });
  } catch (e) {
    throw new EngineError(`engine unreachable at ${new URL(url).origin}: ${(e as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let detail = text;
    try {
      detail = ((JSON.parse(text) as { errors?: string[] }).errors ?? [text]).join('\n');
    } catch {
      // not JSON: keep the text
    }
    throw new EngineError(rootCause(detail), res.status, detail);
  }
  return (text ? JSON.parse(text) : {}) as T;
}
