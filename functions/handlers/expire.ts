/**
 * Lambda entry for the daily schedule (EventBridge in AWS, a timer locally): expires listings,
 * demands and matches whose windows have passed. The stream then updates index and stats.
 */
import middy from '@middy/core';
import { deps } from '#functions/deps.ts';
import { expirePast } from '#domain/matching/expiry.ts';

const app = deps();

export const handler = middy<unknown, { listings: number; demands: number; matches: number }>().handler(async () => {
  const result = await expirePast(app);
  if (process.env.LOG_LEVEL !== 'warn') console.log(JSON.stringify({ level: 'info', msg: 'expired', ...result }));
  return result;
});
