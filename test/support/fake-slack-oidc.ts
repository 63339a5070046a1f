import { randomBytes } from 'node:crypto';

type Body = Record<string, unknown>;

/** Who the fake authorize page signs in (as if they had clicked "Allow"). */
export interface FakeSignIn {
  userId: string;
  name?: string;
  /** Their workspace; default the fake's own. */
  teamId?: string;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Sign in with Slack (OpenID Connect) as Slack answers it: the authorize page sends the browser back
 * with a one-time code; openid.connect.token trades it (with the client's id and secret) for an
 * access token and an ID token carrying the nonce; openid.connect.userInfo says who it is.
 */
export class FakeOidc {
  clientId = '1111.2222';
  clientSecret = 'fake-oidc-client-secret';
  /** Who is signed in at the authorize page; undefined: the person clicks "Cancel". */
  signInAs: FakeSignIn | undefined;
  private readonly codes = new Map<string, { person: FakeSignIn; nonce: string | undefined; redirectUri: string }>();
  private readonly accessTokens = new Map<string, FakeSignIn>();

  constructor(private readonly team: { id: string; name: string }) {}

  /** GET /openid/connect/authorize: a redirect back to the app (or a 400 for a request Slack refuses). */
  authorize(url: URL): { status: number; body: Body | string; headers?: Record<string, string> } {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri');
    if (q.get('client_id') !== this.clientId || !redirectUri) return { status: 400, body: 'invalid client_id or redirect_uri' };
    if (q.get('response_type') !== 'code' || !(q.get('scope') ?? '').split(/[ ,]/).includes('openid')) return { status: 400, body: 'invalid response_type or scope' };
    const back = new URL(redirectUri);
    const state = q.get('state');
    if (state !== null) back.searchParams.set('state', state);
    if (!this.signInAs) {
      back.searchParams.set('error', 'access_denied');
    } else {
      const code = randomBytes(12).toString('hex');
      this.codes.set(code, { person: this.signInAs, nonce: q.get('nonce') ?? undefined, redirectUri });
      back.searchParams.set('code', code);
    }
    return { status: 302, body: '', headers: { Location: back.toString() } };
  }

  token(args: Record<string, unknown>): Body {
    if (args.client_id !== this.clientId) return { ok: false, error: 'invalid_client_id' };
    if (args.client_secret !== this.clientSecret) return { ok: false, error: 'bad_client_secret' };
    const grant = this.codes.get(String(args.code ?? ''));
    if (!grant) return { ok: false, error: 'invalid_code' };
    this.codes.delete(String(args.code));
    if (args.redirect_uri !== undefined && args.redirect_uri !== grant.redirectUri) return { ok: false, error: 'bad_redirect_uri' };
    const accessToken = `xoxp-oidc-${randomBytes(8).toString('hex')}`;
    this.accessTokens.set(accessToken, grant.person);
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: 'https://slack.com',
      sub: grant.person.userId,
      aud: this.clientId,
      exp: now + 3600,
      iat: now,
      auth_time: now,
      ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
      'https://slack.com/user_id': grant.person.userId,
      'https://slack.com/team_id': grant.person.teamId ?? this.team.id,
      name: grant.person.name ?? grant.person.userId,
    };
    return { ok: true, access_token: accessToken, token_type: 'Bearer', id_token: `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.c2lnbmF0dXJl` };
  }

  userInfo(token: string | undefined): Body {
    const person = token ? this.accessTokens.get(token) : undefined;
    if (!person) return { ok: false, error: 'invalid_auth' };
    return {
      ok: true,
      sub: person.userId,
      'https://slack.com/user_id': person.userId,
      'https://slack.com/team_id': person.teamId ?? this.team.id,
      'https://slack.com/team_name': this.team.name,
      name: person.name ?? person.userId,
    };
  }
}
