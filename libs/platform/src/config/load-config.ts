import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { PlatformConfig } from './platform-config';

export type ConfigSchema<T extends object = object> = new () => T;
export type Environment = Record<string, string | undefined>;

/**
 * One message per invalid variable, each naming it. Thrown before the application connects to
 * anything, so the operator sees the cause and not a later symptom.
 */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.map((problem) => `Invalid configuration: ${problem}`).join('\n'));
    this.name = 'ConfigValidationError';
  }
}

export interface LoadedConfig<S extends object = object> {
  platform: PlatformConfig;
  /** The service's own variables, validated with its schema (an empty object when it has none). */
  service: S;
}

/** Validates the platform variables and the service's own, and reports every bad variable at once. */
export function loadConfig<S extends object = object>(
  env: Environment,
  settings: { serviceName: string; defaultPort: number; schema?: ConfigSchema<S> },
): LoadedConfig<S> {
  const platformInput = pickVariables(PlatformConfig, env);
  platformInput.PORT ??= String(settings.defaultPort);
  const platform = convert(PlatformConfig, platformInput);
  const problems = describe(validateSync(platform, { forbidUnknownValues: false }), platformInput);
  platform.serviceName = settings.serviceName;

  let service = {} as S;
  if (settings.schema) {
    const serviceInput = pickVariables(settings.schema, env);
    service = convert(settings.schema, serviceInput);
    problems.push(...describe(validateSync(service, { forbidUnknownValues: false }), serviceInput));
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return { platform, service };
}

function convert<T extends object>(schema: ConfigSchema<T>, input: Record<string, string>): T {
  // exposeDefaultValues keeps the schema's defaults for variables that are not set.
  return plainToInstance(schema, input, { exposeDefaultValues: true });
}

/**
 * Only the variables the schema declares are read, so nothing else from the environment (secrets
 * of other programs included) ends up in the config object. An empty value counts as unset, as
 * `FOO=` in a compose file or an .env file means "not configured".
 */
function pickVariables(schema: ConfigSchema, env: Environment): Record<string, string> {
  const names = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(schema, '', true, false)
      .map((metadata) => metadata.propertyName),
  );
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') picked[name] = value.trim();
  }
  return picked;
}

function describe(errors: ValidationError[], input: Record<string, string>): string[] {
  return errors.map((error) => {
    const constraints = error.constraints ?? {};
    if (input[error.property] === undefined) {
      return constraints.isDefined ?? `${error.property} is required`;
    }
    return Object.values(constraints)[0] ?? `${error.property} is invalid`;
  });
}
