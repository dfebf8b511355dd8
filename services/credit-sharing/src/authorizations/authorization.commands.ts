import { EventStore, handleCommand, WrongExpectedVersionError, type CommandMeta, type EventStoreTransaction, type StoredEvent } from '@credit/event-store';
import { ConflictProblem, DomainRuleError, ForbiddenProblem, NotFoundProblem, StateConflictError } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import {
  AuthorizationNotFound,
  AuthorizationRuleViolation,
  authorizationDecider,
  authorizationStream,
  CONFLICT_RULES,
  NoAuthorization,
  NotTheSubject,
  type AuthorizationCommand,
} from './authorization.decider';
import { projectAuthorizationEvents } from './authorizations.projection';

/** Runs a command on an authorization's stream, projects its events, and turns the decider's refusals into problems. */
@Injectable()
export class AuthorizationCommands {
  constructor(private readonly store: EventStore) {}

  /** One command, or several in order in one transaction (a grant and the 信易贷 share it asks for). */
  async execute(id: string, command: AuthorizationCommand | AuthorizationCommand[], meta: CommandMeta): Promise<StoredEvent[]> {
    // Queries under one authorization are appended to its stream: two at once conflict on the
    // version, and the later one is decided again on the new history (a revocation in between refuses it).
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.transaction((tx) => executeOn(tx, id, [command].flat(), meta));
      } catch (error) {
        if (error instanceof WrongExpectedVersionError && attempt < 5) continue;
        throw problemOf(error, id);
      }
    }
  }
}

/** Decides and projects commands on an authorization's stream in the caller's transaction. */
export async function executeOn(tx: EventStoreTransaction, id: string, commands: AuthorizationCommand[], meta: CommandMeta): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (const command of commands) {
    const { events } = await handleCommand(tx, authorizationStream(id), authorizationDecider, command, meta);
    await projectAuthorizationEvents(tx.manager, events);
    all.push(...events);
  }
  return all;
}

function problemOf(error: unknown, id: string): unknown {
  if (error instanceof NoAuthorization) return new ForbiddenProblem(`no valid authorization: ${error.message}`);
  if (error instanceof NotTheSubject) return new ForbiddenProblem(error.message);
  if (error instanceof AuthorizationNotFound) return new NotFoundProblem(`no authorization with id ${id}`);
  if (error instanceof AuthorizationRuleViolation && CONFLICT_RULES.includes(error.rule)) return new StateConflictError(error.message, { rule: error.rule });
  if (error instanceof AuthorizationRuleViolation) return new DomainRuleError(error.message, { rule: error.rule });
  if (error instanceof WrongExpectedVersionError) return new ConflictProblem('the authorization was changed concurrently; try again');
  return error;
}
