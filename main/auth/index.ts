export { createAuth, type Auth, type CreateAuthOptions, type LoginInput } from './auth-service.js';
export { hashPassword, verifyPassword } from './password.js';
export { loadSigningKey, signingKeyPath } from './signing-key.js';
export { createTokenIssuer, TOKEN_ISSUER, type TokenClaims, type TokenIssuer } from './tokens.js';
export { createLoginLimiter, type LoginLimiter, type LoginLimiterOptions } from './login-limiter.js';
export { toUser } from './user-view.js';
export { authHandlers, type AuthHandlerDeps } from './handlers.js';
export { createTenantAdmin, type NewTenant, type TenantAdmin, type TenantAdminOptions } from './tenant-admin.js';
