// redact(): secrets and personal data leave error messages; what the error is stays searchable.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redact, removeQuotedData } from '../src/redact.js';
import { Random, SECRET_KINDS, TEMPLATES, randomMessage } from './support/secrets.js';

/** One message as a library would throw it: what must be gone after redaction, and what must stay. */
interface Case {
  readonly says: string;
  readonly text: string;
  readonly gone: readonly string[];
  readonly kept: readonly string[];
}

function assertRedacted({ text, gone, kept }: Case): void {
  const out = redact(text);
  for (const secret of gone) assert.ok(!out.includes(secret), `${JSON.stringify(secret)} survived: ${JSON.stringify(out)}`);
  for (const words of kept) assert.ok(out.includes(words), `${JSON.stringify(words)} was lost: ${JSON.stringify(out)}`);
}

const REMOVED: Record<string, readonly Case[]> = {
  'URL credentials': [
    {
      says: "the MongoDB driver's parse error loses the user, password and cluster of the connection string",
      text: 'MongoParseError: Password contains unescaped characters in mongodb+srv://appUser:p@ss#word@cluster0.ab1cd.mongodb.net/test',
      gone: ['appUser', 'p@ss#word', 'ss#word', 'cluster0.ab1cd'],
      kept: ['MongoParseError: Password contains unescaped characters'],
    },
    {
      says: "undici's refusal of a URL with credentials loses the URL",
      text: 'TypeError: Request cannot be constructed from a URL that includes credentials: https://deploy:Zx81kLq0Wm@api.example.com/v1/hooks',
      gone: ['deploy', 'Zx81kLq0Wm', 'api.example.com'],
      kept: ['TypeError: Request cannot be constructed from a URL that includes credentials'],
    },
    {
      says: "ioredis's timeout loses the redis:// password and host",
      text: 'Error: connect ETIMEDOUT redis://default:Xk29fLq0@redis-12345.c1.us-east-1.ec2.cloud.redislabs.com:12345',
      gone: ['Xk29fLq0', 'default:', 'redislabs'],
      kept: ['Error: connect ETIMEDOUT'],
    },
    {
      says: "amqplib's refused handshake loses the amqp:// credentials",
      text: 'Error: Handshake terminated by server: 403 (ACCESS-REFUSED) for amqp://guest:Gu3st!pw@rabbit.internal:5672/orders',
      gone: ['guest', 'Gu3st!pw', 'rabbit.internal', 'orders'],
      kept: ['Error: Handshake terminated by server: 403 (ACCESS-REFUSED)'],
    },
    {
      says: "Prisma's authentication failure loses the mysql:// credentials and keeps the rest of the sentence",
      text: 'PrismaClientInitializationError: Authentication failed against database server, the provided credentials for mysql://root:hunter2@localhost:3306/app are not valid.',
      gone: ['root', 'hunter2'],
      kept: ['PrismaClientInitializationError: Authentication failed against database server', 'are not valid.'],
    },
    {
      says: 'credentials printed without a scheme (user:password@host) are removed too',
      text: 'Error: getaddrinfo ENOTFOUND admin:Pa55w0rd@db-primary',
      gone: ['admin', 'Pa55w0rd'],
      kept: ['Error: getaddrinfo ENOTFOUND'],
    },
  ],

  'URL query strings': [
    {
      says: "an axios error loses the whole URL, with the api_key and e-mail in its query string",
      text: 'AxiosError: Request failed with status code 403 GET https://api.example.com/v1/users?api_key=9f8e7d6c5b4a&email=jane%40example.com',
      gone: ['9f8e7d6c5b4a', 'jane', 'api.example.com'],
      kept: ['AxiosError: Request failed with status code 403 GET'],
    },
    {
      says: "Express's 404 for a relative URL loses the query string but keeps the route",
      text: 'NotFoundError: Cannot GET /reset-password?token=c29tZXRva2Vu&uid=4821',
      gone: ['c29tZXRva2Vu', '4821', 'token='],
      kept: ['NotFoundError: Cannot GET /reset-password'],
    },
    {
      says: 'a geocoding request loses the street address and the key in its query string',
      text: 'Error: Request failed for https://maps.googleapis.com/maps/api/geocode/json?address=221B+Baker+Street&key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY',
      gone: ['Baker', 'AIzaSy'],
      kept: ['Error: Request failed for'],
    },
    {
      says: 'an OAuth callback loses its code and state',
      text: 'OAuthError: invalid_grant at /auth/callback?code=4/0AX4XfWhJ2k&state=xyz123abc',
      gone: ['4/0AX4XfWhJ2k', 'xyz123abc'],
      kept: ['OAuthError: invalid_grant at'],
    },
    {
      says: "got's HTTPError loses a webhook URL with a signature and a user name",
      text: 'HTTPError: Response code 401 (Unauthorized) for https://hooks.example.com/notify?signature=abc123def456&user=jdoe',
      gone: ['abc123def456', 'jdoe'],
      kept: ['HTTPError: Response code 401 (Unauthorized) for'],
    },
    {
      says: "node-fetch's invalid JSON error loses the session id in the query and keeps the reason",
      text: 'FetchError: invalid json response body at /api/session?sid=s%3AJ9kLmN0p reason: Unexpected token < in JSON at position 0',
      gone: ['J9kLmN0p', 'sid='],
      kept: ['FetchError: invalid json response body at', 'reason: Unexpected token < in JSON at position 0'],
    },
  ],

  'bearer tokens': [
    {
      says: 'an Authorization header logged with a 401 loses its bearer token',
      text: 'Error: Request failed with status code 401, Authorization: Bearer 2YotnFZFEjr1zCsicMWpAA',
      gone: ['2YotnFZFEjr1zCsicMWpAA'],
      kept: ['Request failed with status code 401', 'Authorization:'],
    },
    {
      says: "express-jwt's format error loses the token it got and keeps the expected format",
      text: 'UnauthorizedError: Format is Authorization: Bearer [token], got "Bearer mF_9.B5f-4.1JqM"',
      gone: ['mF_9.B5f-4.1JqM', 'B5f-4'],
      kept: ['UnauthorizedError: Format is Authorization: Bearer [token]'],
    },
    {
      says: 'basic credentials go, base64 and all',
      text: 'Error: 401 Unauthorized (Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l)',
      gone: ['YWxhZGRpbjpvcGVuc2VzYW1l'],
      kept: ['Error: 401 Unauthorized'],
    },
    {
      says: "GitHub's `token` scheme loses its credential",
      text: 'HttpError: Bad credentials (request used "token 8f14e45fceea167a5a36dedd4bea2543")',
      gone: ['8f14e45fceea167a5a36dedd4bea2543'],
      kept: ['HttpError: Bad credentials'],
    },
    {
      says: 'a short-lived Dropbox bearer token goes and the plain word "token" before it stays',
      text: 'AuthenticationError: token rejected by upstream: Bearer sl.BxA9n-5qfGZ0kXc1',
      gone: ['sl.BxA9n-5qfGZ0kXc1', 'BxA9n'],
      kept: ['AuthenticationError: token rejected by upstream'],
    },
    {
      says: 'a bearer token in single quotes goes, up to the closing quote',
      text: "Error: upstream rejected header 'Bearer 7hG2kLp9QzX4' with 403 Forbidden",
      gone: ['7hG2kLp9QzX4'],
      kept: ['Error: upstream rejected header', 'with 403 Forbidden'],
    },
  ],

  JWTs: [
    {
      says: "jsonwebtoken's invalid signature loses the whole token",
      text: 'JsonWebTokenError: invalid signature for eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      gone: ['eyJhbGci', 'eyJzdWIi', 'SflKxwRJ'],
      kept: ['JsonWebTokenError: invalid signature for'],
    },
    {
      says: 'an expired token named with a colon goes',
      text: 'TokenExpiredError: jwt expired (token: eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk)',
      gone: ['eyJhbGci', 'eyJleHAi', 'dBjftJeZ4CVP'],
      kept: ['TokenExpiredError: jwt expired'],
    },
    {
      says: "jwt-decode's error loses a token whose payload is not JSON",
      text: 'InvalidTokenError: Invalid token specified: invalid json for part #2 (eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2lnbmF0dXJl)',
      gone: ['eyJhbGci', 'bm90LWpzb24', 'c2lnbmF0dXJl'],
      kept: ['InvalidTokenError: Invalid token specified: invalid json for part #2'],
    },
    {
      says: "firebase-admin's ID token error loses the token after its explanation",
      text: 'FirebaseAuthError: Decoding Firebase ID token failed. Make sure you passed the entire string JWT which represents an ID token. eyJhbGciOiJSUzI1NiIsImtpZCI6IjE2In0.eyJpc3MiOiJodHRwczovL3NlY3VyZXRva2VuIn0.Kx9fG4hL2mQ',
      gone: ['eyJhbGci', 'eyJpc3Mi', 'Kx9fG4hL2mQ'],
      kept: ['FirebaseAuthError: Decoding Firebase ID token failed. Make sure you passed the entire string JWT which represents an ID token.'],
    },
    {
      says: 'an unsigned token (alg none, ending in a dot) goes',
      text: 'JsonWebTokenError: jwt signature is required, got eyJhbGciOiJub25lIn0.eyJhZG1pbiI6dHJ1ZX0.',
      gone: ['eyJhbGci', 'eyJhZG1pbiI6dHJ1ZX0'],
      kept: ['JsonWebTokenError: jwt signature is required, got'],
    },
  ],

  'AWS keys': [
    {
      says: "the AWS SDK's unknown key error loses the access key id",
      text: 'InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records. (AKIAIOSFODNN7EXAMPLE)',
      gone: ['AKIAIOSFODNN7EXAMPLE', 'IOSFODNN7'],
      kept: ['InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records.'],
    },
    {
      says: "S3's signature mismatch loses the credential scope with its key id",
      text: 'SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Credential=AKIAI44QH8DHBEXAMPLE/20240115/us-east-1/s3/aws4_request',
      gone: ['AKIAI44QH8DHBEXAMPLE', '20240115'],
      kept: ['SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.'],
    },
    {
      says: 'a temporary (ASIA) key goes from an expired-token error',
      text: 'ExpiredToken: The security token included in the request is expired (access key ASIAJEXAMPLEXEG2JICE)',
      gone: ['ASIAJEXAMPLEXEG2JICE'],
      kept: ['ExpiredToken: The security token included in the request is expired'],
    },
    {
      says: "IAM's access denied loses the ARNs, which name the account, the user and the bucket",
      text: 'AccessDenied: User: arn:aws:iam::123456789012:user/jane.doe is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::acme-invoices/2024/inv-001.pdf',
      gone: ['123456789012', 'jane.doe', 'acme-invoices'],
      kept: ['AccessDenied: User:', 'is not authorized to perform: s3:PutObject on resource'],
    },
    {
      says: 'a secret access key set in the environment goes with its value',
      text: 'CredentialsProviderError: Could not load credentials from any providers; aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      gone: ['wJalrXUtnFEMI', 'bPxRfiCYEXAMPLEKEY'],
      kept: ['CredentialsProviderError: Could not load credentials from any providers'],
    },
  ],

  'Stripe keys': [
    {
      says: "Stripe's invalid key error loses a secret test key",
      text: 'StripeAuthenticationError: Invalid API Key provided: sk_test_4eC39HqLyjWDarjtT1zdp7dc',
      gone: ['sk_test_', '4eC39HqLyjWDarjtT1zdp7dc'],
      kept: ['StripeAuthenticationError: Invalid API Key provided'],
    },
    {
      says: 'a live key as Stripe masks it goes too, with its last four characters',
      text: 'StripeAuthenticationError: Invalid API Key provided: sk_live_********************Xk2Q',
      gone: ['sk_live_', 'Xk2Q'],
      kept: ['StripeAuthenticationError: Invalid API Key provided'],
    },
    {
      says: "the webhook signature error loses the endpoint's signing secret",
      text: 'StripeSignatureVerificationError: No signatures found matching the expected signature for payload (secret whsec_5f8d0d55b54764421b7156c9a1b2c3d4)',
      gone: ['whsec_', '5f8d0d55b5476442'],
      kept: ['StripeSignatureVerificationError: No signatures found matching the expected signature for payload'],
    },
    {
      says: 'a restricted key in quotes goes',
      text: "StripePermissionError: The provided key 'rk_live_51H8xYzAbCdEfGhIjKlMnOp' does not have access to resource",
      gone: ['rk_live_', '51H8xYzAbCdEfGhIjKlMnOp'],
      kept: ['StripePermissionError: The provided key', 'does not have access to resource'],
    },
    {
      says: 'a publishable key and a customer id go from a mode mismatch',
      text: "StripeInvalidRequestError: No such customer: 'cus_NffrFeUfNV2Hib'; a similar object exists in test mode, but a live mode key was used (pk_live_51H8xYzAbCdEfGh)",
      gone: ['cus_NffrFeUfNV2Hib', 'pk_live_', '51H8xYzAbCdEfGh'],
      kept: ['StripeInvalidRequestError: No such customer', 'a similar object exists in test mode, but a live mode key was used'],
    },
  ],

  'GitHub tokens': [
    {
      says: "Octokit's bad credentials lose a classic personal access token",
      text: 'HttpError: Bad credentials - ghp_16C7e42F292c6912E7710c838347Ae178B4a',
      gone: ['ghp_', '16C7e42F292c6912E7710c838347Ae178B4a'],
      kept: ['HttpError: Bad credentials'],
    },
    {
      says: "git's failed clone loses the installation token and the repository in the URL",
      text: "remote: Invalid username or password. fatal: Authentication failed for 'https://x-access-token:ghs_AbC123dEf456GhI789jKl012MnO345pQr678@github.com/acme/api.git/'",
      gone: ['ghs_', 'AbC123dEf456', 'acme/api'],
      kept: ['remote: Invalid username or password. fatal: Authentication failed for'],
    },
    {
      says: 'an OAuth token goes from an integration error',
      text: 'RequestError [HttpError]: Resource not accessible by integration (token gho_16C7e42F292c6912E7710c838347Ae178B4a)',
      gone: ['gho_', '16C7e42F292c6912E7710c838347Ae178B4a'],
      kept: ['RequestError [HttpError]: Resource not accessible by integration'],
    },
    {
      says: 'a fine-grained token goes from an environment variable, and the words after it stay',
      text: 'Error: GITHUB_TOKEN=github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456 is expired',
      gone: ['github_pat_', '11ABCDEFG0123456789', 'abcdefghijklmnopqrstuvwxyz'],
      kept: ['Error: GITHUB_TOKEN=', 'is expired'],
    },
    {
      says: 'a user-to-server token goes from a rate limit message',
      text: 'HttpError: API rate limit exceeded for ghu_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5 (user 4821)',
      gone: ['ghu_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'],
      kept: ['HttpError: API rate limit exceeded for'],
    },
  ],

  'Slack tokens': [
    {
      says: "Slack's invalid_auth loses the bot token",
      text: 'Error: An API error occurred: invalid_auth (xoxb-263594206564-2343282348321-Gx9Ew9bTXqI4z0kLdHkWcWEi)',
      gone: ['xoxb-', '263594206564', 'Gx9Ew9bTXqI4z0kLdHkWcWEi'],
      kept: ['Error: An API error occurred: invalid_auth'],
    },
    {
      says: 'a user token goes from a missing scope error',
      text: 'Error: An API error occurred: missing_scope for token xoxp-123456789012-123456789012-1234567890123-abcdef0123456789abcdef0123456789',
      gone: ['xoxp-', 'abcdef0123456789'],
      kept: ['Error: An API error occurred: missing_scope for token'],
    },
    {
      says: 'an app-level token goes from a Socket Mode error',
      text: 'SocketModeError: Failed to retrieve a new WSS URL with xapp-1-A0123456789-1234567890123-0123456789abcdef0123456789abcdef',
      gone: ['xapp-', 'A0123456789', '0123456789abcdef'],
      kept: ['SocketModeError: Failed to retrieve a new WSS URL with'],
    },
    {
      says: 'a refresh token goes from a token rotation error',
      text: 'Error: An API error occurred: invalid_refresh_token (xoxe-1-My0xLTAxMjM0NTY3ODktMTIzNDU2Nzg5MDEy)',
      gone: ['xoxe-', 'My0xLTAxMjM0NTY3ODkt'],
      kept: ['Error: An API error occurred: invalid_refresh_token'],
    },
    {
      says: 'an incoming webhook URL goes whole, with the secret in its path',
      text: 'Error: Request to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX failed with status 404: no_service',
      gone: ['T00000000', 'XXXXXXXXXXXXXXXXXXXXXXXX'],
      kept: ['Error: Request to', 'failed with status 404: no_service'],
    },
  ],

  'Google keys': [
    {
      says: "a Google API error loses the API key",
      text: 'Error: API key not valid. Please pass a valid API key. (AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY)',
      gone: ['AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY', '9tSrke72'],
      kept: ['Error: API key not valid. Please pass a valid API key.'],
    },
    {
      says: "the Firebase web SDK's config error loses the key and keeps its error code",
      text: 'FirebaseError: Firebase: Error (auth/api-key-not-valid.-please-pass-a-valid-api-key.) apiKey=AIzaSyBx1c2d3e4f5g6h7i8j9k0lMnOpQrStUvW',
      gone: ['AIzaSyBx1c2d3e4f5g6h7i8j9k0lMnOpQrStUvW'],
      kept: ['FirebaseError: Firebase: Error (auth/api-key-not-valid.-please-pass-a-valid-api-key.)'],
    },
    {
      says: 'a key in JSON goes and its name stays',
      text: 'Error: Invalid Google Maps config {"apiKey": "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW"}',
      gone: ['AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW'],
      kept: ['Error: Invalid Google Maps config', 'apiKey'],
    },
    {
      says: 'an OAuth access token (ya29.) goes',
      text: 'GaxiosError: Invalid Credentials, access token ya29.a0AfH6SMBx3k9Lq2wErTy7uIoPz5XcVbNm used by googleapis',
      gone: ['ya29.', 'a0AfH6SMBx3k9Lq2wErTy7uIoPz5XcVbNm'],
      kept: ['GaxiosError: Invalid Credentials, access token', 'used by googleapis'],
    },
    {
      says: 'an OAuth client secret (GOCSPX-) goes',
      text: 'Error: invalid_client: The OAuth client was not found. client 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',
      gone: ['GOCSPX-', '1a2B3c4D5e6F7g8H9i0J1k2L3m4N'],
      kept: ['Error: invalid_client: The OAuth client was not found.'],
    },
  ],

  'npm tokens': [
    {
      says: "npm's 401 loses an automation token",
      text: 'npm ERR! 401 Unauthorized - PUT https://registry.npmjs.org/@acme%2fwidgets - token npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
      gone: ['npm_', 'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'acme'],
      kept: ['npm ERR! 401 Unauthorized - PUT'],
    },
    {
      says: 'an _authToken line from .npmrc goes',
      text: 'Error: Failed to replace env in config: //registry.npmjs.org/:_authToken=npm_Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa',
      gone: ['npm_', 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa'],
      kept: ['Error: Failed to replace env in config'],
    },
    {
      says: 'a granular access token goes from an EOTP error',
      text: 'npm ERR! code EOTP This operation requires a one-time password, token npm_1234567890abcdefghijABCDEFGHIJklmnop',
      gone: ['npm_', '1234567890abcdefghij'],
      kept: ['npm ERR! code EOTP This operation requires a one-time password'],
    },
    {
      says: 'an NPM_TOKEN variable loses its value',
      text: 'Error: NPM_TOKEN: npm_QwErTyUiOpAsDfGhJkLzXcVbNm0987654321 is not authorized to publish',
      gone: ['npm_', 'QwErTyUiOpAsDfGhJkLzXcVbNm0987654321'],
      kept: ['is not authorized to publish'],
    },
    {
      says: 'a token in a JSON registry response goes',
      text: 'Error: E403 {"error":"forbidden","token":"npm_MnBvCxZlKjHgFdSaPoIuYtReWq1029384756"}',
      gone: ['npm_', 'MnBvCxZlKjHgFdSaPoIuYtReWq1029384756'],
      kept: ['Error: E403', '"error":"forbidden"'],
    },
  ],

  'OpenAI and Anthropic keys': [
    {
      says: "OpenAI's incorrect key error loses the key as OpenAI masks it",
      text: 'AuthenticationError: 401 Incorrect API key provided: sk-proj-********************************************abcd. You can find your API key at https://platform.openai.com/account/api-keys.',
      gone: ['sk-proj-', 'abcd'],
      kept: ['AuthenticationError: 401 Incorrect API key provided', 'You can find your API key at'],
    },
    {
      says: 'an unmasked project key goes',
      text: 'Error: OpenAI client rejected sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z_Z7aB0cD3eF6 (invalid_api_key)',
      gone: ['sk-proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'],
      kept: ['Error: OpenAI client rejected', '(invalid_api_key)'],
    },
    {
      says: 'a legacy sk- key goes',
      text: 'Error: Request failed with status code 401 using key sk-9xQ2mL7vN4pR1tY8wK3jH6gF5dS0aZcV',
      gone: ['sk-9xQ2mL7vN4pR1tY8wK3jH6gF5dS0aZcV', '9xQ2mL7v'],
      kept: ['Error: Request failed with status code 401 using key'],
    },
    {
      says: "an Anthropic key goes from the SDK's authentication error",
      text: 'AuthenticationError: 401 invalid x-api-key sk-ant-api03-Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa-AbCdEf',
      gone: ['sk-ant-', 'Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa'],
      kept: ['AuthenticationError: 401 invalid x-api-key'],
    },
    {
      says: 'a key in an OPENAI_API_KEY assignment goes and its name stays',
      text: 'Error: OPENAI_API_KEY=sk-proj-Qw9Er8Ty7Ui6Op5As4Df3Gh2Jk1Lz0Xc is not valid for this organization',
      gone: ['sk-proj-', 'Qw9Er8Ty7Ui6Op5As4Df3Gh2Jk1Lz0Xc'],
      kept: ['Error: OPENAI_API_KEY=', 'is not valid for this organization'],
    },
  ],

  'PEM blocks': [
    {
      says: 'a private key pasted into a message goes whole, header, body and footer',
      text: 'Error: error:1E08010C:DECODER routines::unsupported -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi\nZ1rG8NQ3xpVvK2Lq9w==\n-----END RSA PRIVATE KEY----- is not supported',
      gone: ['BEGIN', 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi', 'Z1rG8NQ3xpVvK2Lq9w'],
      kept: ['Error: error:1E08010C:DECODER routines::unsupported', 'is not supported'],
    },
    {
      says: 'a key from an environment variable with literal \\n goes whole',
      text: 'secretOrPrivateKey must be an asymmetric key when using RS256: -----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----',
      gone: ['BEGIN', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'],
      kept: ['secretOrPrivateKey must be an asymmetric key when using RS256'],
    },
    {
      says: 'a key cut off before its END line goes to the end of the text',
      text: 'Error: error:0909006C:PEM routines:get_name:no start line in -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5PzDsIYzxQ5lboAoGCCqGSM49',
      gone: ['BEGIN', 'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5PzDsIYzxQ5lboAoGCCqGSM49'],
      kept: ['Error: error:0909006C:PEM routines:get_name:no start line in'],
    },
    {
      says: 'a certificate goes from a TLS error',
      text: 'Error: unable to verify the first certificate -----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE----- (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
      gone: ['BEGIN', 'MIIDdzCCAl'],
      kept: ['Error: unable to verify the first certificate', '(UNABLE_TO_VERIFY_LEAF_SIGNATURE)'],
    },
    {
      says: 'a lone base64 body line of a key goes',
      text: "Error: error:1E08010C:DECODER routines::unsupported near 'MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDH+5kXn'",
      gone: ['MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDH', 'DH+5kXn'],
      kept: ['Error: error:1E08010C:DECODER routines::unsupported near'],
    },
  ],

  'secret key=value and JSON pairs': [
    {
      says: 'a password in an ADO.NET-style connection string loses its value and keeps its key',
      text: 'ConnectionError: Login failed for Server=tcp:sql.internal,1433;Database=shop;Password=Summer2024!;Encrypt=true',
      gone: ['Summer2024!'],
      kept: ['ConnectionError: Login failed for', 'Password='],
    },
    {
      says: 'a JSON body with a password and an api key loses both values',
      text: 'SyntaxError: Unexpected end of JSON input while parsing {"user":"ops","password":"hunter2!x","apiKey":"k_83hf72jd',
      gone: ['hunter2!x', 'k_83hf72jd'],
      kept: ['SyntaxError: Unexpected end of JSON input while parsing', '"password":'],
    },
    {
      says: 'an object printed by util.inspect loses its secret-named values',
      text: "Error: Invalid options { client_secret: 'c9f2-aa71-Qx', refresh_token: '1//0gLq8' }",
      gone: ['c9f2-aa71-Qx', '1//0gLq8'],
      kept: ['Error: Invalid options', 'client_secret:', 'refresh_token:'],
    },
    {
      says: 'a DB_PASSWORD read from the environment loses its value and keeps the words after it',
      text: 'SequelizeConnectionError: DB_PASSWORD: s3cr3t-p4ss is rejected by the server',
      gone: ['s3cr3t-p4ss'],
      kept: ['SequelizeConnectionError: DB_PASSWORD:', 'is rejected by the server'],
    },
    {
      says: 'a session cookie header loses every cookie',
      text: 'Error: Invalid request headers, Cookie: connect.sid=s%3AyE2abcdefGHIJ.xyz123; theme=dark; _ga=GA1.2.345',
      gone: ['yE2abcdefGHIJ', 'theme=dark', 'GA1.2.345'],
      kept: ['Error: Invalid request headers, Cookie:'],
    },
    {
      says: 'a PHP session id and an express-session id go',
      text: 'Error: session store failed for PHPSESSID=9a8b7c6d5e and connect.sid=s:Qm9vaGVsbG8',
      gone: ['9a8b7c6d5e', 'Qm9vaGVsbG8'],
      kept: ['Error: session store failed for'],
    },
    {
      says: "a Ruby-style hash's pass => value goes",
      text: 'ArgumentError: bad config {:user => "ops", :pass => "Tr0ub4dor&3"}',
      gone: ['Tr0ub4dor'],
      kept: ['ArgumentError: bad config'],
    },
  ],

  'e-mail addresses': [
    {
      says: "MongoDB's duplicate key error loses the e-mail and keeps E11000",
      text: 'MongoServerError: E11000 duplicate key error collection: shop.users index: email_1 dup key: { email: "alice.smith@example.com" }',
      gone: ['alice.smith', 'example.com'],
      kept: ['MongoServerError: E11000 duplicate key error collection', 'index: email_1 dup key:'],
    },
    {
      says: "PostgreSQL's unique violation detail loses the e-mail and keeps the column",
      text: 'error: duplicate key value violates unique constraint "users_email_key" Key (email)=(bob+shop@mail.example.org) already exists.',
      gone: ['bob+shop', 'mail.example.org'],
      kept: ['duplicate key value violates unique constraint "users_email_key"', 'Key (email)', 'already exists.'],
    },
    {
      says: "nodemailer's rejected recipient loses the address",
      text: 'Error: Mail command failed: 550 5.1.1 <carol.jones@corp.example.co.uk>: Recipient address rejected: User unknown',
      gone: ['carol.jones', 'corp.example.co.uk'],
      kept: ['Error: Mail command failed: 550 5.1.1', 'Recipient address rejected: User unknown'],
    },
    {
      says: "MySQL's duplicate entry loses the e-mail and keeps the key name",
      text: "Error: ER_DUP_ENTRY: Duplicate entry 'dave_99@example.io' for key 'users.email'",
      gone: ['dave_99', 'example.io'],
      kept: ['Error: ER_DUP_ENTRY: Duplicate entry', "for key 'users.email'"],
    },
    {
      says: 'an address in a Joi validation error goes',
      text: 'ValidationError: "email" with value "eve@@example" fails, did you mean eve@example.com?',
      gone: ['eve@', 'example.com'],
      kept: ['ValidationError: "email" with value', 'fails, did you mean'],
    },
  ],

  'IPv4 addresses': [
    {
      says: 'the ECONNREFUSED of pg keeps a loopback address and its port: they name no one',
      text: 'Error: connect ECONNREFUSED 127.0.0.1:5432',
      gone: [],
      kept: ['Error: connect ECONNREFUSED 127.0.0.1:5432'],
    },
    {
      says: 'the ECONNREFUSED of pg to a database on the network loses its address and port',
      text: 'Error: connect ECONNREFUSED 10.20.30.40:5432',
      gone: ['10.20.30.40', '5432'],
      kept: ['Error: connect ECONNREFUSED'],
    },
    {
      says: 'a Redis connection error loses both mentions of the address',
      text: 'Error: Redis connection to 192.168.1.20:6379 failed - connect ECONNREFUSED 192.168.1.20:6379',
      gone: ['192.168.1.20'],
      kept: ['Error: Redis connection to', 'failed - connect ECONNREFUSED'],
    },
    {
      says: 'a timeout loses an address at the end of a sentence',
      text: 'Error: connect ETIMEDOUT 10.0.12.7:443. Is the VPN up?',
      gone: ['10.0.12.7'],
      kept: ['Error: connect ETIMEDOUT', 'Is the VPN up?'],
    },
    {
      says: 'a rate limiter loses the client address',
      text: 'TooManyRequestsError: Too many requests from 203.0.113.42, please try again after 15 minutes',
      gone: ['203.0.113.42'],
      kept: ['TooManyRequestsError: Too many requests from', 'please try again after 15 minutes'],
    },
    {
      says: 'a forwarded-for list loses every address',
      text: "RangeError: Invalid X-Forwarded-For '198.51.100.7, 70.41.3.18' for trust proxy",
      gone: ['198.51.100.7', '70.41.3.18'],
      kept: ['RangeError: Invalid X-Forwarded-For', 'for trust proxy'],
    },
  ],

  'IPv6 addresses': [
    {
      says: "an ECONNREFUSED to a host on the network over IPv6 loses the address and its port",
      text: 'MongoServerSelectionError: connect ECONNREFUSED 2001:db8::17:27017',
      gone: ['2001:db8', '27017'],
      kept: ['MongoServerSelectionError: connect ECONNREFUSED'],
    },
    {
      says: "Node's ECONNREFUSED to localhost over IPv6 keeps ::1 and its port, the usual cause of the error",
      text: 'MongoServerSelectionError: connect ECONNREFUSED ::1:27017',
      gone: [],
      kept: ['MongoServerSelectionError: connect ECONNREFUSED ::1:27017'],
    },
    {
      says: 'a unique local address goes and the error stays',
      text: 'Error: listen EADDRNOTAVAIL: address not available fd12:3456:789a::1:3000',
      gone: ['fd12', '789a', '3000'],
      kept: ['Error: listen EADDRNOTAVAIL: address not available'],
    },
    {
      says: 'an IPv4-mapped address, as Express reports req.ip, goes whole',
      text: 'ForbiddenError: Access denied for ::ffff:10.0.0.7 by IP allow-list',
      gone: ['ffff', '10.0.0.7'],
      kept: ['ForbiddenError: Access denied for', 'by IP allow-list'],
    },
    {
      says: 'a bracketed address with a port goes',
      text: 'Error: connect ETIMEDOUT [2001:db8:85a3::8a2e:370:7334]:443',
      gone: ['2001:db8', '8a2e:370:7334'],
      kept: ['Error: connect ETIMEDOUT'],
    },
    {
      says: 'a link-local address with a zone goes',
      text: 'Error: connect EHOSTUNREACH fe80::1ff:fe23:4567:890a%eth0:8080 - Local (:::0)',
      gone: ['fe80', '890a', 'eth0'],
      kept: ['Error: connect EHOSTUNREACH', 'Local'],
    },
    {
      says: 'a full eight-group address goes',
      text: 'Error: getaddrinfo returned 2001:0db8:85a3:0000:0000:8a2e:0370:7334 which is blocked',
      gone: ['2001:0db8', '0370:7334'],
      kept: ['Error: getaddrinfo returned', 'which is blocked'],
    },
  ],

  'card numbers': [
    {
      says: 'a card number in a Joi error goes',
      text: 'ValidationError: "cardNumber" with value "4242424242424242" fails to match the required pattern',
      gone: ['4242424242424242'],
      kept: ['ValidationError: "cardNumber" with value', 'fails to match the required pattern'],
    },
    {
      says: 'a card number with spaces goes',
      text: 'PaymentError: card 4111 1111 1111 1111 was declined (insufficient_funds)',
      gone: ['4111 1111', '1111 1111'],
      kept: ['PaymentError: card', 'was declined (insufficient_funds)'],
    },
    {
      says: 'a card number with dashes goes',
      text: 'Error: Luhn check failed for 5555-5555-5555-4444',
      gone: ['5555-5555', '4444'],
      kept: ['Error: Luhn check failed for'],
    },
    {
      says: 'a fifteen-digit Amex number goes',
      text: 'CardError: Your card number is incorrect. (378282246310005)',
      gone: ['378282246310005'],
      kept: ['CardError: Your card number is incorrect.'],
    },
    {
      says: 'a card number as a key=value in a log line goes',
      text: 'Error: gateway timeout, card_number=6011111111111117 amount=4200',
      gone: ['6011111111111117'],
      kept: ['Error: gateway timeout', 'amount=4200'],
    },
  ],

  UUIDs: [
    {
      says: "Prisma's record not found loses the id",
      text: "NotFoundError: No User found with id 'c56a4180-65aa-42ec-a945-5fd21dec0538'",
      gone: ['c56a4180', '5fd21dec0538'],
      kept: ['NotFoundError: No User found with id'],
    },
    {
      says: "PostgreSQL's foreign key detail loses the uuid value",
      text: 'error: insert or update on table "orders" violates foreign key constraint "orders_user_id_fkey" Key (user_id)=(3fa85f64-5717-4562-b3fc-2c963f66afa6) is not present in table "users".',
      gone: ['3fa85f64', '2c963f66afa6'],
      kept: ['violates foreign key constraint "orders_user_id_fkey"', 'Key (user_id)', 'is not present in table "users".'],
    },
    {
      says: "TypeORM's query error loses an invalid uuid",
      text: 'QueryFailedError: invalid input syntax for type uuid: "123e4567-e89b-12d3-a456-42661417400"',
      gone: ['123e4567', '42661417400'],
      kept: ['QueryFailedError: invalid input syntax for type uuid'],
    },
    {
      says: 'an upper-case uuid goes',
      text: 'Error: Session 9F2B6E1A-4C3D-4E5F-8A9B-0C1D2E3F4A5B not found',
      gone: ['9F2B6E1A', '0C1D2E3F4A5B'],
      kept: ['Error: Session', 'not found'],
    },
    {
      says: 'a request id in brackets goes',
      text: 'ServiceUnavailable: Service is unavailable [requestId: 7d444840-9dc0-11d1-b245-5ffdce74fad2]',
      gone: ['7d444840', '5ffdce74fad2'],
      kept: ['ServiceUnavailable: Service is unavailable', 'requestId:'],
    },
  ],

  'long hex runs': [
    {
      says: "Mongoose's cast error loses the ObjectId",
      text: 'CastError: Cast to ObjectId failed for value "5f8d0d55b54764421b7156c9" (type string) at path "_id" for model "User"',
      gone: ['5f8d0d55b54764421b7156c9'],
      kept: ['CastError: Cast to ObjectId failed for value', '(type string) at path "_id" for model "User"'],
    },
    {
      says: 'a checksum mismatch loses the digest',
      text: 'Error: Checksum mismatch: expected 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      gone: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
      kept: ['Error: Checksum mismatch: expected'],
    },
    {
      says: 'an address with 0x goes',
      text: 'Error: insufficient funds for gas * price + value: address 0x71C7656EC7ab88b098defB751B7401B5f6d8976F',
      gone: ['71C7656EC7ab88b098defB751B7401B5f6d8976F'],
      kept: ['Error: insufficient funds for gas * price + value: address'],
    },
    {
      says: 'an MD5 session id goes',
      text: 'Error: Failed to deserialize user out of session 6b86b273ff34fce19d6b804eff5a3f57',
      gone: ['6b86b273ff34fce19d6b804eff5a3f57'],
      kept: ['Error: Failed to deserialize user out of session'],
    },
    {
      says: 'a git commit hash goes',
      text: 'Error: Command failed: git checkout 4b825dc642cb6eb9a060e54bf8d69288fbee4904 error: pathspec did not match',
      gone: ['4b825dc642cb6eb9a060e54bf8d69288fbee4904'],
      kept: ['Error: Command failed: git checkout', 'error: pathspec did not match'],
    },
  ],

  'long base64 runs': [
    {
      says: 'an npm integrity hash goes',
      text: 'npm ERR! code EINTEGRITY sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUR6nBe== integrity checksum failed',
      gone: ['z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg', 'SpIdNs6c5H0NE8XYXysP', 'DGNKHfuwvY7kxvUR6nBe'],
      kept: ['npm ERR! code EINTEGRITY', 'integrity checksum failed'],
    },
    {
      says: 'a base64 blob in a decryption error goes',
      text: 'Error: error:1C800064:Provider routines::bad decrypt while decrypting U2FsdGVkX1+vupppZksvRf5pq5g5XjFRlipRkwB0K1Y=',
      gone: ['U2FsdGVkX1', 'vupppZksvRf5pq5g5XjFRlipRkwB0K1Y'],
      kept: ['Error: error:1C800064:Provider routines::bad decrypt while decrypting'],
    },
    {
      says: 'an AWS session token goes',
      text: 'ExpiredTokenException: The security token included in the request is expired: IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD',
      gone: ['IQoJb3JpZ2luX2VjEJr', 'wEaCXVzLWVhc3QtMSJHMEUCIQD'],
      kept: ['ExpiredTokenException: The security token included in the request is expired'],
    },
    {
      says: 'a base64url refresh token goes',
      text: 'OAuthError: refresh failed for MTQ0NjJkZmQ5OTM2NDE1ZTZjNGZmZjI3_x-9Yb, retry later',
      gone: ['MTQ0NjJkZmQ5OTM2NDE1ZTZjNGZmZjI3', 'x-9Yb'],
      kept: ['OAuthError: refresh failed for', 'retry later'],
    },
    {
      says: 'a key with + and two / goes whole, not split where a path would start',
      text: 'Error: bad decrypt for key Xq3mPz8LkR2vNw5+Tg7/Hc4Yb9/Jd6Fs1QaUe0= (wrong final block length)',
      gone: ['Xq3mPz8LkR2vNw5', 'Tg7', 'Jd6Fs1QaUe0'],
      kept: ['Error: bad decrypt for key', '(wrong final block length)'],
    },
    {
      says: 'a multipart boundary goes and the MIME type stays',
      text: 'Error: Multipart: Boundary not found in multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW',
      gone: ['7MA4YWxkTrZu0gW'],
      kept: ['Error: Multipart: Boundary not found in multipart/form-data'],
    },
  ],

  'POSIX paths': [
    {
      says: 'a path into node_modules leaves only the package that failed',
      text: "Error: Cannot find module '/home/alice/shop-api/node_modules/bcrypt/lib/binding/napi-v3/bcrypt_lib.node'",
      gone: ['alice', 'shop-api', 'binding', 'bcrypt_lib'],
      kept: ["Error: Cannot find module 'bcrypt'"],
    },
    {
      says: "fs's ENOENT loses a home directory path, user and project",
      text: "Error: ENOENT: no such file or directory, open '/home/alice/projects/shop-api/config/secrets.json'",
      gone: ['alice', 'shop-api', 'secrets.json'],
      kept: ['Error: ENOENT: no such file or directory, open'],
    },
    {
      says: 'a macOS user path loses the user and the project',
      text: "Error: Cannot find module '/Users/bob/code/invoicer/src/server.js'",
      gone: ['bob', 'invoicer', 'server.js'],
      kept: ['Error: Cannot find module'],
    },
    {
      says: 'an unquoted path with line and column goes whole',
      text: 'SyntaxError: /srv/acme-portal/routes/admin.ts:42:7: Unexpected token, expected ","',
      gone: ['acme-portal', 'admin.ts', ':42:7'],
      kept: ['SyntaxError:', 'Unexpected token, expected'],
    },
    {
      says: 'a dotfile in the home directory goes',
      text: "EACCES: permission denied, open '~/.npmrc'",
      gone: ['.npmrc'],
      kept: ['EACCES: permission denied, open'],
    },
    {
      says: "Express's view lookup loses the views directory",
      text: 'Error: Failed to lookup view "index" in views directory "/var/www/carol-blog/views"',
      gone: ['carol-blog', '/var/www'],
      kept: ['Error: Failed to lookup view "index" in views directory'],
    },
    {
      says: "a path with a space in it, as fs quotes it, goes whole",
      text: "Error: EISDIR: illegal operation on a directory, read '/Users/Dana Scully/My Project/notes'",
      gone: ['Dana', 'Scully', 'My Project', 'notes'],
      kept: ['Error: EISDIR: illegal operation on a directory, read'],
    },
  ],

  'Windows paths': [
    {
      says: "fs's ENOENT loses a C:\\Users path",
      text: "Error: ENOENT: no such file or directory, open 'C:\\Users\\alice\\shop\\.env'",
      gone: ['alice', 'shop', '.env'],
      kept: ['Error: ENOENT: no such file or directory, open'],
    },
    {
      says: 'EPERM on a rename loses both paths',
      text: "Error: EPERM: operation not permitted, rename 'C:\\Users\\bob\\AppData\\Local\\Temp\\upload-1.tmp' -> 'D:\\data\\bob-invoices\\march.pdf'",
      gone: ['bob', 'upload-1.tmp', 'bob-invoices', 'march.pdf'],
      kept: ['Error: EPERM: operation not permitted, rename'],
    },
    {
      says: 'a UNC path loses the server, share and file',
      text: 'Error: EBUSY: resource busy or locked, open \\\\fileserver\\finance\\payroll-2024.xlsx',
      gone: ['fileserver', 'finance', 'payroll-2024.xlsx'],
      kept: ['Error: EBUSY: resource busy or locked, open'],
    },
    {
      says: 'a Windows path with forward slashes goes',
      text: 'Error: Cannot find module C:/Users/carol/dev/tracker/dist/index.js',
      gone: ['carol', 'tracker', 'index.js'],
      kept: ['Error: Cannot find module'],
    },
    {
      says: 'a JSON-escaped Windows path goes',
      text: 'Error: Invalid config {"root":"C:\\\\Users\\\\dave\\\\work\\\\crm"}',
      gone: ['dave', 'crm'],
      kept: ['Error: Invalid config'],
    },
    {
      says: 'a path with a space under Program Files goes whole',
      text: 'Error: spawn C:\\Program Files\\Acme Tools\\acmectl.exe ENOENT',
      gone: ['Acme', 'acmectl.exe'],
      kept: ['Error: spawn', 'ENOENT'],
    },
  ],

  'quoted data': [
    {
      says: "Node 20's JSON.parse error loses the quoted start of the body and keeps the token",
      text: 'SyntaxError: Unexpected token \'I\', "Internal S"... is not valid JSON',
      gone: ['Internal S'],
      kept: ["SyntaxError: Unexpected token 'I',", 'is not valid JSON'],
    },
    {
      says: "PostgreSQL's syntax error loses user input",
      text: 'error: invalid input syntax for type integer: "twenty five"',
      gone: ['twenty five'],
      kept: ['error: invalid input syntax for type integer'],
    },
    {
      says: 'a quoted value with an apostrophe inside goes whole',
      text: 'ValidationError: comment "it\'s my password, hunter two" is too long',
      gone: ['my password', 'hunter two'],
      kept: ['ValidationError: comment', 'is too long'],
    },
    {
      says: 'curly-quoted data goes',
      text: 'Error: Unknown customer \u201cJane Q. Public, 12 Elm St\u201d in invoice',
      gone: ['Jane Q. Public', 'Elm St'],
      kept: ['Error: Unknown customer', 'in invoice'],
    },
    {
      says: "Mongoose's cast error loses the value but keeps the path and model names",
      text: 'CastError: Cast to Number failed for value "not a number" (type string) at path "age" for model "Person"',
      gone: ['not a number'],
      kept: ['CastError: Cast to Number failed for value', 'at path "age" for model "Person"'],
    },
    {
      says: "Mongoose's length validator loses the rejected password but keeps the path",
      text: 'ValidationError: User validation failed: password: Path `password` (`hunter2`) is shorter than the minimum allowed length (8).',
      gone: ['hunter2'],
      kept: ['ValidationError: User validation failed: password: Path `password`', 'is shorter than the minimum allowed length (8).'],
    },
    {
      says: "MongoDB's duplicate key loses a user name that would pass for an identifier",
      text: 'MongoServerError: E11000 duplicate key error collection: app.users index: username_1 dup key: { username: "jsmith" }',
      gone: ['jsmith'],
      kept: ['MongoServerError: E11000 duplicate key error collection: app.users index: username_1 dup key:'],
    },
    {
      says: "PostgreSQL's unique violation loses an unquoted user name in its detail",
      text: 'error: duplicate key value violates unique constraint "users_username_key" Key (username)=(jsmith) already exists.',
      gone: ['jsmith'],
      kept: ['duplicate key value violates unique constraint "users_username_key"', 'Key (username)', 'already exists.'],
    },
    {
      says: "pg's authentication failure loses the user name and keeps the word user",
      text: 'error: password authentication failed for user "shop_owner"',
      gone: ['shop_owner'],
      kept: ['error: password authentication failed for user'],
    },
  ],
};

describe('redact removes secrets and keeps the error', () => {
  for (const [category, cases] of Object.entries(REMOVED)) {
    describe(category, () => {
      test('has at least five realistic cases', () => assert.ok(cases.length >= 5, `${category}: ${cases.length}`));
      for (const entry of cases) test(entry.says, () => assertRedacted(entry));
    });
  }
});

/** Messages redact() must return unchanged: every word in them says what the error is. */
const UNCHANGED: readonly { says: string; text: string }[] = [
  { says: 'a TypeError keeps its property in quotes', text: "TypeError: Cannot read properties of undefined (reading 'map')" },
  { says: 'an index in quotes is a small number and stays', text: "TypeError: Cannot read properties of undefined (reading '0')" },
  { says: 'a Node error code stays', text: 'Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client' },
  { says: 'a long Sequelize error name stays', text: 'SequelizeUniqueConstraintError: Validation error' },
  { says: 'long error names with digits stay', text: 'Error [ERR_HTTP2_STREAM_ERROR]: Stream closed with error code NGHTTP2_PROTOCOL_ERROR' },
  { says: 'an OpenSSL code and its :: separator stay', text: 'Error: error:0308010C:digital envelope routines::unsupported (ERR_OSSL_EVP_UNSUPPORTED)' },
  { says: 'a TLS code stays', text: 'Error: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)' },
  { says: 'ECONNREFUSED with no address stays', text: 'connect ECONNREFUSED' },
  { says: 'a MIME type stays', text: 'UnsupportedMediaTypeError: unsupported content type application/json' },
  { says: 'a long MIME type stays', text: 'Error: Content-Type application/x-www-form-urlencoded is not supported' },
  { says: 'a quoted MIME type stays', text: 'Error: Content-Type "application/json" is required' },
  { says: 'a package name in quotes stays', text: "Error: Cannot find module 'express'" },
  { says: 'a scoped package name stays', text: "Error: Cannot find module '@prisma/client'" },
  { says: "a package's subpath stays", text: "Error: Cannot find module 'react-dom/client'" },
  { says: 'a node: built-in stays', text: "Error: No such built-in module: 'node:test'" },
  { says: 'a status code stays', text: 'AxiosError: Request failed with status code 404' },
  { says: 'the word token in a JSON error stays', text: 'SyntaxError: Unexpected token < in JSON at position 0' },
  { says: 'a quoted keyword after token stays', text: "SyntaxError: Unexpected token 'export'" },
  { says: 'a quoted file extension stays', text: 'TypeError [ERR_UNKNOWN_FILE_EXTENSION]: Unknown file extension ".ts"' },
  { says: 'a quoted loopback address stays', text: "Can't reach database server at `localhost:5432`" },
  { says: "a minifier's token kind after a colon stays", text: 'SyntaxError: Unexpected token: punc (<)' },
  { says: 'quoted punctuation in a JSON error stays', text: "SyntaxError: Expected ',' or '}' after property value in JSON at position 15" },
  { says: "the AWS SDK's sentence about a security token stays", text: 'UnrecognizedClientException: The security token included in the request is invalid.' },
  { says: "MongoDB's bad auth stays, though auth is a secret key name", text: 'MongoServerError: bad auth : Authentication failed.' },
  { says: "Mongoose's required validator keeps its path", text: 'ValidationError: User validation failed: password: Path `password` is required.' },
  { says: "MySQL's using password: YES stays", text: "Error: ER_ACCESS_DENIED_ERROR: Access denied for user (using password: YES)" },
  { says: 'a header saying Bearer undefined stays', text: 'UnauthorizedError: invalid header, Authorization: Bearer undefined' },
  { says: 'jsonwebtoken messages stay', text: 'JsonWebTokenError: jwt malformed; invalid signature; jwt must be provided' },
  { says: 'secretOrPrivateKey stays', text: 'Error: secretOrPrivateKey must have a value' },
  { says: "pg's relation name in quotes stays", text: 'error: relation "users" does not exist' },
  { says: "a constraint's name in quotes stays", text: 'error: duplicate key value violates unique constraint "users_email_key"' },
  { says: 'an HTTP version stays', text: 'Error: Parse Error: Expected HTTP/1.1 but got HTTP/2' },
  { says: 'a route with one segment stays', text: 'Error: Cannot GET /health' },
  { says: 'ordinary words with a colon stay', text: 'Error: Invalid token: jwt malformed' },
  { says: 'a Firebase auth code stays', text: 'FirebaseError: Firebase: Error (auth/invalid-credential).' },
  { says: 'a passport strategy name stays', text: 'Error: Unknown authentication strategy "jwt"' },
  { says: 'a payload limit message stays', text: 'PayloadTooLargeError: request entity too large' },
  { says: 'a retry-after count stays', text: 'TooManyRequestsError: Too many requests, retry after 60 seconds' },
  { says: 'a call in backticks stays', text: 'MongooseError: Operation `users.findOne()` buffering timed out after 10000ms' },
  { says: "mocha's quoted done() stays", text: 'Error: Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called; if returning a Promise, ensure it resolves.' },
  { says: 'a condition named like a secret key is not a key', text: 'JWTExpired: "exp" claim timestamp check failed' },
  { says: 'an error named like a secret key is not a key', text: 'OAuthError: invalid_grant' },
  { says: 'a loopback address and its port stay: they say the service is local', text: 'Error: connect ECONNREFUSED 127.0.0.1:5432' },
  { says: 'the IPv6 loopback and its port stay, as Node prints them', text: 'MongoServerSelectionError: connect ECONNREFUSED ::1:27017' },
  { says: 'the any-address and its port stay', text: 'Error: listen EADDRINUSE: address already in use :::3000' },
  { says: 'the IPv4 any-address stays', text: 'Error: listen EADDRINUSE: address already in use 0.0.0.0:8080' },
  { says: 'localhost stays', text: 'Error: getaddrinfo ENOTFOUND localhost' },
  { says: 'the npm registry, a public host, stays', text: 'FetchError: request failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org' },
  { says: 'a method on a logger is not a host', text: 'TypeError: logger.info is not a function' },
  { says: 'a property chain is not a host', text: 'TypeError: Cannot read properties of undefined (reading req.app.locals)' },
  { says: 'a file name is not a host', text: 'Error: Cannot find README.md or package.json in the project' },
  { says: 'socket.io is a package, not a host', text: "Error: Cannot find module 'socket.io'" },
  { says: 'a date is not a phone number', text: 'Error: Lock expired on 2024-05-01 at 12:30' },
  { says: 'a version triple is not a phone number', text: 'Error: engine node 18.17.1 is not supported' },
  { says: "gcc's -pthread flag is not a password", text: 'Error: Command failed: gcc -pthread -o addon addon.c' },
  { says: 'a flag named like a secret, followed by prose, keeps the prose', text: 'Error: option --token is required' },
  { says: "an API key said to be missing keeps the word", text: 'Error: API key: missing' },
  { says: 'prose after an API key phrase stays', text: 'Error: Invalid API key: please check your dashboard' },
];

describe('redact keeps what names the error', () => {
  for (const { says, text } of UNCHANGED) {
    test(says, () => assert.equal(redact(text), text));
  }
});

describe('redact over thousands of generated messages', () => {
  const MESSAGES = 4_000;

  test('every secret shape finds the secrets it stands for', () => {
    const random = new Random(7);
    for (const { kind, make, shape } of SECRET_KINDS) {
      for (let i = 0; i < 50; i += 1) {
        const { text } = make(random);
        if (shape) assert.match(text, shape, `${kind}: ${text}`);
      }
    }
  });

  test('no secret shape matches a template with its slots emptied, so a match after redaction is a leak', () => {
    for (const template of TEMPLATES) {
      const out = redact(template.text.replaceAll('{}', ''));
      for (const { kind, shape } of SECRET_KINDS) {
        if (shape) assert.doesNotMatch(out, shape, `${kind} in template: ${template.text}`);
      }
    }
  });

  test(`in ${MESSAGES} messages no secret survives and every error word stays`, () => {
    const random = new Random(20_240_601);
    const failures: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < MESSAGES; i += 1) {
      const message = randomMessage(random);
      const out = redact(message.text);
      const problems: string[] = [];
      for (const secret of message.secrets) {
        seen.add(secret.kind);
        if (out.includes(secret.text)) problems.push(`${secret.kind} survived whole`);
        for (const part of secret.parts) if (out.includes(part)) problems.push(`${secret.kind}: ${JSON.stringify(part)} survived`);
      }
      for (const { kind, shape } of SECRET_KINDS) {
        const found = shape?.exec(out);
        if (found) problems.push(`something shaped like a ${kind} survived: ${JSON.stringify(found[0])}`);
      }
      for (const words of message.keep) if (!out.includes(words)) problems.push(`lost ${JSON.stringify(words)}`);
      if (problems.length > 0) failures.push(`${problems.join('; ')}\n    in:  ${JSON.stringify(message.text)}\n    out: ${JSON.stringify(out)}`);
    }
    assert.equal(seen.size, SECRET_KINDS.length, 'every kind of secret was generated');
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${MESSAGES} messages leaked or lost words`);
  });
});

describe('extra rules', () => {
  test('a non-global pattern removes every match, not only the first', () => {
    const out = redact('Order ACME-1234 failed, retry of ACME-99 failed too', [/ACME-\d+/]);
    assert.equal(out, 'Order failed, retry of failed too');
  });

  test('the same non-global pattern removes every match again on the next call', () => {
    const rule = /ACME-\d+/;
    redact('ACME-1 ACME-2', [rule]);
    assert.equal(redact('Order ACME-1234 and ACME-5678 failed', [rule]), 'Order and failed');
    assert.equal(rule.lastIndex, 0);
  });

  test('a global pattern removes every match on every call', () => {
    const rule = /ACME-\d+/g;
    assert.equal(redact('ACME-1 and ACME-2 failed', [rule]), 'and failed');
    assert.equal(redact('ACME-3 and ACME-4 failed', [rule]), 'and failed');
  });

  test("a pattern keeps its own flags: case-insensitive stays case-insensitive", () => {
    assert.equal(redact('tenant Acme-77 is over quota', [/acme-\d+/i]), 'tenant is over quota');
  });

  test('a function rule rewrites the text', () => {
    assert.equal(redact('Invoice INV-2024-0042 could not be rendered', [(text) => text.replace(/INV-[\d-]+/g, 'INV')]), 'Invoice INV could not be rendered');
  });

  test('extra rules run after the built-in ones, on text already redacted', () => {
    const seen: string[] = [];
    redact('connect ECONNREFUSED 10.0.0.5:5432 for ops@example.com', [(text) => (seen.push(text), text)]);
    assert.deepEqual(seen, ['connect ECONNREFUSED for']);
  });

  test('rules run in order, each on the output of the one before', () => {
    assert.equal(redact('alpha beta', [(text) => text.replace('alpha', 'gamma'), /gamma/]), 'beta');
  });
});

describe('removeQuotedData', () => {
  test('removes quoted data and keeps short identifiers', () => {
    assert.equal(
      removeQuotedData(`reading 'map' in 'express' from '@prisma/client' with "two words" and 'x y'`),
      `reading 'map' in 'express' from '@prisma/client' with   and  `,
    );
  });

  test('does not take apostrophes inside words for quotes', () => {
    assert.equal(removeQuotedData("Can't find the user's profile"), "Can't find the user's profile");
  });
});

describe('redact on hostile input', () => {
  const HOSTILE: Record<string, string> = {
    'a-a-a-': 'a-'.repeat(1_000),
    '////': '/'.repeat(2_000),
    '::::': ':'.repeat(2_000),
    'alternating quotes': `'"`.repeat(1_000),
    'apostrophes in words': "a'a ".repeat(500),
    backticks: '`'.repeat(2_000),
    'a@a@': 'a@'.repeat(1_000),
    'a:a:': 'a:'.repeat(1_000),
    'a.a.a.@': `${'a.'.repeat(999)}@`,
    'a\\a\\': '\\a'.repeat(1_000),
    'password=password=': 'password='.repeat(222),
    tokentoken: 'token'.repeat(400),
    'token token': 'token '.repeat(333),
    'eyJ a.a.a.': `eyJ${'a.'.repeat(998)}`,
    'hex-ish 0:0:': '0:'.repeat(1_000),
    'ffff:ffff:': 'ffff:'.repeat(400),
    'a::a::': 'a::'.repeat(666),
    '1.1.1.1.': '1.'.repeat(1_000),
    'digits and spaces': '1 '.repeat(1_000),
    'PEM headers': '-----BEGIN A-----'.repeat(117),
    'C:\\C:\\': 'C:\\'.repeat(666),
    '?a?a': '?a'.repeat(1_000),
    'cookie headers': 'Cookie: a=1; '.repeat(153),
    'dup key braces': 'dup key: {'.repeat(200),
    'Key (a)=(': 'Key (a)=('.repeat(222),
    'mixed punctuation': 'a-a/a:a@a.a\\a"a\'a`'.repeat(111),
    'long word': 'a'.repeat(2_000),
    'hex then a letter': `${'f'.repeat(1_999)}g`,
  };

  for (const [name, text] of Object.entries(HOSTILE)) {
    test(`${name} (${text.length} characters) is redacted in well under 50 ms`, () => {
      redact(text);
      const started = performance.now();
      redact(text);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 50, `${elapsed.toFixed(1)} ms`);
    });
  }
});
