import type { HostResolver } from '#domain/ports.ts';

/** A resolver that answers from a table, so webhook tests control what a host name resolves to. Unknown hosts do not resolve. */
export function staticResolver(table: Record<string, string[]>): HostResolver {
  return { resolve: async (hostname) => table[hostname.toLowerCase()] ?? [] };
}
