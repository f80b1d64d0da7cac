/**
 * The single DynamoDB table, defined once. The CDK stack (`infra/stack.ts`) and the local
 * runtime (`infra/local/dynamo.ts`) both build their table from this object, so keys, indexes
 * and the stream cannot drift apart. See `docs/data-model.md` for the access patterns.
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  /** Matching needs the old image to notice withdrawals and changes. */
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    /** Browse by product: listings and demands of one product, by province and status. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Children of a parent: a seller's listings, a buyer's demands, an organiser's fairs, an owner's profiles. */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** Browse by province or everything of one kind, newest first. */
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

export type IndexName = (typeof TABLE.globalSecondaryIndexes)[number]['indexName'];
