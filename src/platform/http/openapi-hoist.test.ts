import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from './openapi.ts';
import { hoistRepeatedSchemas } from './openapi-hoist.ts';

const errorSchema = (description: string) => ({
  title: 'Failure',
  description,
  type: 'object',
  required: ['error', 'code'],
  properties: { error: { type: 'string', description: 'the public message of the catalogue' }, code: { type: 'integer', description: 'the HTTP status' } },
  additionalProperties: false,
});
const response = (description: string) => ({ description, content: { 'application/json': { schema: errorSchema(description) } } });
const smallOk = { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } };

function documentWith(paths: Record<string, unknown>): OpenApiDocument {
  return { openapi: '3.1.0', info: { title: 't', version: '1' }, paths } as unknown as OpenApiDocument;
}

describe('hoistRepeatedSchemas', () => {
  const input = documentWith({
    '/a': { get: { operationId: 'getA', responses: { 200: smallOk, 404: response('no such a'), 409: response('a refused') } } },
    '/b': { post: { operationId: 'postB', responses: { 200: smallOk, 404: response('no such b') } } },
    '/c': { get: { operationId: 'getC', responses: { 422: { description: 'once', content: { 'application/json': { schema: { ...errorSchema('once'), title: 'Other', maxProperties: 3 } } } } } } },
  });
  const output = hoistRepeatedSchemas(input) as unknown as { paths: Record<string, Record<string, { responses: Record<string, { description: string; content: Record<string, { schema: unknown }> }> }>>; components: { schemas: Record<string, unknown> } };

  it('moves a shape used by several responses into one component named by its title, and points every use at it', () => {
    expect(Object.keys(output.components.schemas)).toEqual(['Failure']);
    for (const [path, method, status] of [['/a', 'get', '404'], ['/a', 'get', '409'], ['/b', 'post', '404']] as const) {
      expect(output.paths[path]![method]!.responses[status]!.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Failure' });
    }
  });

  it('keeps each response its own description, drops the copy inside the shared schema', () => {
    expect(output.paths['/a']!.get!.responses['409']!.description).toBe('a refused');
    expect(output.components.schemas.Failure).not.toHaveProperty('description');
    expect(output.components.schemas.Failure).toMatchObject({ title: 'Failure', required: ['error', 'code'] });
  });

  it('leaves schemas used once, and small ones, inline; does not touch its input', () => {
    expect(output.paths['/c']!.get!.responses['422']!.content['application/json']!.schema).toMatchObject({ title: 'Other', maxProperties: 3 });
    expect(output.paths['/a']!.get!.responses['200']!.content['application/json']!.schema).toEqual({ type: 'object' });
    expect(JSON.stringify(input)).toContain('"no such a"');
    expect((input as unknown as { components?: unknown }).components).toBeUndefined();
  });

  it('names a shape without a title after its first use, never over an existing component', () => {
    const untitled = (d: string) => ({ description: d, content: { 'application/json': { schema: { ...errorSchema(d), title: undefined } } } });
    const doc = documentWith({ '/x': { get: { operationId: 'getX', responses: { 400: untitled('x'), 401: untitled('y') } } } });
    (doc as unknown as { components: unknown }).components = { schemas: { getX400: { type: 'string' } } };
    const out = hoistRepeatedSchemas(doc) as unknown as { components: { schemas: Record<string, unknown> } };
    expect(Object.keys(out.components.schemas).sort()).toEqual(['getX400', 'getX4002']);
    expect(out.components.schemas.getX400).toEqual({ type: 'string' });
  });
});
