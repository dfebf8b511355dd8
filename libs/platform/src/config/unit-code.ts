import { isValidUscc } from '@credit/domain-kernel';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * A setting that names a unit by its unified social credit code, both check characters right: a
 * mistyped code is refused at start-up, naming the variable, rather than refusing every call made
 * in its name later.
 */
export function IsUnitCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUnitCode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidUscc(value),
        defaultMessage: (args) => `${args?.property ?? 'the setting'} must be a valid unified social credit code (18 characters, both check characters right)`,
      },
    },
    options,
  );
}
