// Real error messages of the libraries apps use, holding secrets and personal data, in ASCII and other scripts.
// Each entry says how its message was obtained: `run` entries produce it at test time by running the
// library here (against a closed loopback port, a host under .invalid that never resolves (ENOTFOUND,
// or EAI_AGAIN where no resolver answers: the kept words leave the code open), a loopback
// server that answers 401, a binary that is not there); `documented` entries quote the library's or
// server's own format, with where it is written down, for messages that need a real server or account.
import { execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import axios from 'axios';
import got from 'got';
import { MongoClient } from 'mongodb';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { createClient } from 'redis';
import { Sequelize } from 'sequelize';
import { closedPort } from './helpers.js';

export interface LeakCase {
  readonly library: string;
  readonly says: string;
  /** `run`: produced here by running the library; `documented`: the library's or server's own format. */
  readonly how: 'run' | 'documented';
  /** For `documented` cases: where the format is written down. */
  readonly source?: string;
  readonly message: string | (() => Promise<string>);
  /** Parts that must not leave the machine. */
  readonly secrets: readonly string[];
  /** Words that say what the error is, and must stay. */
  readonly kept: readonly string[];
}

/** A loopback server that answers every request 401, for the HTTP clients' status errors. */
async function unauthorizedServer(): Promise<{ port: number; close: () => void }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end('{"error":"unauthorized"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

/** The message of what `attempt` throws (or rejects with); fails the case if nothing is thrown. */
async function messageOf(attempt: () => unknown): Promise<string> {
  try {
    await attempt();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected the library to throw');
}

export const LEAK_CORPUS: readonly LeakCase[] = [
  // --- pg ----------------------------------------------------------------------------------------
  {
    library: 'pg',
    says: 'Client.connect() with a password to a host that does not resolve names the host',
    how: 'run',
    message: () => messageOf(() => new pg.Client({ host: 'db-primary.acme-shop.invalid', user: 'shop_owner', password: 'Hunter2!pw', database: 'orders' }).connect()),
    secrets: ['db-primary', 'acme-shop'],
    kept: ['getaddrinfo'],
  },
  {
    library: 'pg',
    says: 'a connection string whose password holds a quote, to a host that does not resolve',
    how: 'run',
    message: () => messageOf(() => new pg.Client({ connectionString: 'postgres://ann:S3cr"et@pg.acme-shop.invalid:5432/orders' }).connect()),
    secrets: ['pg.acme-shop'],
    kept: ['getaddrinfo'],
  },
  {
    library: 'pg',
    says: 'a unique violation with its detail, as apps log message and detail together: the e-mail goes, the key stays',
    how: 'documented',
    source: 'PostgreSQL unique_violation (23505) message and DETAIL, https://www.postgresql.org/docs/current/errcodes-appendix.html; node-postgres puts DETAIL in err.detail',
    message: 'duplicate key value violates unique constraint "users_email_key" Key (email)=(ann.lee@acme-shop.com) already exists.',
    secrets: ['ann.lee', 'acme-shop.com'],
    kept: ['duplicate key value violates unique constraint "users_email_key"', 'Key (email)', 'already exists.'],
  },
  {
    library: 'pg',
    says: 'a unique violation on an expression index: brackets nest inside the key and the value',
    how: 'documented',
    source: 'PostgreSQL 23505 DETAIL for an expression index, Key (lower((email)::text))=(...)',
    message: 'duplicate key value violates unique constraint "users_lower_email_idx" Key (lower((email)::text))=(josé.garcía@correo-ejemplo.es) already exists.',
    secrets: ['josé', 'garcía', 'correo-ejemplo'],
    kept: ['duplicate key value violates unique constraint', 'already exists.'],
  },
  {
    library: 'pg',
    says: 'an authentication failure names a user in Cyrillic',
    how: 'documented',
    source: 'PostgreSQL 28P01 invalid_password: password authentication failed for user "%s"',
    message: 'password authentication failed for user "иван_петров"',
    secrets: ['иван_петров'],
    kept: ['password authentication failed for user'],
  },
  {
    library: 'pg',
    says: 'pg_hba rejection names the client address, the user and the database',
    how: 'documented',
    source: 'PostgreSQL 28000: no pg_hba.conf entry for host "%s", user "%s", database "%s", %s',
    message: 'no pg_hba.conf entry for host "10.0.4.17", user "ann", database "orders_prod", SSL off',
    secrets: ['10.0.4.17', 'orders_prod'],
    kept: ['no pg_hba.conf entry for host', 'SSL off'],
  },

  // --- mysql2 ------------------------------------------------------------------------------------
  {
    library: 'mysql2',
    says: 'createConnection() with a password to a host that does not resolve',
    how: 'run',
    message: () => messageOf(() => mysql.createConnection({ host: 'mysql-01.acme-shop.invalid', user: 'root', password: 'S3cr3t!', database: 'shop' })),
    secrets: ['mysql-01', 'acme-shop'],
    kept: ['getaddrinfo'],
  },
  {
    library: 'mysql2',
    says: 'createConnection() to a closed loopback port keeps the loopback address, which says the server is local',
    how: 'run',
    message: async () => {
      const port = await closedPort();
      return messageOf(() => mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: 'S3cr3t!loop', database: 'shop' }));
    },
    secrets: [],
    kept: ['connect ECONNREFUSED 127.0.0.1:'],
  },
  {
    library: 'mysql2',
    says: 'access denied names the user and the client address',
    how: 'documented',
    source: "MySQL ER_ACCESS_DENIED_ERROR (1045): Access denied for user '%s'@'%s' (using password: %s)",
    message: "Access denied for user 'shop_admin'@'172.18.0.3' (using password: YES)",
    secrets: ['shop_admin', '172.18.0.3'],
    kept: ['Access denied for user', '(using password: YES)'],
  },
  {
    library: 'mysql2',
    says: 'a duplicate entry holds an accented e-mail',
    how: 'documented',
    source: "MySQL ER_DUP_ENTRY (1062): Duplicate entry '%s' for key '%s'",
    message: "Duplicate entry 'françois.dupré@exemple.fr' for key 'users.email'",
    secrets: ['françois', 'dupré', 'exemple.fr'],
    kept: ['Duplicate entry', "for key 'users.email'"],
  },

  // --- mongodb -----------------------------------------------------------------------------------
  {
    library: 'mongodb',
    says: 'a mongodb+srv cluster that does not resolve names the cluster',
    how: 'run',
    message: () => messageOf(() => new MongoClient('mongodb+srv://ann:Mongo!pw@cluster0.acme-shop.invalid/shop', { serverSelectionTimeoutMS: 300 }).connect()),
    secrets: ['cluster0', 'acme-shop'],
    kept: ['querySrv'],
  },
  {
    library: 'mongodb',
    says: 'a user name holding @ breaks the URL, and the driver prints the host and the password it read',
    how: 'run',
    message: () => messageOf(() => new MongoClient('mongodb://ivan@пример.рф:Sup3rSecret@db/shop', { serverSelectionTimeoutMS: 300 }).connect()),
    secrets: ['пример', 'Sup3rSecret'],
    kept: ['Unable to parse', 'with URL'],
  },
  {
    library: 'mongodb',
    says: 'a duplicate key names a CJK e-mail address',
    how: 'documented',
    source: 'MongoDB E11000: E11000 duplicate key error collection: <db>.<coll> index: <index> dup key: { <key>: <value> }',
    message: 'E11000 duplicate key error collection: shop.users index: email_1 dup key: { email: "李雷@例子.中国" }',
    secrets: ['李雷', '例子'],
    kept: ['E11000 duplicate key error collection: shop.users index: email_1 dup key:'],
  },
  {
    library: 'mongodb',
    says: 'a duplicate key with a nested document value',
    how: 'documented',
    source: 'MongoDB E11000 with a compound index',
    message: 'E11000 duplicate key error collection: shop.accounts index: owner_1_iban_1 dup key: { owner: "Ann Lee", iban: "DE89370400440532013000" }',
    secrets: ['Ann Lee', 'DE89370400440532013000'],
    kept: ['E11000 duplicate key error collection: shop.accounts index: owner_1_iban_1 dup key:'],
  },

  // --- redis -------------------------------------------------------------------------------------
  {
    library: 'redis',
    says: 'createClient().connect() with a password in the URL, to a host that does not resolve',
    how: 'run',
    message: () =>
      messageOf(async () => {
        const client = createClient({ url: 'redis://default:R3dis!pw@cache-01.acme-shop.invalid:6379', socket: { reconnectStrategy: false } });
        client.on('error', () => undefined);
        await client.connect();
      }),
    secrets: ['cache-01', 'acme-shop'],
    kept: ['getaddrinfo'],
  },
  {
    library: 'redis',
    says: "a wrong password: the server's words stay",
    how: 'documented',
    source: 'Redis AUTH: -WRONGPASS invalid username-password pair or user is disabled.',
    message: 'WRONGPASS invalid username-password pair or user is disabled. (redis://default:R3dis!pw@10.0.7.3:6379)',
    secrets: ['R3dis!pw', '10.0.7.3'],
    kept: ['WRONGPASS invalid username-password pair or user is disabled.'],
  },

  // --- sequelize ---------------------------------------------------------------------------------
  {
    library: 'sequelize',
    says: 'authenticate() with a connection string whose host does not resolve',
    how: 'run',
    message: () => messageOf(() => new Sequelize('postgres://ann:S3qu3l!ze@db.acme-shop.invalid:5432/shop', { logging: false }).authenticate()),
    secrets: ['acme-shop'],
    kept: ['getaddrinfo'],
  },
  {
    library: 'sequelize',
    says: 'a validation error names the rejected value',
    how: 'documented',
    source: 'Sequelize ValidationErrorItem message: Validation isEmail on email failed; apps add the value',
    message: 'Validation error: Validation isEmail on email failed for value "ann lee@acme-shop" (phone +44 20 7946 0958)',
    secrets: ['ann lee', '+44 20 7946 0958', '7946'],
    kept: ['Validation error: Validation isEmail on email failed for value'],
  },

  // --- prisma ------------------------------------------------------------------------------------
  {
    library: 'prisma',
    says: "P1001 names the database host and port",
    how: 'documented',
    source: "Prisma error reference P1001: Can't reach database server at `{database_host}`:`{database_port}`, https://www.prisma.io/docs/orm/reference/error-reference",
    message: "Can't reach database server at `db.acme-shop.internal`:`5432` Please make sure your database server is running at `db.acme-shop.internal`:`5432`.",
    secrets: ['acme-shop'],
    kept: ["Can't reach database server at", 'Please make sure your database server is running at'],
  },
  {
    library: 'prisma',
    says: 'P1000 names the database user',
    how: 'documented',
    source: 'Prisma error reference P1000: Authentication failed against database server at `{database_host}`, the provided database credentials for `{database_user}` are not valid.',
    message: 'Authentication failed against database server at `pg.acme-shop.internal`, the provided database credentials for `shop_owner` are not valid.',
    secrets: ['acme-shop', 'shop_owner'],
    kept: ['Authentication failed against database server at', 'the provided database credentials for', 'are not valid.'],
  },
  {
    library: 'prisma',
    says: 'an invalid datasource URL with a quote in its password',
    how: 'documented',
    source: 'Prisma P1013: The provided database string is invalid. {details}',
    message: 'The provided database string is invalid. invalid port number in database URL: postgresql://ann:pa"ss:word@db.acme-shop.internal:5432/shop',
    secrets: ['pa"ss', 'ss:word', 'acme-shop'],
    kept: ['The provided database string is invalid. invalid port number in database URL'],
  },

  // --- axios -------------------------------------------------------------------------------------
  {
    library: 'axios',
    says: 'a GET with an API key in the query, to a host that does not resolve',
    how: 'run',
    message: () => messageOf(() => axios.get('https://api.acme-shop.invalid/v1/users?api_key=7Qm2Lp9Rt4Vw8Zy1')),
    secrets: ['api.acme-shop', 'acme-shop'],
    kept: ['getaddrinfo'],
  },
  {
    library: 'axios',
    says: 'an app that logs the status with the key it sent, in a short form',
    how: 'documented',
    source: 'axios AxiosError message "Request failed with status code 401", with the config an app appends',
    message: 'Request failed with status code 401 (Invalid API key: 7Qm2Lp9Rt4Vw8Zy1)',
    secrets: ['7Qm2Lp9Rt4Vw8Zy1'],
    kept: ['Request failed with status code 401', 'Invalid API key'],
  },

  // --- got ---------------------------------------------------------------------------------------
  {
    library: 'got',
    says: "HTTPError prints the URL, with a percent-encoded e-mail and a key",
    how: 'run',
    message: async () => {
      const server = await unauthorizedServer();
      try {
        return await messageOf(() => got(`http://127.0.0.1:${server.port}/v1/users/ann%40acme-shop.com?api_key=7Qm2Lp9Rt4Vw8Zy1`, { retry: { limit: 0 } }));
      } finally {
        server.close();
      }
    },
    secrets: ['ann%40', 'acme-shop', '7Qm2Lp9Rt4Vw8Zy1'],
    kept: ['Request failed with status code 401 (Unauthorized): GET'],
  },
  {
    library: 'got',
    says: 'a request to a host that does not resolve',
    how: 'run',
    message: () => messageOf(() => got('https://billing.acme-shop.invalid/v2/invoices', { retry: { limit: 0 } })),
    secrets: ['billing.acme-shop', 'acme-shop'],
    kept: ['getaddrinfo'],
  },

  // --- undici (Node's fetch) -----------------------------------------------------------------------
  {
    library: 'undici',
    says: 'fetch() of a URL with credentials prints the URL',
    how: 'run',
    message: () => messageOf(() => fetch('http://deploy:Zx81kLq0Wm@hooks.acme-shop.invalid/v1/notify')),
    secrets: ['deploy', 'Zx81kLq0Wm', 'acme-shop'],
    kept: ['Request cannot be constructed from a URL that includes credentials'],
  },
  {
    library: 'undici',
    says: "fetch()'s cause for a closed loopback port keeps the address",
    how: 'run',
    message: async () => {
      const port = await closedPort();
      try {
        await fetch(`http://127.0.0.1:${port}/v1/orders`);
      } catch (error) {
        return String((error as { cause?: { message?: string } }).cause?.message);
      }
      throw new Error('expected fetch to fail');
    },
    secrets: [],
    kept: ['connect ECONNREFUSED 127.0.0.1:'],
  },

  // --- aws-sdk -----------------------------------------------------------------------------------
  {
    library: 'aws-sdk',
    says: 'AccessDenied names the account, the user and the bucket in ARNs',
    how: 'documented',
    source: 'AWS IAM AccessDenied: User: arn:aws:iam::<account>:user/<name> is not authorized to perform: <action> on resource: <arn>',
    message: 'User: arn:aws:iam::123456789012:user/jürgen.müller is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::acme-invoices/2024/inv-001.pdf',
    secrets: ['123456789012', 'jürgen', 'müller', 'acme-invoices'],
    kept: ['User:', 'is not authorized to perform: s3:GetObject on resource'],
  },
  {
    library: 'aws-sdk',
    says: "a bucket's own endpoint that does not resolve names the bucket",
    how: 'documented',
    source: 'AWS SDK v3 network error for a virtual-hosted bucket: getaddrinfo ENOTFOUND <bucket>.s3.<region>.amazonaws.com',
    message: 'getaddrinfo ENOTFOUND acme-invoices-prod.s3.eu-west-1.amazonaws.com',
    secrets: ['acme-invoices-prod'],
    kept: ['getaddrinfo ENOTFOUND'],
  },
  {
    library: 'aws-sdk',
    says: 'InvalidAccessKeyId with the key an app appends',
    how: 'documented',
    source: 'S3 InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records.',
    message: 'The AWS Access Key Id you provided does not exist in our records. (access key ID: AKIAIOSFODNN7EXAMPLE)',
    secrets: ['AKIAIOSFODNN7EXAMPLE'],
    kept: ['The AWS Access Key Id you provided does not exist in our records.'],
  },

  // --- stripe ------------------------------------------------------------------------------------
  {
    library: 'stripe',
    says: 'Invalid API Key provided, masked as Stripe masks it',
    how: 'documented',
    source: 'stripe-node StripeAuthenticationError, e.g. github.com/stripe/stripe-node/issues/361',
    message: 'Invalid API Key provided: sk_test_**********************Aso0',
    secrets: ['Aso0', 'sk_test_'],
    kept: ['Invalid API Key provided'],
  },
  {
    library: 'stripe',
    says: 'No such customer names the customer id',
    how: 'documented',
    source: 'Stripe invalid_request_error resource_missing: No such customer: <id>',
    message: "No such customer: 'cus_4cZVRZAFBY0NUj'; a similar object exists in test mode, but a live mode key was used to make this request.",
    secrets: ['cus_4cZVRZAFBY0NUj', '4cZVRZAFBY0NUj'],
    kept: ['No such customer', 'a similar object exists in test mode, but a live mode key was used to make this request.'],
  },
  {
    library: 'stripe',
    says: 'a card error names the customer by e-mail in a non-Latin script',
    how: 'documented',
    source: 'Stripe card_error messages, with the customer e-mail an app adds',
    message: 'Your card was declined. (customer ивлев@почта.рф, phone +7 (999) 123-45-67)',
    secrets: ['ивлев', 'почта', '999', '123-45-67'],
    kept: ['Your card was declined.'],
  },

  // --- twilio ------------------------------------------------------------------------------------
  {
    library: 'twilio',
    says: "21211 names the phone number it refused",
    how: 'documented',
    source: "Twilio error 21211, https://www.twilio.com/docs/api/errors/21211: The 'To' number <number> is not a valid phone number.",
    message: "The 'To' number +15005550001 is not a valid phone number.",
    secrets: ['+15005550001', '5005550001'],
    kept: ['number', 'is not a valid phone number.'],
  },
  {
    library: 'twilio',
    says: 'an unverified number in national format, with the account SID',
    how: 'documented',
    source: 'Twilio error 21608: The number <number> is unverified. Trial accounts cannot send messages to unverified numbers',
    message: 'The number (415) 555-2671 is unverified. Trial accounts cannot send messages to unverified numbers; account AC0123456789abcdef0123456789abcdef',
    secrets: ['555-2671', '(415)', 'AC0123456789abcdef0123456789abcdef'],
    kept: ['is unverified. Trial accounts cannot send messages to unverified numbers'],
  },

  // --- child_process -------------------------------------------------------------------------------
  {
    library: 'child_process',
    says: 'execSync of a mysqldump with a password glued to -p',
    how: 'run',
    message: () => messageOf(() => execSync('mysqldump-soet-test -u root -pS3cr3tPw shop', { stdio: 'pipe' })),
    secrets: ['S3cr3tPw'],
    kept: ['Command failed: mysqldump-soet-test -u root -p'],
  },
  {
    library: 'child_process',
    says: 'execSync of curl -u user:password',
    how: 'run',
    message: () => messageOf(() => execSync('curl-soet-test -u deploy:Zx81kLq0Wm https://api.acme-shop.invalid/v1', { stdio: 'pipe' })),
    secrets: ['deploy', 'Zx81kLq0Wm', 'acme-shop'],
    kept: ['Command failed: curl-soet-test -u'],
  },
  {
    library: 'child_process',
    says: 'execSync with --password and a value, and a host',
    how: 'run',
    message: () => messageOf(() => execSync('pg_dump-soet-test --password Pa55word --host db.acme-shop.internal shop', { stdio: 'pipe' })),
    secrets: ['Pa55word', 'acme-shop'],
    kept: ['Command failed: pg_dump-soet-test --password', '--host'],
  },
  {
    library: 'child_process',
    says: 'spawn of a missing binary in a Cyrillic home folder',
    how: 'run',
    message: () =>
      new Promise((resolve) => {
        spawn('/home/иван/bin/deploy-tool', ['--password', 'Pa55word']).on('error', (error) => resolve(error.message));
      }),
    secrets: ['иван', 'deploy-tool'],
    kept: ['spawn', 'ENOENT'],
  },
  {
    library: 'child_process',
    says: 'spawn of a missing binary in a CJK home folder',
    how: 'run',
    message: () =>
      new Promise((resolve) => {
        spawn(path.join(os.tmpdir(), '李雷', '项目', 'bin', 'build')).on('error', (error) => resolve(error.message));
      }),
    secrets: ['李雷', '项目'],
    kept: ['spawn', 'ENOENT'],
  },

  // --- node:fs, as the libraries above report missing files ------------------------------------------
  {
    library: 'node:fs',
    says: "readFileSync of a .env in an accented user's folder",
    how: 'run',
    message: () => messageOf(() => fs.readFileSync('/home/josé.garcía/proyectos/tienda/.env')),
    secrets: ['josé', 'garcía', 'tienda'],
    kept: ['ENOENT: no such file or directory, open'],
  },
  {
    library: 'node:fs',
    says: 'a Windows path with spaces in its folders, as Node prints it on Windows',
    how: 'documented',
    source: "Node.js on Windows: EPERM: operation not permitted, open '<path>'",
    message: "EPERM: operation not permitted, open 'C:\\Users\\Ann Lee\\OneDrive - Acme Corp\\shop\\config.json'",
    secrets: ['Ann Lee', 'Acme Corp', 'shop\\config'],
    kept: ['EPERM: operation not permitted, open'],
  },
  {
    library: 'node:fs',
    says: 'a Windows path with spaces, not quoted',
    how: 'documented',
    source: 'Node.js on Windows: ENOENT: no such file or directory, scandir <path>',
    message: 'ENOENT: no such file or directory, scandir C:\\Users\\Zoë Müller\\OneDrive - Müller GmbH\\Documents\\app\\uploads',
    secrets: ['Zoë', 'Müller GmbH', 'uploads'],
    kept: ['ENOENT: no such file or directory, scandir'],
  },
];
