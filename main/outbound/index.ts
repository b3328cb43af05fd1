/**
 * Outgoing requests (DESIGN.md "Quality bars"): the address guard every outgoing HTTP request of the
 * Core passes. Lint refuses the global fetch and undici anywhere else in main/.
 */
export {
  createOutboundGuard,
  outboundRefusal,
  type OutboundGuard,
  type OutboundGuardOptions,
  type GuardedFetch,
  type OutboundResponse,
} from './outbound-guard.js';
export { OutboundRefusedError, systemResolver, type HostResolver } from './guarded-connector.js';
export { cidrProblem, createAddressPolicy, type AddressPolicy } from './address-policy.js';
