import type { Member } from '../domain/members/member.table.ts';
import type { Role } from './command.ts';

const RANK: Record<Role, number> = { rep: 0, manager: 1, admin: 2 };

/** Platform owners and admins are Pacer admins whatever role was granted in Pacer. */
export const effectiveRole = (member: Pick<Member, 'role' | 'is_platform_admin'>): Role =>
  member.is_platform_admin ? 'admin' : member.role;

/** `mayAct('manager', 'rep')` is true: a role may do what any lesser role may. */
export const mayAct = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

export const ROLES: readonly Role[] = ['rep', 'manager', 'admin'];
export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
