import { ForbiddenProblem, TokenVerifier, UnauthorizedProblem, InvalidTokenError, type Principal } from '@credit/platform';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { asOfReadRefusal } from './restricted-read.rules';

const BEARER = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)\s*$/i;

type Request = IncomingMessage & { query?: Record<string, unknown>; principal?: Principal };

/**
 * On a public route, the present needs no token, but a request naming `asOf` does: the platform's
 * guard lets every request of a `@Public()` route through without reading its token, so this one
 * verifies it, with the same verifier, only when the parameter is there, and puts the principal on
 * the request for the read to be recorded under.
 */
@Injectable()
export class AsOfReadGuard implements CanActivate {
  constructor(private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    // Even an empty or repeated asOf asks for the past: only its absence is the public page.
    if (req.query?.asOf === undefined) return true;

    const principal = await this.principalOf(req);
    const refusal = asOfReadRefusal(principal);
    if (refusal) throw refusal.status === 401 ? new UnauthorizedProblem(refusal.reason) : new ForbiddenProblem(refusal.reason);
    req.principal = principal;
    return true;
  }

  private async principalOf(req: Request): Promise<Principal | undefined> {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const match = BEARER.exec(header);
    if (!match) throw new UnauthorizedProblem('The Authorization header must be "Bearer <JWT>".');
    try {
      return await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedProblem(`The bearer token was refused: ${error.message}.`);
      throw error;
    }
  }
}
