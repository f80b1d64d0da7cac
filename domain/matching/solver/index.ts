/**
 * Volume allocation for matching (see README.md in this folder): the public face of the solver.
 */
export { allocate, greedyAllocate } from '#domain/matching/solver/allocate.ts';
export { MinCostFlow, type FlowSnapshot, type FlowStatus } from '#domain/matching/solver/min-cost-flow.ts';
export {
  pairKey,
  type AllocateOptions,
  type Allocation,
  type AllocationDemand,
  type AllocationListing,
  type AllocationPair,
  type AllocationProblem,
} from '#domain/matching/solver/problem.ts';
