import { Type, type TSchema } from 'typebox';

/** Required, and not only blanks (`@NotBlank`). */
export const NotBlank = (maxLength = 255) => Type.String({ pattern: '\\S', maxLength });
/** Plain JSON Schema keywords (no anyOf), so that each problem gives one message naming the field. */
export const OptionalText = (maxLength = 255) => Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength }));
export const OptionalEmail = () => Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'email', maxLength: 255 }));
export const OptionalBoolean = () => Type.Optional(Type.Unsafe<boolean | null>({ type: ['boolean', 'null'] }));
export const StringEnum = <T extends string>(values: readonly T[]): TSchema => Type.Unsafe<T>({ type: 'string', enum: [...values] });
export const TenantId = Type.Integer({ description: 'The tenant the partner acts on' });
/** DossierFacile ignores unknown JSON properties; so do we. */
export const Lenient = { additionalProperties: true } as const;
