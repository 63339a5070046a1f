import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, onApp, PUBLIC_URL, signIn, startWebApp } from './web-support.js';

describe('Sign in with Slack', () => {
  let app: Awaited<ReturnType<typeof startWebApp>>;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(async () => {
    await app.stop();
    await app.closeFake();
  });

  it('sends an unsigned-in visitor to sign in, then to Slack with state and nonce, and back to the page they asked for', async () => {
    const page = await get(`${app.baseUrl}/incidents?state=open`);
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?next=%2Fincidents%3Fstate%3Dopen');

    const login = await get(`${app.baseUrl}${page.headers.get('location')}`);
    const authorize = new URL(login.headers.get('location')!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${app.fake.baseUrl}/openid/connect/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe(app.fake.oidc.clientId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/auth/slack/callback`);
    expect(authorize.searchParams.get('scope')).toBe('openid profile');
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{40,}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{40,}$/);
    expect(authorize.searchParams.get('team')).toBe(app.fake.teamId);

    app.fake.oidc.signInAs = { userId: 'UALICE', name: 'Alice' };
    const back = await get(authorize.toString());
    const callback = await get(onApp(app, back.headers.get('location')!));
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/incidents?state=open');
    const cookie = callback.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sitrep_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);

    // Slack was asked with the client's secret, then with the person's own token.
    const token = app.fake.callsTo('openid.connect.token')[0]!;
    expect(token.args).toMatchObject({ client_id: app.fake.oidc.clientId, client_secret: app.fake.oidc.clientSecret, redirect_uri: `${PUBLIC_URL}/auth/slack/callback` });
    expect(app.fake.callsTo('openid.connect.userInfo')).toHaveLength(1);

    const stored = await app.sitrep.database.db.selectFrom('web_sessions').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ user_id: 'UALICE', team_id: app.fake.teamId, user_name: 'Alice', revoked_at: null });
    expect(stored[0]!.expires_at.getTime() - stored[0]!.created_at.getTime()).toBe(12 * 3_600_000);
    // Only the hash is stored: the cookie's token is nowhere in the table.
    expect(JSON.stringify(stored)).not.toContain(cookie.split(';')[0]!.split('=')[1]!);

    const list = await get(`${app.baseUrl}/incidents`, { cookie: cookie.split(';')[0]! });
    expect(list.status).toBe(200);
    expect(list.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await list.text()).toContain('Alice');
  });

  it('refuses a callback whose state it did not issue, or issued and already used', async () => {
    const forged = await get(`${app.baseUrl}/auth/slack/callback?state=forged&code=whatever`);
    expect(forged.status).toBe(400);
    expect(forged.headers.get('set-cookie')).toBeNull();
    expect(await forged.text()).toContain('expired or was already used');

    app.fake.oidc.signInAs = { userId: 'UALICE' };
    const login = await get(`${app.baseUrl}/login`);
    const back = await get(login.headers.get('location')!);
    const callbackUrl = onApp(app, back.headers.get('location')!);
    expect((await get(callbackUrl)).status).toBe(302);
    const replay = await get(callbackUrl);
    expect(replay.status).toBe(400);
    expect(replay.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a person of another workspace', async () => {
    app.fake.oidc.signInAs = { userId: 'UOTHER', teamId: 'T0ELSEWHERE' };
    const before = await app.sitrep.database.db.selectFrom('web_sessions').select('user_id').execute();
    const login = await get(`${app.baseUrl}/login`);
    const back = await get(login.headers.get('location')!);
    const callback = await get(onApp(app, back.headers.get('location')!));
    expect(callback.status).toBe(403);
    expect(callback.headers.get('set-cookie')).toBeNull();
    expect(await callback.text()).toContain('Only people of this Slack workspace');
    expect(await app.sitrep.database.db.selectFrom('web_sessions').select('user_id').execute()).toEqual(before);
  });

  it('signs out with the form (CSRF token checked): the session is revoked and the cookie no longer works', async () => {
    const cookie = await signIn(app, 'UCAROL');
    const page = await (await get(`${app.baseUrl}/incidents`, { cookie })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;

    const forged = await fetch(`${app.baseUrl}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=wrong' });
    expect(forged.status).toBe(403);
    expect((await get(`${app.baseUrl}/incidents`, { cookie })).status).toBe(200);

    const out = await fetch(`${app.baseUrl}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${encodeURIComponent(csrf)}` });
    expect(out.status).toBe(200);
    const row = await app.sitrep.database.db.selectFrom('web_sessions').select('revoked_at').where('user_id', '=', 'UCAROL').executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    expect((await get(`${app.baseUrl}/incidents`, { cookie })).status).toBe(302);
  });
});

describe('Without the web settings', () => {
  it('answers 404 on the pages', async () => {
    const { startTestApp } = await import('../support/app-harness.js');
    const app = await startTestApp('pglite');
    try {
      for (const path of ['/incidents', '/login', '/insights', '/incidents/INC-1']) expect((await get(`${app.baseUrl}${path}`)).status, path).toBe(404);
    } finally {
      await app.stop();
    }
  });
});
