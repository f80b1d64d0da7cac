/**
 * `?mine=true`, the query of the caller's own profiles and fairs. Its own module: the fairs
 * function imports it, and domain/me.ts would bring the matches' and the parties' schemas along.
 */
import * as z from 'zod/mini';
import { customIssue, documented, pageQuery } from '#domain/schemas.ts';

/** `mine=true`, the only way these lists are read for now (everyone's profiles are not browsable). */
export const mineFlag = z.pipe(
  z.string(),
  z.transform((v, ctx) => {
    if (v !== 'true') customIssue(ctx, v, 'mine-only');
    return true as const;
  }),
);

export const MineQuery = z.strictObject({
  mine: documented(mineFlag, 'Must be `true`: your own profiles', 'true'),
  ...pageQuery,
});
