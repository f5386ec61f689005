/** Restricts a route to some roles; routes without it are open to any authenticated caller. */
import { SetMetadata } from '@nestjs/common';
import type { Role } from './caller';

export const ROLES = 'roles';
export const Roles = (...allowed: Role[]) => SetMetadata(ROLES, allowed);
