/** Who is calling, from the verified bearer token (API.md, "Who is calling"). */
export const roles = ['secretariat', 'member', 'manager'] as const;
export type Role = (typeof roles)[number];

export interface Caller {
  /** The person. The member and the alternate of a seat are two people with the same seat. */
  sub: string;
  role: Role;
  /** For members: the seat code from the board configuration. */
  seat?: string;
}
