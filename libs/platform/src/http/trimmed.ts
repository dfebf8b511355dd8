import { Transform } from 'class-transformer';

/** A request text field taken without its surrounding white space (anything else is left to the validators). */
export const Trimmed = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
