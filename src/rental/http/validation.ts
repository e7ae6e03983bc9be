import type { ErrorObject } from 'ajv';
import { UNSTORABLE_TEXT } from '../../platform/http/validation.ts';
import { RentalError } from '../errors.ts';

/** `/coTenants/0/email` → `coTenants[0].email`, as Spring names a field. */
export function fieldName(instancePath: string, child?: string): string {
  const parts = instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

/** One schema error in the words of Bean Validation (`"email: must not be null"`). */
export function problemOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${fieldName(error.instancePath, String(params.missingProperty))}: must not be null`;
    case 'pattern':
      return `${fieldName(error.instancePath)}: must not be blank`;
    case 'format':
      return `${fieldName(error.instancePath)}: must be a well-formed ${params.format === 'email' ? 'email address' : String(params.format)}`;
    case 'enum':
      return `${fieldName(error.instancePath)}: must be one of [${(params.allowedValues as unknown[]).join(', ')}]`;
    case 'const':
      return `${fieldName(error.instancePath)}: must be ${String(params.allowedValue)}`;
    case 'maxLength':
      return `${fieldName(error.instancePath)}: size must be between 0 and ${String(params.limit)}`;
    case 'type': {
      const type = String(params.type).split(',')[0];
      return `${fieldName(error.instancePath)}: must be ${type === 'integer' ? 'an integer' : type === 'array' ? 'an array' : `a ${type}`}`;
    }
    case UNSTORABLE_TEXT:
      return `${fieldName(error.instancePath)}: ${error.message ?? 'cannot be stored'}`;
    default:
      return `${fieldName(error.instancePath) || 'body'}: ${error.message ?? 'is invalid'}`;
  }
}

export function rentalErrorFromValidation(errors: ErrorObject[]): RentalError {
  return new RentalError('INVALID', [...new Set(errors.map(problemOf))].slice(0, 50));
}
