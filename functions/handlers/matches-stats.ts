/** Lambda entry for the matches, near misses, fair suggestions and statistics routes (see `functions/routes/matches-stats.ts` and `near-misses.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { matchesStatsRoutes } from '#functions/routes/matches-stats.ts';
import { nearMissRoutes } from '#functions/routes/near-misses.ts';
import { demands, fairs, fairSuggestions, listings, matches, matchIndex, mine, sellers, stats } from '#functions/repositories.ts';

export const handler = await httpEntry([...matchesStatsRoutes, ...nearMissRoutes], { repositories: { demands, fairs, fairSuggestions, listings, matches, matchIndex, mine, sellers, stats } });
