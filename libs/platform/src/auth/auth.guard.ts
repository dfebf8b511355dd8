import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { ForbiddenProblem, UnauthorizedProblem } from '../errors/problems';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators';
import { hasAnyRole, type Principal, type Role } from './principal';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

const BEARER = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)\s*$/i;

/** The JWT of an `Authorization: Bearer <JWT>` header; undefined when there is none or it is malformed. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

/** What a route requires, read once from its decorators. */
interface RouteAccess {
  isPublic: boolean;
  roles: Role[] | undefined;
}

/** Puts the verified principal on the request, if its roles are among those the route requires (403 otherwise). */
function admit(req: IncomingMessage & { principal?: Principal }, principal: Principal, access: RouteAccess): boolean {
  req.principal = principal;
  const required = access.roles;
  if (required && required.length > 0 && !hasAnyRole(principal, required)) {
    throw new ForbiddenProblem(`This operation requires one of the roles: ${required.join(', ')}.`);
  }
  return true;
}

/**
 * Every HTTP route needs a valid department token unless marked `@Public()`; `@Roles(...)` then
 * narrows who may call it. Missing, malformed, badly signed, expired, too long-lived or otherwise
 * refused token (see TokenVerifier) → 401; wrong role → 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** By controller class, then handler (a subclass may inherit a handler under other decorators). */
  private readonly access = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  /** Synchronous for a token verified before (most requests), a promise when it must be verified first. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    // Kafka event handlers are authenticated by the broker connection, not by tokens.
    if (context.getType() !== 'http') return true;
    const access = this.accessOf(context);
    if (access.isPublic) return true;

    const req = context.switchToHttp().getRequest<IncomingMessage & { principal?: Principal }>();
    const header = req.headers.authorization;
    if (!header) throw new UnauthorizedProblem('An Authorization: Bearer <token> header is required.');
    const match = BEARER.exec(header);
    if (!match) throw new UnauthorizedProblem('The Authorization header must be "Bearer <JWT>".');

    const verified = this.verifier.verified(match[1]);
    if (verified !== undefined) return admit(req, verified, access);
    return this.verifier.verify(match[1]).then(
      (principal) => admit(req, principal, access),
      (error: unknown) => {
        if (error instanceof InvalidTokenError) throw new UnauthorizedProblem(`The bearer token was refused: ${error.message}.`);
        throw error;
      },
    );
  }

  private accessOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byHandler = this.access.get(controller);
    if (byHandler === undefined) this.access.set(controller, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (access === undefined) {
      const targets = [handler, controller];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets),
      };
      byHandler.set(handler, access);
    }
    return access;
  }
}
