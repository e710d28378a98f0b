// Stack Overflow tags for the packages an error is often thrown from, so searches find their questions.
import { type StackFrame, packagesInStack } from './stack.js';

/** npm package name (or scope) -> Stack Overflow tag. */
const PACKAGE_TAGS: Readonly<Record<string, string>> = {
  express: 'express',
  'body-parser': 'body-parser',
  mongoose: 'mongoose',
  mongodb: 'mongodb',
  sequelize: 'sequelize.js',
  pg: 'node-postgres',
  'pg-pool': 'node-postgres',
  '@prisma/client': 'prisma',
  prisma: 'prisma',
  mysql: 'mysql',
  mysql2: 'mysql',
  typeorm: 'typeorm',
  knex: 'knex.js',
  redis: 'redis',
  ioredis: 'redis',
  axios: 'axios',
  'node-fetch': 'node-fetch',
  jsonwebtoken: 'jwt',
  passport: 'passport.js',
  'express-session': 'express-session',
  multer: 'multer',
  bcrypt: 'bcrypt',
  'socket.io': 'socket.io',
  ws: 'websocket',
  nodemailer: 'nodemailer',
  stripe: 'stripe-payments',
  '@nestjs/core': 'nestjs',
  graphql: 'graphql',
  'firebase-admin': 'firebase-admin',
  '@aws-sdk': 'aws-sdk-js',
  'aws-sdk': 'aws-sdk',
  puppeteer: 'puppeteer',
  sharp: 'sharp',
  ejs: 'ejs',
  pug: 'pug',
  handlebars: 'handlebars.js',
  winston: 'winston',
  joi: 'joi',
  zod: 'zod',
  ajv: 'ajv',
};

function tagOf(packageName: string): string | undefined {
  const scope = packageName.startsWith('@') ? packageName.split('/')[0] : undefined;
  return PACKAGE_TAGS[packageName] ?? (scope === undefined ? undefined : PACKAGE_TAGS[scope]);
}

/** The tag of the innermost known package the error was thrown in, if any. */
export function tagsFromFrames(frames: readonly StackFrame[]): string[] {
  for (const name of packagesInStack(frames)) {
    const tag = tagOf(name);
    if (tag) return [tag];
  }
  return [];
}
