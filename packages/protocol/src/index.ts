export { decodeDeviceInfo } from './deviceInfo/decodeDeviceInfo.ts';
export { encodeDeviceInfo } from './deviceInfo/encodeDeviceInfo.ts';
export { ConfigurationError } from './errors/ConfigurationError.ts';
export { ContractError } from './errors/ContractError.ts';
export { codeGuard, DcrError, type DcrErrorCode } from './errors/DcrError.ts';
export { type FailureKind, type FailureVerdict, failurePolicy } from './errors/failurePolicy.ts';
export { isRetryable } from './errors/isRetryable.ts';
export { ProtocolError } from './errors/ProtocolError.ts';
export { ServerError } from './errors/ServerError.ts';
export { ThrottledError } from './errors/ThrottledError.ts';
export { TransportError } from './errors/TransportError.ts';
export { buildRegisterRequest } from './http/buildRegisterRequest.ts';
export { buildTokenRequest } from './http/buildTokenRequest.ts';
export { createDcrHttp } from './http/createDcrHttp.ts';
export { DEFAULT_ENDPOINTS } from './http/DEFAULT_ENDPOINTS.ts';
export type { PreparedRequest } from './http/PreparedRequest.ts';
export { parseRetryAfter } from './http/parseRetryAfter.ts';
export type { ProcessContext } from './http/processErrorResponse.ts';
export { processRegisterResponse } from './http/processRegisterResponse.ts';
export { processTokenResponse } from './http/processTokenResponse.ts';
export { type ReadEnhancedErrorOptions, readEnhancedError } from './http/readEnhancedError.ts';
export { type ResponseSnapshot, readResponseSnapshot } from './http/readResponseSnapshot.ts';
export { type ResolvedHttpOptions, resolveHttpOptions } from './http/resolveHttpOptions.ts';
export type {
  ClientCredentials,
  DcrHttp,
  DcrHttpOptions,
  RegisterInput,
  RequestOptions,
  TokenGrant,
} from './http/types.ts';
export { type DeviceInfo, deviceInfoSchema } from './schemas/deviceInfoSchema.ts';
export { OS_FAMILIES, OS_NAMES, OS_VENDORS, PRIMARY_HARDWARE_TYPES } from './schemas/deviceInfoValues.ts';
export { type EnhancedError, enhancedErrorSchema } from './schemas/enhancedErrorSchema.ts';
export { OAUTH_ERROR_CODES, type OAuthErrorBody, oauthErrorSchema } from './schemas/oauthErrorSchema.ts';
export { type RegisterResponse, registerResponseSchema } from './schemas/registerResponseSchema.ts';
export { type TokenResponse, tokenResponseSchema } from './schemas/tokenResponseSchema.ts';
export { redact } from './secrets/redact.ts';
export { scrubSecrets } from './secrets/scrubSecrets.ts';
export { describeType, formatIssues, summarizeIssues } from './validation/formatIssues.ts';
