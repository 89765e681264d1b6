import { aclKey, principalAcls, statementAcls, type KafkaAcl, type KafkaIdentity } from './kafka-acls';

/** A statement as broker access sees it: whose rights its job runs with. */
export interface AccessStatement {
  uid: string;
  principal: string;
  organizationId: string;
  /** Its sinks' transactional-id prefix (libs/domain kafka-acls). */
  transactionalIdPrefix: string;
}

export interface StatementAccessDelta {
  /** ACLs to create so the broker covers the statements below. */
  create: { user: string; acl: KafkaAcl }[];
  /** Statements the broker covers once `create` is applied. */
  covered: AccessStatement[];
  /**
   * Why a full pass is needed instead (null if none): a principal with no identity on the broker
   * yet (its credential and binding ACLs are made by a full pass), or a statement whose principal
   * changed since it was covered (the old principal's rights to it must go first).
   */
  full: string | null;
}

/**
 * What a new statement costs the broker when its principal's identity is already applied and the
 * role bindings have not changed since: nothing when its transactional ids lie under its
 * principal's prefix (every statement created since per-principal prefixes), else their ACLs.
 * `applied` is the identities as the last pass left the broker; `covered` the statements it
 * covered (uid → principal); `waiting` the statements admission waits on.
 */
export function statementAccessDelta(
  applied: ReadonlyMap<string, KafkaIdentity>,
  covered: ReadonlyMap<string, string>,
  waiting: readonly AccessStatement[],
): StatementAccessDelta {
  const create: { user: string; acl: KafkaAcl }[] = [];
  const newly: AccessStatement[] = [];
  const held = new Map<string, Set<string>>();
  /** Adds `acl` to `create` unless the user holds it or it is already there. */
  const grant = (user: string, acl: KafkaAcl) => {
    let keys = held.get(user);
    if (!keys) {
      keys = new Set(applied.get(user)!.acls.map(aclKey));
      held.set(user, keys);
    }
    if (keys.has(aclKey(acl))) return;
    keys.add(aclKey(acl));
    create.push({ user, acl });
  };
  for (const s of waiting) {
    const was = covered.get(s.uid);
    if (was === s.principal) continue;
    if (was !== undefined) return { create: [], covered: [], full: `statement ${s.uid} changed principal` };
    if (applied.get(s.principal)?.kind !== 'principal') {
      return { create: [], covered: [], full: `principal ${s.principal} has no broker identity yet` };
    }
    for (const acl of [...principalAcls(s.principal), ...statementAcls(s)]) grant(s.principal, acl);
    newly.push(s);
  }
  return { create, covered: newly, full: null };
}

/** `identities` with `create` added: the applied state after a delta. */
export function withAcls(
  identities: ReadonlyMap<string, KafkaIdentity>,
  create: readonly { user: string; acl: KafkaAcl }[],
): Map<string, KafkaIdentity> {
  const out = new Map(identities);
  const added = new Map<string, KafkaAcl[]>();
  for (const { user, acl } of create) added.set(user, [...(added.get(user) ?? []), acl]);
  for (const [user, acls] of added) {
    const i = out.get(user)!;
    out.set(user, { ...i, acls: [...i.acls, ...acls] });
  }
  return out;
}
