/**
 * The draft OpenAPI entries of issue #11 (src/review/openapi-people.ts): every $ref resolves against the served
 * document's schemas plus the draft's, and no draft path is served yet — a route that starts being served moves
 * into the served document in the same commit (tests/api/openapi.test.ts then checks it).
 */
import { openApiDocument } from '../../src/api/openapi';
import { PEOPLE_ITEM_FIELDS_DRAFT, PEOPLE_PATHS_DRAFT, PEOPLE_SCHEMAS_DRAFT } from '../../src/review/openapi-people';

const served = openApiDocument() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };

test('every $ref of the draft resolves', () => {
  const schemas = { ...served.components.schemas, ...PEOPLE_SCHEMAS_DRAFT };
  const refs = JSON.stringify([PEOPLE_PATHS_DRAFT, PEOPLE_SCHEMAS_DRAFT, PEOPLE_ITEM_FIELDS_DRAFT]).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
  expect(refs.length).toBeGreaterThan(10);
  for (const ref of new Set(refs)) expect(schemas).toHaveProperty(ref.slice(1, -1).split('/').pop()!);
});

test('the draft covers reopen, overturn, appeals, reports, authors and their actions, bulk by author, groups', () => {
  expect(Object.keys(PEOPLE_PATHS_DRAFT).sort()).toEqual([
    '/v1/comments/{id}/appeals', '/v1/comments/{id}/reports',
    '/v1/review/appeals', '/v1/review/appeals/{appealId}/decision',
    '/v1/review/authors/{authorId}', '/v1/review/authors/{authorId}/actions', '/v1/review/authors/{authorId}/decisions',
    '/v1/review/groups', '/v1/review/groups/{groupId}', '/v1/review/groups/{groupId}/decision',
    '/v1/review/items/{id}/overturn', '/v1/review/items/{id}/reopen', '/v1/review/items/{id}/reports',
  ]);
});

test('no draft path is served yet, and no draft schema shadows a served one', () => {
  for (const path of Object.keys(PEOPLE_PATHS_DRAFT)) expect(served.paths).not.toHaveProperty([path]);
  for (const name of Object.keys(PEOPLE_SCHEMAS_DRAFT)) expect(served.components.schemas).not.toHaveProperty([name]);
});
