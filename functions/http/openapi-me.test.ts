import { describe, expect, it } from 'vitest';
import { generateOpenApi } from '#functions/http/openapi.ts';
import { allRoutes } from '#functions/routes/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const doc = generateOpenApi(allRoutes()) as Json;
const responseSchema = (path: string, method = 'get') => {
  const schema = doc.paths[path][method].responses['200'].content['application/json'].schema;
  return (schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema) as Json;
};

describe('the OpenAPI document for my things, parties and certificates', () => {
  it('has every new route', () => {
    expect(doc.paths['/v1/me'].get.operationId).toBe('getMe');
    expect(doc.paths['/v1/sellers'].get.operationId).toBe('listSellers');
    expect(doc.paths['/v1/buyers'].get.operationId).toBe('listBuyers');
    expect(doc.paths['/v1/matches'].get.operationId).toBe('myMatches');
    expect(doc.paths['/v1/bookings'].get.operationId).toBe('myBookings');
    expect(doc.paths['/v1/sellers/{sellerId}/certifications/{n}/verify'].post.operationId).toBe('verifyCertification');
    expect(doc.paths['/v1/sellers/{sellerId}/certifications/{n}/verify'].post['x-roles']).toEqual(['admin']);
  });

  it('describes /v1/me with a description and an example on it and its counts', () => {
    const me = responseSchema('/v1/me');
    expect(me.description).toBeTruthy();
    expect(me.examples?.[0]?.counts).toBeDefined();
    expect(me.properties.counts.properties.unreadNotifications.description).toBeTruthy();
    expect(me.properties.sellers.items.properties.proposalsWaiting.examples).toBeDefined();
  });

  it('describes the parties, the next step and your side on a match, with examples', () => {
    const match = responseSchema('/v1/matches/{matchId}');
    for (const field of ['seller', 'buyer', 'nextStep', 'yourSides']) {
      expect(match.properties[field].description, field).toBeTruthy();
      expect(match.properties[field].examples, field).toBeDefined();
    }
    expect(JSON.stringify(match.properties.seller)).toContain('contact');
  });

  it('describes certificate verification on sellers and the verified requirement on demands', () => {
    const seller = responseSchema('/v1/sellers/{sellerId}');
    const cert = seller.properties.certifications.items;
    expect(cert.properties.verification.description).toContain('self-declared');
    expect(cert.examples).toBeDefined();
    expect(seller.properties.reviewFlags.description).toContain('tax-code-in-use');
    const demandBody = JSON.stringify(doc.paths['/v1/demands'].post.requestBody);
    expect(demandBody).toContain('Only a certificate the department verified will do');
    const verifyBody = doc.paths['/v1/sellers/{sellerId}/certifications/{n}/verify'].post.requestBody.content['application/json'].schema;
    expect(verifyBody.examples).toBeDefined();
  });

  it('describes the mine and side parameters', () => {
    const params = doc.paths['/v1/matches'].get.parameters.filter((p: Json) => p.in === 'query');
    expect(params.find((p: Json) => p.name === 'side').description).toBeTruthy();
    expect(doc.paths['/v1/sellers'].get.parameters.find((p: Json) => p.name === 'mine').description).toBeTruthy();
  });
});
