// Decorator metadata (class-validator, class-transformer, Nest) must be available before any schema class loads.
import 'reflect-metadata';

export { PlatformConfig, LOG_LEVELS, type LogLevel } from './config/platform-config';
export { loadConfig, ConfigValidationError, type ConfigSchema, type Environment, type LoadedConfig } from './config/load-config';
export {
  InjectServiceConfig,
  SERVICE_CONFIG,
  PLATFORM_OPTIONS,
  PINO_ROOT,
  type PlatformModuleOptions,
} from './config/tokens';
export { PlatformModule, HTTP_LOGGER } from './platform.module';
export { bootstrapService, createPlatformApp, startConsumer, API_PREFIX, type PlatformAppOptions, type ServiceSettings } from './bootstrap';
export { PlatformLifecycle } from './kafka/platform-lifecycle';

export {
  CorrelationId,
  RequestId,
  attachRequestContext,
  currentRequestContext,
  runInRequestContext,
  CORRELATION_ID_HEADER,
  REQUEST_ID_HEADER,
} from './logging/request-context';
export { createRootLogger, createHttpLogger, maskLogValue } from './logging/logger';

export { ROLES, DEPARTMENT_ROLES, isRole, hasAnyRole, assertSourceUnit, type Role, type Principal } from './auth/principal';
export { actsForUnit, normalizedUnit, readScope, readsEveryUnit, readsRecordOf, sameUnit } from './auth/authorization';
export { Public, Roles, CurrentPrincipal, IS_PUBLIC, REQUIRED_ROLES } from './auth/decorators';
export { AuthGuard } from './auth/auth.guard';
export { TokenVerifier, InvalidTokenError } from './auth/token-verifier';

export {
  ProblemException,
  NotFoundProblem,
  ConflictProblem,
  ForbiddenProblem,
  UnauthorizedProblem,
  FieldValidationProblem,
  MalformedRequestProblem,
  DomainRuleError,
  StateConflictError,
  PROBLEM_TYPES,
  PROBLEM_CONTENT_TYPE,
  type ProblemContent,
  type ProblemDetails,
  type ProblemField,
} from './errors/problems';
export { ProblemDetailsFilter, toProblem } from './errors/problem.filter';
export { validationErrorsToFields, createValidationPipe } from './errors/validation';
export { PageQueryDto, offsetOf } from './http/paging';
export { commandMetaOf, type RequestContext } from './http/request-context';

export { IdempotencyInterceptor, IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from './idempotency/idempotency.interceptor';
export {
  IdempotencyStore,
  canonicalJson,
  requestHash,
  IDEMPOTENCY_KEY_TTL_HOURS,
  IDEMPOTENCY_IN_FLIGHT_LEASE_SECONDS,
} from './idempotency/idempotency.store';
export { platformMigrations, PlatformIdempotencyRecords1735700000000 } from './idempotency/idempotency.migration';

export { HealthController, ComponentHealth, type HealthReport, type CheckResult } from './health/health.controller';
export { MetricsController } from './metrics/metrics.controller';
export { ensureDefaultMetrics } from './metrics/http-metrics';

export { ScanScheduler } from './scheduling/scan-scheduler';
export { DateRangeQueryDto, IsLocalDate } from './http/local-date';
export { Trimmed } from './http/trimmed';
export { CreditText, CreditName, CreditCode, CreditDate, creditTextRule, type ClearIdNumbers, type CreditTextOptions, type CreditNameOptions, type CreditCodeOptions } from './http/text';

export { CalendarService, InvalidCalendarYearError, type CalendarApplied, type CalendarPublicationCause, type CalendarPublishedListener } from './calendar/calendar.service';
export { CalendarEventsController, CalendarEventsModule } from './calendar/calendar-events.controller';
export { PlatformCalendarYears1735700000100 } from './calendar/calendar.migration';
export { parseCalendarYear } from './calendar/calendar-year-param';
export { recomputeOpenDeadlines, type DeadlineRecomputation, type OpenDeadlines } from './calendar/open-deadlines';
export { RestrictedReads, type RestrictedRead } from './audit/restricted-reads';
export { ServiceTokenSource, SERVICE_TOKEN_LIFETIME_SECONDS, type ServiceTokenSettings } from './auth/service-token';
export { IsUnitCode } from './config/unit-code';
export { SubjectKeyConfig, SubjectKeyEnv } from './config/subject-key';
export { DeadLetterOps, type DeadLetterResolution } from './operations/dead-letter-ops';
export { EventReplays, StartReplayDto, type ReplayStatus, type ReplayView } from './operations/replays';
export { ReplaysController } from './operations/replays.controller';
export { PlatformEventReplays1735700000400 } from './operations/replay.migration';
export { REBUILDABLE_PROJECTIONS, projectEach, typesStartingWith, type ProjectionSource, type ProjectionTable, type RebuildableProjection } from './operations/rebuild/projection';
export {
  advance,
  checksumOf,
  newRebuildState,
  ProjectionRebuildEngine,
  type ProjectionChecksum,
  type RebuildEngineOptions,
  type RebuildState,
} from './operations/rebuild/rebuild-engine';
export { ProjectionRebuilds } from './operations/rebuild/projection-rebuilds';
export { pdfWriter, PDF_FONT_PATH, type PdfWriter } from './pdf/pdf-writer';
