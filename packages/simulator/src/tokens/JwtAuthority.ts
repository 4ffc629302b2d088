import { calculateJwkThumbprint, errors, exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';
import type { SimulatorKeys } from '../types/SimulatorOptions.ts';

/** The scopes Adobe grants DCR clients ("Retrieve client credentials" response sample). */
export const CLIENT_SCOPES = ['api:client:v2'] as const;

/** `typ` of software statements (RFC 7519 §5.1) — keeps a statement from passing as an access token. */
const STATEMENT_TYP = 'JWT';
/** `typ` of access tokens (RFC 9068 §2.1) — keeps an access token from passing as a software statement. */
const ACCESS_TOKEN_TYP = 'at+jwt';

/** The verdict on a presented software statement. */
export type StatementVerdict = { ok: true; softwareId: string } | { ok: false; reason: string };

/** The verdict on a presented access token. */
export type AccessTokenVerdict = { ok: true; clientId: string } | { ok: false; reason: 'expired' | 'invalid' };

/**
 * Signs and verifies the simulator's JWTs with one RS256 key pair: software statements (the RFC 7591 §2.3 sample
 * is RS256) and access tokens (Adobe's samples: RS256 JWTs with `iss`, `sub`, `iat`, `nbf`, `exp`, `scopes`).
 * Only RS256 is accepted, so `alg: none`, HS256 and every other algorithm fail verification.
 */
export class JwtAuthority {
  readonly #issuer: string;
  readonly #keys: Promise<SimulatorKeys & { kid: string }>;

  constructor(issuer: string, keys?: SimulatorKeys) {
    this.#issuer = issuer;
    const pair: Promise<SimulatorKeys> = keys ? Promise.resolve(keys) : generateKeyPair('RS256');
    this.#keys = pair.then(async (resolved) => ({
      ...resolved,
      kid: await calculateJwkThumbprint(await exportJWK(resolved.publicKey)),
    }));
    // Surfaced on first use; without this a failed generation would also be an unhandled rejection.
    this.#keys.catch(() => undefined);
  }

  /** The public key as a JWK (with `kid`, `alg`, `use`), for `GET /admin/jwks`. */
  async publicJwk(): Promise<JWK> {
    const { publicKey, kid } = await this.#keys;
    return { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  }

  /**
   * A software statement in the shape of Adobe's samples: `iss`, `sub` (= `software_id`), `iat`, `jti`,
   * `software_id`, `software_version`, `client_name`.
   */
  async mintSoftwareStatement(input: { softwareId: string; clientName: string; nowMs: number }): Promise<string> {
    const { privateKey, kid } = await this.#keys;
    return new SignJWT({
      software_id: input.softwareId,
      software_version: '1.0.0',
      client_name: input.clientName,
    })
      .setProtectedHeader({ alg: 'RS256', typ: STATEMENT_TYP, kid })
      .setIssuer(this.#issuer)
      .setSubject(input.softwareId)
      .setIssuedAt(Math.floor(input.nowMs / 1000))
      .setJti(crypto.randomUUID())
      .sign(privateKey);
  }

  /** Checks signature, algorithm, `typ`, `iss`, `exp` (when present) and the `software_id` claim. */
  async verifySoftwareStatement(jwt: string, nowMs: number): Promise<StatementVerdict> {
    const { publicKey } = await this.#keys;
    try {
      const { payload } = await jwtVerify(jwt, publicKey, {
        algorithms: ['RS256'],
        typ: STATEMENT_TYP,
        issuer: this.#issuer,
        currentDate: new Date(nowMs),
      });
      const softwareId = payload.software_id;
      if (typeof softwareId !== 'string' || softwareId === '') {
        return { ok: false, reason: 'The software statement has no software_id claim.' };
      }
      if (payload.sub !== undefined && payload.sub !== softwareId) {
        return { ok: false, reason: 'The software statement sub and software_id claims differ.' };
      }
      return { ok: true, softwareId };
    } catch (error) {
      return { ok: false, reason: describeJoseFailure(error, 'software statement') };
    }
  }

  /** An access token for `clientId`, valid from `nowMs` for `ttlSeconds`. */
  async mintAccessToken(input: { clientId: string; nowMs: number; ttlSeconds: number }): Promise<string> {
    const { privateKey, kid } = await this.#keys;
    const issuedAt = Math.floor(input.nowMs / 1000);
    return new SignJWT({ scopes: [...CLIENT_SCOPES] })
      .setProtectedHeader({ alg: 'RS256', typ: ACCESS_TOKEN_TYP, kid })
      .setIssuer(this.#issuer)
      .setSubject(input.clientId)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + input.ttlSeconds)
      .setJti(crypto.randomUUID())
      .sign(privateKey);
  }

  /** Checks signature, algorithm, `typ`, `iss`, `nbf` and `exp` against the simulated time `nowMs`. */
  async verifyAccessToken(jwt: string, nowMs: number): Promise<AccessTokenVerdict> {
    const { publicKey } = await this.#keys;
    try {
      const { payload } = await jwtVerify(jwt, publicKey, {
        algorithms: ['RS256'],
        typ: ACCESS_TOKEN_TYP,
        issuer: this.#issuer,
        currentDate: new Date(nowMs),
        requiredClaims: ['sub', 'exp'],
      });
      return typeof payload.sub === 'string' ? { ok: true, clientId: payload.sub } : { ok: false, reason: 'invalid' };
    } catch (error) {
      return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}

/** A sentence about why jose refused a JWT, without echoing the token. */
function describeJoseFailure(error: unknown, what: string): string {
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return `The ${what} is not signed with RS256.`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return `The ${what} signature does not verify.`;
  if (error instanceof errors.JWTExpired) return `The ${what} has expired.`;
  if (error instanceof errors.JWTClaimValidationFailed) return `The ${what} has an unexpected "${error.claim}" claim.`;
  return `The ${what} is not a well-formed signed JWT.`;
}
