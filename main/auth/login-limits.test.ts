import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ADMIN, useServerFixture } from '../server/test-support/index.js';

/*
 * Issue 8, row 7, over the real HTTP server: an attacker who keeps failing against an account
 * slows it down, but cannot keep its owner out. Each loopback address (127.0.0.x) is another
 * client machine to the server.
 */

interface LoginAnswer {
  status: number;
  body: { user: { email: string }; error: { retryAfterSeconds: number } };
}

function login(url: string, from: string, password: string): Promise<LoginAnswer> {
  const body = JSON.stringify({ email: ADMIN.email, password });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/rpc/auth.login`,
      { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as LoginAnswer['body'] }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('login limits', () => {
  const fx = useServerFixture({ config: { auth: { loginMaxFailures: 3, loginWindowMinutes: 15 } } });

  it('cannot stop the right password from an address that has not been failing', async () => {
    // Someone guesses from three machines until the account and their addresses must wait.
    const attackers = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
    const answers: number[] = [];
    for (let i = 0; i < 12; i++)
      answers.push((await login(fx.server.url, attackers[i % 3]!, `guess number ${i}`)).status);
    expect(answers.slice(0, 3)).toEqual([401, 401, 401]);
    expect(answers.slice(3)).toContain(429);
    // Even the right password waits on an address that has been failing.
    const fromAttacker = await login(fx.server.url, '127.0.0.2', ADMIN.password);
    expect(fromAttacker.status).toBe(429);
    expect(fromAttacker.body.error.retryAfterSeconds).toBeGreaterThan(0);
    // The owner, from their own machine: in at once.
    const owner = await login(fx.server.url, '127.0.0.9', ADMIN.password);
    expect(owner.status).toBe(200);
    expect(owner.body.user.email).toBe(ADMIN.email);
  });

  it('lets a burst of correct sign-ins from one address in: only failures count', async () => {
    // A control room behind one address, everyone signing in at shift change (more than the three
    // free failures at once); each attempt in flight used to count as a failure to come.
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => login(fx.server.url, '127.0.0.20', ADMIN.password)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    // A wrong password from there afterwards is an ordinary first failure, not a wait.
    expect((await login(fx.server.url, '127.0.0.20', 'not the password')).status).toBe(401);
  });
});
