import { z } from 'zod';
import { TriageApiRequest, TriageApiResponse } from './triageApi';

const Problem = z
  .object({
    type: z.literal('about:blank'),
    status: z.number().int(),
    title: z.string(),
    detail: z.string(),
  })
  .describe('RFC 9457 problem details');

/**
 * The OpenAPI 3.1 description of the triage API, generated from the same zod schemas that validate the requests
 * and type the responses (so it cannot drift from the code). Served at GET /api/openapi.json.
 */
export function openApiDocument(version: string): Record<string, unknown> {
  const schema = (s: z.ZodType, io: 'input' | 'output') => {
    const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
    return rest;
  };
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
  return {
    openapi: '3.1.0',
    info: {
      title: 'NDR Triage API',
      version,
      description: 'Recognizes an Exchange Online sending block from an NDR, a log line or a description, and says what to do.',
    },
    paths: {
      '/api/triage': {
        post: {
          operationId: 'triage',
          summary: 'Triage one bounce or ticket text',
          security: [{ apiKey: [] }, {}],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/TriageRequest' } } } },
          responses: {
            '200': { description: 'The triage', content: { 'application/json': { schema: { $ref: '#/components/schemas/TriageResponse' } } } },
            '400': problem('The body is not valid JSON or not a valid request'),
            '401': problem('An API key is required (TRIAGE_API_KEYS is set) and the bearer token is missing or wrong'),
            '413': problem('The body is larger than twice MAX_INPUT_BYTES'),
            '415': problem('The body is not application/json'),
            '429': { ...problem('Too many requests from this key or address; see Retry-After'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
          },
        },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'One of TRIAGE_API_KEYS' } },
      schemas: {
        TriageRequest: schema(TriageApiRequest, 'input'),
        TriageResponse: schema(TriageApiResponse, 'output'),
        Problem: schema(Problem, 'output'),
      },
    },
  };
}
