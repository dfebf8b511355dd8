import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from './principal';

export const IS_PUBLIC = 'credit:isPublic';
export const REQUIRED_ROLES = 'credit:requiredRoles';

/** No token needed: health, metrics, and the credit website's `/api/v1/public/**` reads. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The caller must hold at least one of these roles (403 otherwise). Method roles replace class roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/** The authenticated department behind the request (undefined on `@Public()` routes). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal,
);
