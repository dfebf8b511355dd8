import type { MetadataStorage as TransformerMetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, ValidationTypes, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * A compiled check that answers one question quickly: does this plain (JSON-parsed) item pass
 * `validateSync(plainToInstance(dto, item), { whitelist, forbidNonWhitelisted, forbidUnknownValues })`
 * with no error, and is the item then exactly what that DTO instance would hold?
 *
 * It runs the DTO's own class-validator constraints (the same metadata and constraint functions
 * the validator runs, resolved once instead of per item), so a constraint added to the DTO is
 * checked here too. It only ever proves validity: `false` means "not proven", and the caller then
 * runs class-validator itself, which produces the field errors. Anything this compiler does not
 * understand (async or schema-based constraints, class-transformer transforms or exposure rules,
 * discriminated or array nesting, property defaults) makes it give up at compile time (`undefined`)
 * or answer `false` for that item, never `true`. (The one difference from the DTO instance: a
 * field the item leaves out is absent rather than present as undefined.)
 */
export type FastCheck = (item: unknown) => boolean;

interface Constraint {
  instance: ValidatorConstraintInterface;
  metadata: ValidationMetadata;
}

interface PropertyCheck {
  name: string;
  conditions: ((object: object, value: unknown) => boolean)[];
  defined: Constraint[];
  custom: Constraint[];
  /** Checks of the nested DTO (one per ValidateNested); the value must be a plain object. */
  nested: FastCheck[];
}

// class-transformer's decorator metadata (its @Type targets, transforms, exposure rules); the package
// exports no typed path to it.
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerMetadataStorage };

type Dto = abstract new (...args: never[]) => object;

const SUPPORTED_TYPES = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.IS_DEFINED,
]);

/** Compiles the check for `dto`; `undefined` when the DTO uses something the check cannot mirror. */
export function compileFastCheck(dto: Dto, targetSchema?: string): FastCheck | undefined {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(dto as unknown as Function, targetSchema as string, false, false, undefined);
  // forbidUnknownValues refuses an object of a class without any constraint.
  if (metadatas.length === 0) return undefined;
  if (!transformsAsIs(dto)) return undefined;

  const byProperty = storage.groupByPropertyName(metadatas);
  const properties: PropertyCheck[] = [];
  for (const [name, group] of Object.entries(byProperty)) {
    const property: PropertyCheck = { name, conditions: [], defined: [], custom: [], nested: [] };
    for (const metadata of group) {
      if (!SUPPORTED_TYPES.has(metadata.type)) return undefined;
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        property.conditions.push(metadata.constraints[0] as (object: object, value: unknown) => boolean);
      } else if (metadata.type === ValidationTypes.NESTED_VALIDATION) {
        const type = defaultMetadataStorage.findTypeMetadata(dto as unknown as Function, name);
        if (!type || type.options?.discriminator) return undefined;
        const nestedClass = type.typeFunction() as Dto | undefined;
        if (typeof nestedClass !== 'function') return undefined;
        const target = typeof metadata.target === 'string' ? metadata.target : metadata.target.name;
        const nested = compileFastCheck(nestedClass, target);
        if (!nested) return undefined;
        property.nested.push(nested);
      } else {
        const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
        if (constraints.length === 0) return undefined;
        for (const constraint of constraints) {
          if (constraint.async) return undefined;
          const target = metadata.type === ValidationTypes.IS_DEFINED ? property.defined : property.custom;
          target.push({ instance: constraint.instance, metadata });
        }
      }
    }
    properties.push(property);
  }
  const known = new Set(properties.map((p) => p.name));
  const targetName = dto.name;

  return (item: unknown): boolean => {
    if (!isPlainRecord(item)) return false;
    // whitelist + forbidNonWhitelisted: every field must be one the DTO declares.
    for (const key of Object.keys(item)) if (!known.has(key)) return false;
    for (const property of properties) {
      const value = item[property.name];
      // ValidateIf / IsOptional: a property whose condition fails is not validated at all.
      let validate = true;
      for (const condition of property.conditions) if (!condition(item, value)) validate = false;
      if (!validate) continue;
      for (const constraint of property.defined) if (!passes(constraint, item, targetName, property.name, value)) return false;
      for (const constraint of property.custom) {
        if (constraint.metadata.each && Array.isArray(value)) {
          for (const element of value) if (!passes(constraint, item, targetName, property.name, element, value)) return false;
        } else if (!passes(constraint, item, targetName, property.name, value)) return false;
      }
      if (value !== undefined) for (const nested of property.nested) if (!isPlainRecord(value) || !nested(value)) return false;
    }
    return true;
  };
}

function passes(constraint: Constraint, object: object, targetName: string, property: string, value: unknown, whole = value): boolean {
  const args: ValidationArguments = { targetName, property, object, value: whole, constraints: constraint.metadata.constraints };
  const result: unknown = constraint.instance.validate(value, args);
  // A promise is not a proven pass (validateSync would not wait for it either).
  return result === true || (typeof result !== 'object' && typeof result !== 'function' && Boolean(result));
}

/** A JSON object: not null, not an array, with Object.prototype as its prototype. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * Whether plainToInstance copies a plain object of this class key by key, unchanged: no
 * @Transform, @Expose or @Exclude anywhere on it or its ancestors, and no property defaults (the
 * instance then differs from the item only by absent fields being present as undefined).
 */
function transformsAsIs(dto: Dto): boolean {
  const storage = defaultMetadataStorage as unknown as {
    getStrategy(target: Function): string;
    getExposedMetadatas(target: Function): unknown[];
    getExcludedMetadatas(target: Function): unknown[];
    _transformMetadatas: Map<Function, unknown>;
  };
  const target = dto as unknown as Function;
  if (storage.getStrategy(target) !== 'none') return false;
  if (storage.getExposedMetadatas(target).length > 0 || storage.getExcludedMetadatas(target).length > 0) return false;
  for (let c: unknown = target; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    if (storage._transformMetadatas.has(c as Function)) return false;
  }
  try {
    const instance = new (dto as unknown as new () => object)();
    // Declared fields exist on an instance as undefined (class fields); a default value would not.
    if (Object.values(instance).some((value) => value !== undefined)) return false;
  } catch {
    return false;
  }
  return true;
}
