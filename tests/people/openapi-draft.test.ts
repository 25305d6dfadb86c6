/**
 * The OpenAPI entries of issue #11 (src/review/openapi-people.ts): the served ones are in /openapi.json (whose own
 * test checks they are routed), the drafts are not; every $ref resolves.
 */
import { openApiDocument } from '../../src/api/openapi';
import { PEOPLE_ITEM_FIELDS, PEOPLE_PATHS, PEOPLE_PATHS_DRAFT, PEOPLE_SCHEMAS } from '../../src/review/openapi-people';

const served = openApiDocument() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };

test('every $ref of the entries, served or draft, resolves', () => {
  const refs = JSON.stringify([PEOPLE_PATHS, PEOPLE_PATHS_DRAFT, PEOPLE_SCHEMAS, PEOPLE_ITEM_FIELDS]).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
  expect(refs.length).toBeGreaterThan(10);
  for (const ref of new Set(refs)) expect(served.components.schemas).toHaveProperty([ref.slice(1, -1).split('/').pop()!]);
});

test('the served entries are in /openapi.json, the drafts are not', () => {
  for (const path of Object.keys(PEOPLE_PATHS)) expect(served.paths).toHaveProperty([path]);
  for (const path of Object.keys(PEOPLE_PATHS_DRAFT)) expect(served.paths).not.toHaveProperty([path]);
  // The item's reports and one group's page are served now (the workspace's item and group views use them).
  expect(Object.keys(PEOPLE_PATHS_DRAFT)).toEqual([]);
  for (const path of ['/v1/review/groups/{groupId}', '/v1/review/items/{id}/reports']) expect(served.paths).toHaveProperty([path]);
});
