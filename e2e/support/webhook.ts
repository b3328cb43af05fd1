import { expect } from '@playwright/test';

/** Posts one event to a webhook source; the server answers 202 once it is stored. */
export async function postEvent(
  webhook: { url: string; token: string },
  event: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(webhook.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${webhook.token}` },
    body: JSON.stringify(event),
  });
  expect(response.status).toBe(202);
}
