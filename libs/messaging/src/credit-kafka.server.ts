import type { EventEnvelope } from '@credit/contracts';
import { Catch, RpcExceptionFilter } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Consumer } from 'kafkajs';
import { lastValueFrom, Observable, throwError } from 'rxjs';
import type { ConsumerOptions, InboxHandler } from './consumer-types';
import { InboxConsumer } from './inbox-consumer';
import type { InboxContext } from './inbox-context';

/**
 * Nest custom transport over InboxConsumer. A hybrid application connects it with
 * `app.connectMicroservice({ strategy: new CreditKafkaServer(options) })`; its handlers are
 * ordinary `@EventPattern('<event type>')` methods taking
 * `(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext)` and writing through `ctx.manager`.
 *
 * Why not Nest's built-in ServerKafka: it commits offsets on its own schedule, so the offset
 * cannot follow the effect's transaction and there is no place to write the inbox row in that
 * transaction (exactly-once effects are lost); it has no dead-letter topic; and a throwing event
 * handler either blocks its partition forever (redelivered without limit) or, depending on the
 * error, loses the message. This adapter only maps event types to handlers; the delivery
 * guarantees live in InboxConsumer, which CLIs and tests use without Nest.
 */
export class CreditKafkaServer extends Server implements CustomTransportStrategy {
  private consumer?: InboxConsumer;
  private readonly listeners: Array<{ event: string; callback: Function }> = [];
  /**
   * The handler per event type, looked up once: Nest's pattern lookup JSON-parses the type (and
   * throws and catches for every plain string), which on a busy topic costs more than the records
   * this service skips. Rebuilt when a handler is added.
   */
  private readonly handlers = new Map<string, InboxHandler | undefined>();
  private handlersSeen = -1;

  constructor(private readonly options: ConsumerOptions) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    const consumer = new InboxConsumer({
      ...this.options,
      handlerFor: (type) => this.handlerFor(type),
    });
    this.consumer = consumer;
    this._status$.next('connecting');
    consumer.start().then(
      () => {
        const kafkaConsumer = consumer.kafkaConsumer;
        if (kafkaConsumer) {
          for (const { event, callback: listener } of this.listeners) {
            kafkaConsumer.on(kafkaEventName(kafkaConsumer, event) as never, listener as never);
          }
        }
        this._status$.next('connected');
        callback();
      },
      (error: unknown) => {
        this._status$.next('disconnected');
        callback(error);
      },
    );
  }

  async close(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
    this._status$.next('disconnected');
  }

  /**
   * Listens to the kafkajs consumer's instrumentation events, by key (`CRASH`, `GROUP_JOIN`) or
   * full name (`consumer.crash`). Listeners registered before listen() are attached on start.
   */
  on<EventKey extends string = string, EventCallback extends Function = Function>(
    event: EventKey,
    callback: EventCallback,
  ): void {
    this.listeners.push({ event, callback });
    const kafkaConsumer = this.consumer?.kafkaConsumer;
    if (kafkaConsumer) kafkaConsumer.on(kafkaEventName(kafkaConsumer, event) as never, callback as never);
  }

  /** The underlying kafkajs consumer. */
  unwrap<T = Consumer>(): T {
    const kafkaConsumer = this.consumer?.kafkaConsumer;
    if (!kafkaConsumer) {
      throw new Error('CreditKafkaServer is not listening: call startAllMicroservices() first');
    }
    return kafkaConsumer as T;
  }

  /** The framework-free consumer behind this transport (retryParked, measureLag, state). */
  get inboxConsumer(): InboxConsumer | undefined {
    return this.consumer;
  }

  private handlerFor(type: string): InboxHandler | undefined {
    if (this.handlersSeen !== this.messageHandlers.size) {
      this.handlers.clear();
      this.handlersSeen = this.messageHandlers.size;
    }
    if (this.handlers.has(type)) return this.handlers.get(type);
    const handler = this.wrapHandler(type);
    this.handlers.set(type, handler);
    return handler;
  }

  private wrapHandler(type: string): InboxHandler | undefined {
    const handler = this.getHandlerByPattern(type);
    if (!handler) return undefined;
    return async (event: EventEnvelope, ctx: InboxContext) => {
      // Nest event handlers resolve to a value or an Observable (several handlers of one pattern
      // are forkJoined); the effect is complete, and the transaction may commit, only when it
      // completes. An error comes back as the Observable's error.
      const result = handler(event, ctx);
      try {
        await lastValueFrom(this.transformToObservable(result) as Observable<unknown>, { defaultValue: undefined });
      } catch (error) {
        throw error instanceof Error ? error : new HiddenHandlerError(error);
      }
    };
  }
}

/**
 * What reaches the consumer when Nest's default RPC exception filter swallowed a handler's error:
 * the dead-letter headers say where the real one is instead of only "Internal server error".
 */
class HiddenHandlerError extends Error {
  constructor(nestError: unknown) {
    const message =
      typeof nestError === 'object' && nestError !== null && typeof (nestError as { message?: unknown }).message === 'string'
        ? (nestError as { message: string }).message
        : String(nestError);
    super(
      `${message} (Nest's RPC exception filter replaced the handler's error, which is in the log under ` +
        'RpcExceptionsHandler; @UseFilters(InboxExceptionFilter) on the controller carries it here)',
    );
    this.name = 'HandlerError';
    this.stack = undefined;
  }
}

function kafkaEventName(consumer: Consumer, event: string): string {
  const events = consumer.events as unknown as Record<string, string>;
  return events[event] ?? event;
}

/**
 * Nest's default RPC exception filter replaces a handler's error by `{ status: 'error', message:
 * 'Internal server error' }` (after logging it). Put this filter on consumer controllers
 * (`@UseFilters(InboxExceptionFilter)`) so that the original error, its message and stack, reach
 * the consumer and end up in the dead-letter headers. EventNotReadyError passes through either way.
 */
@Catch()
export class InboxExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
