/** Recorded fair suggestions: `SELLER#<sellerId>` / `FAIRSUGGESTION#<fairId>`, written once per pair. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { FairSuggestionRepository } from '#domain/ports.ts';
import type { Store } from '#functions/data/store.ts';
import { sellerKeys } from '#functions/data/sellers.ts';

/** The key of a recorded suggestion, in the seller's partition. */
export const fairSuggestionKey = (sellerId: string, fairId: string) => ({ pk: sellerKeys.partition(sellerId), sk: `FAIRSUGGESTION#${fairId}` });

export function fairSuggestionRepository(store: Store): FairSuggestionRepository {
  return {
    async record(s, at) {
      try {
        await store.doc.send(
          new PutCommand({
            TableName: store.tableName,
            Item: { ...fairSuggestionKey(s.sellerId, s.fair.id), entity: 'fair-suggestion', ...s, createdAt: at },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) return false;
        throw err;
      }
    },
  };
}
