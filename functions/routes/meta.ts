/** Health, reference data and the API's own documentation. */
import * as z from 'zod/mini';
import { PROVINCES } from '#domain/reference/provinces.ts';
import { CATEGORIES, PRODUCTS } from '#domain/reference/products.ts';
import { route, type Route } from '#functions/http/route.ts';

const ProvinceOut = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: z.string(),
  region: z.string(),
  formerUnits: z.array(z.string()),
  centre: z.object({ lat: z.number(), lon: z.number() }),
});
const ProductOut = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  category: z.string(),
  seasonMonths: z.array(z.number()),
});
const CategoryOut = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });

const cacheForADay = { 'cache-control': 'public, max-age=86400' };

/**
 * The meta routes; `allRoutes` is read lazily so the OpenAPI document covers every route (the
 * meta function loads them on the document's first request: building every route's schemas at
 * its cold start cost more than the rest of its init).
 */
export function metaRoutes(allRoutes: () => Route[] | Promise<Route[]>) {
  let openApiJson: string | undefined;
  const openApi = async () => {
    const [{ generateOpenApi }, routes] = await Promise.all([import('#functions/http/openapi.ts'), allRoutes()]);
    return (openApiJson ??= JSON.stringify(generateOpenApi(routes)));
  };
  return [
    route({
      operationId: 'getHealth',
      method: 'GET',
      path: '/v1/health',
      tag: 'Meta',
      summary: 'Liveness',
      success: { status: 200, description: 'The service is up', schema: z.object({ status: z.literal('ok'), time: z.string() }) },
      errors: [],
      handle: async (_, deps) => ({ body: { status: 'ok', time: deps.clock.now().toISOString() }, headers: { 'cache-control': 'no-store' } }),
    }),
    route({
      operationId: 'listProvinces',
      method: 'GET',
      path: '/v1/provinces',
      tag: 'Reference data',
      summary: 'The 34 provincial units since 1 July 2025, with the former units each absorbed',
      success: { status: 200, description: 'All provinces', schema: z.object({ items: z.array(ProvinceOut) }) },
      errors: [],
      handle: async () => ({ body: { items: PROVINCES }, headers: cacheForADay }),
    }),
    route({
      operationId: 'listProducts',
      method: 'GET',
      path: '/v1/products',
      tag: 'Reference data',
      summary: 'The product catalogue (Vietnamese and English names, category, typical season) and categories',
      success: { status: 200, description: 'All products and categories', schema: z.object({ items: z.array(ProductOut), categories: z.array(CategoryOut) }) },
      errors: [],
      handle: async () => ({ body: { items: PRODUCTS, categories: CATEGORIES }, headers: cacheForADay }),
    }),
    route({
      operationId: 'getOpenApi',
      method: 'GET',
      path: '/openapi.json',
      tag: 'Meta',
      summary: 'This API as OpenAPI 3.1',
      success: { status: 200, description: 'The OpenAPI document', contentType: 'application/json; charset=utf-8' },
      errors: [],
      handle: async () => ({ body: await openApi(), headers: { 'cache-control': 'public, max-age=300' } }),
    }),
    route({
      operationId: 'getDocs',
      method: 'GET',
      path: '/docs',
      tag: 'Meta',
      summary: 'Human-readable API documentation',
      success: { status: 200, description: 'An HTML page rendering /openapi.json', contentType: 'text/html; charset=utf-8' },
      errors: [],
      handle: async () => {
        const { DOCS_PAGE } = await import('#functions/http/docs-page.ts');
        return { body: DOCS_PAGE };
      },
    }),
  ];
}
