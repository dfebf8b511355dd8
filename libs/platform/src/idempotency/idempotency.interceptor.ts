import { HttpStatus, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import type { Principal } from '../auth/principal';
import { MalformedRequestProblem, PROBLEM_TYPES, ProblemException } from '../errors/problems';
import { IdempotencyStore, requestHash, type IdempotentRequest } from './idempotency.store';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** 1–255 visible ASCII characters (no spaces or control characters). */
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

type PostRequest = IncomingMessage & { body?: unknown; originalUrl?: string; principal?: Principal };

/**
 * `Idempotency-Key` on every POST (api-contract.md): the same key and body get the first response
 * again and create nothing new, so a department system may retry after a timeout without
 * registering a penalty twice. Only successful responses are kept; after an error the key is free
 * again for the retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    // Reads and POSTs without the header pass straight through, without a promise in between.
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<PostRequest>();
    if (req.method !== 'POST') return next.handle();
    const header = req.headers[IDEMPOTENCY_KEY_HEADER];
    if (header === undefined) return next.handle();
    return this.interceptKeyed(req, context.switchToHttp().getResponse<ServerResponse>(), header, next);
  }

  private async interceptKeyed(req: PostRequest, res: ServerResponse, header: string | string[], next: CallHandler): Promise<Observable<unknown>> {
    const key = Array.isArray(header) ? header[0] : header;
    if (Array.isArray(header) && header.length > 1 || !VALID_KEY.test(key)) {
      const message = 'Idempotency-Key must be a single value of 1 to 255 visible ASCII characters';
      throw new MalformedRequestProblem(`${message}.`, [{ field: 'Idempotency-Key', message }]);
    }

    const request: IdempotentRequest = {
      principal: req.principal?.departmentCode ?? '-',
      key,
      method: 'POST',
      path: req.originalUrl ?? req.url ?? '',
      requestHash: requestHash(req.body ?? null),
    };
    const claim = await this.store.claim(request);
    switch (claim.outcome) {
      case 'replay':
        res.statusCode = claim.statusCode;
        res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
        return of(claim.body ?? undefined);
      case 'mismatch': {
        const message = 'this Idempotency-Key was already used for a different request (another body or path)';
        throw new ProblemException({
          type: PROBLEM_TYPES.idempotencyKeyReused,
          title: 'Idempotency-Key reused',
          status: HttpStatus.UNPROCESSABLE_ENTITY,
          detail: `The Idempotency-Key header "${key}" was already used for a different request (another body or path) within the last 24 hours; use a new key for a new request.`,
          errors: [{ field: 'Idempotency-Key', message }],
        });
      }
      case 'in-flight':
        throw new ProblemException({
          type: PROBLEM_TYPES.idempotencyInFlight,
          title: 'Request in progress',
          status: HttpStatus.CONFLICT,
          detail: 'A request with this Idempotency-Key is still being processed; retry once it has completed.',
        });
      case 'claimed':
        return next.handle().pipe(
          mergeMap(async (body) => {
            try {
              await this.store.complete(request.principal, key, claim.attemptId, res.statusCode, body);
            } catch (error) {
              // The effect is committed: answer it. A retry finds the key in flight until its lease ends.
              this.logger.error(`could not keep the response for an Idempotency-Key: ${(error as Error).message}`);
            }
            return body;
          }),
          catchError((error: unknown) =>
            from(
              this.store.release(request.principal, key, claim.attemptId).catch((releaseError: unknown) => {
                this.logger.error(`could not release an Idempotency-Key after a failed request: ${(releaseError as Error).message}`);
              }),
            ).pipe(mergeMap(() => throwError(() => error))),
          ),
        );
    }
  }
}
