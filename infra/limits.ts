/**
 * Limits shared by the CDK stack and the local runtime, so a handler gets the same time budget
 * on a laptop as in AWS. API Gateway HTTP APIs give up on an integration after 30 s.
 */
export const API_FUNCTION_TIMEOUT_SECONDS = 29;
