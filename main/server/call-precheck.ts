import { mayCall, methods, type MethodName } from '../contract/index.js';
import type { CallContext } from '../core/slice-kit/index.js';
import type { RouteHost } from './route-kit/slice-routes.js';

/**
 * Makes sure the caller may call `method` at all (signed in, role high enough) before a large body
 * is read for it, so strangers and viewers cannot make the server read megabytes it would refuse.
 * A refusal comes from the Core itself: `core.call` with the body left out, which the dispatcher
 * refuses before it looks at the input, so it is worded and audited like any other refused call.
 */
export async function assertMayCall(
  core: Pick<RouteHost, 'authenticate' | 'call'>,
  method: MethodName,
  ctx: CallContext,
): Promise<void> {
  const access = methods[method].access;
  if (access === 'public') return;
  let allowed = false;
  try {
    allowed = mayCall(access, await core.authenticate(ctx.token));
  } catch {
    // Refused below, by the Core.
  }
  if (!allowed) await core.call(method, {}, ctx);
}
