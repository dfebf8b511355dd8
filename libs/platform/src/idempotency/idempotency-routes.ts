import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, MODULE_METADATA } from '@nestjs/common/constants';
import { IdempotencyInterceptor } from './idempotency.interceptor';

type ModuleEntry = Type | DynamicModule | { forwardRef: () => ModuleEntry } | Promise<DynamicModule> | undefined;

/**
 * Puts the Idempotency-Key interceptor on every POST route handler of the application's controllers
 * (as `@UseInterceptors(IdempotencyInterceptor)` would), instead of on every route: reads and the
 * other methods then run without an interceptor chain at all, which costs Nest an async resource
 * and an Observable per request. Must run before the application is created (Nest registers the
 * interceptors it finds while scanning the modules). Idempotent: a handler already carrying the
 * interceptor is left alone.
 */
export function applyIdempotencyToPostRoutes(appModule: Type | DynamicModule): void {
  const seen = new Set<unknown>();
  const visit = (entry: ModuleEntry): void => {
    if (entry === undefined || entry === null || seen.has(entry) || entry instanceof Promise) return;
    seen.add(entry);
    if (typeof entry === 'object' && 'forwardRef' in entry) {
      visit(entry.forwardRef());
      return;
    }
    const metatype = typeof entry === 'function' ? entry : entry.module;
    const dynamic = typeof entry === 'function' ? undefined : entry;
    const controllers: Type[] = [...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, metatype) as Type[] | undefined) ?? []), ...(dynamic?.controllers ?? [])];
    for (const controller of controllers) markPostHandlers(controller);
    const imports = [...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, metatype) as ModuleEntry[] | undefined) ?? []), ...((dynamic?.imports ?? []) as ModuleEntry[])];
    for (const imported of imports) visit(imported);
  };
  visit(appModule);
}

function markPostHandlers(controller: Type): void {
  for (let prototype = controller.prototype as object | null; prototype && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype)) {
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name === 'constructor') continue;
      const handler = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
      if (typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method !== RequestMethod.POST && method !== RequestMethod.ALL) continue;
      const interceptors = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
      if (!interceptors.includes(IdempotencyInterceptor)) Reflect.defineMetadata(INTERCEPTORS_METADATA, [IdempotencyInterceptor, ...interceptors], handler);
    }
  }
}
