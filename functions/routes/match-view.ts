/**
 * A match as the match routes and "my matches" answer it. Its own module, so the matches
 * function does not import the "me" routes (and build their schemas) for it.
 */
import * as z from 'zod/mini';
import { MatchOut } from '#domain/matching/matches.ts';
import { matchPartyFields } from '#domain/parties.ts';

/** A match with both parties (contacts once confirmed) and the next step: GET /v1/matches/{id}, accept, decline, and the lists. */
export const MatchViewOut = z.extend(MatchOut, matchPartyFields);
