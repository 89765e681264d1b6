import { CrnParseError, parseCrn, type Crn, type CrnSegment } from './crn';

/**
 * Role-binding CRN patterns: a CRN whose last segment id may end with `*` (prefix match, as
 * Confluent's `--prefix` bindings on topics). A pattern covers the resource it names, the
 * resources whose id matches its prefix, and everything inside them: a binding on an
 * environment covers its pools and their statements; one on the organization covers all.
 */
export interface CrnPattern {
  authority: string;
  segments: CrnSegment[];
  /** The last segment's id is a prefix (it ended with `*`). */
  prefix: boolean;
}

export function parseCrnPattern(value: string): CrnPattern {
  const crn: Crn = parseCrn(value);
  const last = crn.segments[crn.segments.length - 1];
  const prefix = last.id.endsWith('*');
  const segments = prefix
    ? [...crn.segments.slice(0, -1), { type: last.type, id: last.id.slice(0, -1) }]
    : crn.segments;
  if (segments.some((s) => s.id.includes('*'))) {
    throw new CrnParseError(`"${value}": "*" is only allowed at the end of the last segment`);
  }
  return { authority: crn.authority, segments, prefix };
}

function segmentMatches(pattern: CrnPattern, i: number, segment: CrnSegment): boolean {
  const p = pattern.segments[i];
  if (p.type !== segment.type) return false;
  const isLast = i === pattern.segments.length - 1;
  return isLast && pattern.prefix ? segment.id.startsWith(p.id) : segment.id === p.id;
}

/** The pattern names `resource` or a scope containing it. */
export function patternCovers(pattern: CrnPattern, resource: Crn): boolean {
  if (pattern.authority !== resource.authority || pattern.segments.length > resource.segments.length) return false;
  return pattern.segments.every((_, i) => segmentMatches(pattern, i, resource.segments[i]));
}

/** The pattern names something strictly inside `resource` (e.g. a pool of this environment). */
export function patternWithin(pattern: CrnPattern, resource: Crn): boolean {
  if (pattern.authority !== resource.authority || pattern.segments.length <= resource.segments.length) return false;
  return resource.segments.every((s, i) => {
    const p = pattern.segments[i];
    return p.type === s.type && p.id === s.id;
  });
}

/**
 * Partial match used by the role-binding list (`crn_pattern` query): a binding is listed when
 * its pattern lies at, above or below the queried CRN (query `*` suffixes allowed).
 */
export function patternsOverlap(a: CrnPattern, b: CrnPattern): boolean {
  if (a.authority !== b.authority) return false;
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (x.type !== y.type) return false;
    const xPrefix = a.prefix && i === a.segments.length - 1;
    const yPrefix = b.prefix && i === b.segments.length - 1;
    const same = x.id === y.id || (xPrefix && y.id.startsWith(x.id)) || (yPrefix && x.id.startsWith(y.id));
    if (!same) return false;
  }
  return true;
}
