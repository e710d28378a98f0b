// Real errors of libraries Express apps use, thrown here without a server, and a few documented ones.
import { Ajv } from 'ajv';
import axios from 'axios';
import jwt from 'jsonwebtoken';
import mongoose from 'mongoose';
import pg from 'pg';
import { DataTypes, Sequelize } from 'sequelize';
import { z } from 'zod';
import { errorOfRequest } from './express.js';
import type { RealError } from './row.js';
import { thrownBy } from './scene.js';

const SECRET = 'shop-api-dev-secret';

/** A model on its own connection, so rows do not share mongoose's global registry. */
function mongooseUser() {
  const connection = mongoose.createConnection();
  return connection.model('User', new mongoose.Schema({ email: { type: String, required: true }, age: Number }, { bufferTimeoutMS: 30 }));
}

function sequelize(port: number): Sequelize {
  return new Sequelize(`postgres://shop:devpass@127.0.0.1:${port}/shop`, { logging: false, retry: { max: 0 } });
}

export const LIBRARY_ERRORS: readonly RealError[] = [
  {
    label: 'jsonwebtoken: a token signed with another secret',
    make: () => thrownBy(() => jwt.verify(jwt.sign({ sub: 'u_81f3' }, 'another-secret'), SECRET)),
    message: 'invalid signature',
    query: 'JsonWebTokenError invalid signature',
    tags: ['jwt'],
    asked: 'JsonWebTokenError: invalid signature when verifying a token from the frontend',
  },
  {
    label: 'jsonwebtoken: an expired token',
    make: () => thrownBy(() => jwt.verify(jwt.sign({ sub: 'u_81f3', exp: Math.floor(Date.now() / 1000) - 60 }, SECRET), SECRET)),
    message: 'jwt expired',
    query: 'TokenExpiredError jwt expired',
    tags: ['jwt'],
    asked: 'TokenExpiredError: jwt expired, how do I refresh the token?',
  },
  {
    label: 'jsonwebtoken: not a token',
    make: () => thrownBy(() => jwt.verify('Bearer undefined', SECRET)),
    message: 'jwt malformed',
    query: 'JsonWebTokenError jwt malformed',
    tags: ['jwt'],
    asked: 'JsonWebTokenError: jwt malformed with an Authorization Bearer header',
  },
  {
    label: 'jsonwebtoken: signing without a secret',
    make: () => thrownBy(() => jwt.sign({ sub: 'u_81f3' }, process.env.SOET_CORPUS_UNSET_SECRET as string)),
    message: 'secretOrPrivateKey must have a value',
    query: 'secretOrPrivateKey must have a value',
    tags: ['jwt'],
    asked: 'Error: secretOrPrivateKey must have a value (process.env.JWT_SECRET is undefined)',
  },
  {
    label: 'axios: a closed port',
    make: (scene) => thrownBy(() => axios.get(`http://127.0.0.1:${scene.closedPort}/api/orders`)),
    message: 'connect ECONNREFUSED 127.0.0.1:{port}',
    query: 'connect ECONNREFUSED 127.0.0.1',
    tags: ['axios'],
    asked: 'AxiosError: connect ECONNREFUSED 127.0.0.1:80 when calling a local API with axios',
  },
  {
    label: 'axios: a 404',
    make: () => errorOfRequest((app) => app.get('/orders', async (_req, res) => {
      // The app calls a route of its own that does not exist.
      const port = (_req.socket.localPort ?? 0).toString();
      res.json(await axios.get(`http://127.0.0.1:${port}/api/v2/inventory/8121`));
    }), '/orders'),
    message: 'Request failed with status code 404',
    query: 'AxiosError Request failed with status code 404',
    tags: ['axios'],
    asked: 'AxiosError: Request failed with status code 404',
  },
  {
    label: 'mongoose: a required path',
    make: () => thrownBy(() => new (mongooseUser())({ age: 31 }).validate()),
    message: 'User validation failed: email: Path `email` is required.',
    query: 'ValidationError validation failed Path is required',
    tags: ['mongoose'],
    asked: 'ValidationError: User validation failed: name: Path `name` is required.',
  },
  {
    label: 'mongoose: a cast in validation',
    make: () => thrownBy(() => new (mongooseUser())({ email: 'ann@example.com', age: 'thirty' }).validate()),
    message: 'User validation failed: age: Cast to Number failed for value "thirty" (type string) at path "age" for model "User"',
    query: 'ValidationError validation failed Cast to Number failed for value',
    tags: ['mongoose'],
    asked: 'ValidationError: Product validation failed: price: Cast to Number failed for value "abc" (type string) at path "price"',
  },
  {
    label: 'mongoose: a cast of an id',
    make: () => thrownBy(() => mongooseUser().findById('order-8121').cast()),
    message: 'Cast to ObjectId failed for value "order-8121" (type string) at path "_id" for model "User"',
    query: "CastError Cast to ObjectId failed for value at path '_id'",
    tags: ['mongoose'],
    asked: 'CastError: Cast to ObjectId failed for value "undefined" (type string) at path "_id" for model "Post"',
  },
  {
    label: 'mongoose: a model that is not registered',
    make: () => thrownBy(() => mongoose.createConnection().model('Order')),
    message: 'Schema hasn\'t been registered for model "Order".\nUse mongoose.model(name, schema)',
    query: "MissingSchemaError Schema hasn't been registered for model",
    tags: ['mongoose'],
    asked: 'MissingSchemaError: Schema hasn\'t been registered for model "User"',
  },
  {
    label: 'mongoose: a model compiled twice',
    make: () => thrownBy(() => { const connection = mongoose.createConnection(); const schema = new mongoose.Schema({ sku: String }); connection.model('Order', schema); connection.model('Order', new mongoose.Schema({ sku: Number })); }),
    message: 'Cannot overwrite `Order` model once compiled.',
    query: 'OverwriteModelError Cannot overwrite model once compiled',
    tags: ['mongoose'],
    asked: 'OverwriteModelError: Cannot overwrite `User` model once compiled',
  },
  {
    label: 'mongoose: a query before connecting',
    make: () => thrownBy(async () => { const connection = mongoose.createConnection(); await connection.model('Order', new mongoose.Schema({ sku: String }, { bufferTimeoutMS: 30 }), 'orders').findOne(); }),
    message: 'Operation `orders.findOne()` buffering timed out after 30ms',
    query: 'MongooseError Operation findOne buffering timed out',
    tags: ['mongoose'],
    asked: 'MongooseError: Operation `users.findOne()` buffering timed out after 10000ms',
  },
  {
    label: 'mongoose: connecting to localhost with no server',
    make: () => thrownBy(async () => { const connection = mongoose.createConnection('mongodb://localhost:27017/shop', { serverSelectionTimeoutMS: 300 }); try { await connection.asPromise(); } finally { await connection.close(); } }),
    message: 'connect ECONNREFUSED 127.0.0.1:27017',
    query: 'MongooseServerSelectionError connect ECONNREFUSED 127.0.0.1:27017',
    tags: ['mongoose'],
    asked: 'MongooseServerSelectionError: connect ECONNREFUSED 127.0.0.1:27017',
  },
  {
    label: 'mongodb: a duplicate key',
    documented: 'https://www.mongodb.com/docs/manual/core/index-unique/',
    make: () => Object.assign(new Error('E11000 duplicate key error collection: shop.users index: email_1 dup key: { email: "ann@example.com" }'), { name: 'MongoServerError', code: 11000 }),
    message: 'E11000 duplicate key error collection: shop.users index: email_1 dup key: { email: "ann@example.com" }',
    query: 'MongoServerError E11000 duplicate key error collection dup key',
    tags: [],
    asked: 'MongoServerError: E11000 duplicate key error collection: test.users index: email_1 dup key: { email: null }',
  },
  {
    label: 'pg: no server on the default port',
    make: () => thrownBy(async () => { const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'shop', database: 'shop' }); await client.connect(); }),
    message: 'connect ECONNREFUSED 127.0.0.1:5432',
    query: 'connect ECONNREFUSED 127.0.0.1:5432',
    tags: [],
    asked: 'Error: connect ECONNREFUSED 127.0.0.1:5432 with node-postgres',
  },
  {
    label: 'pg: a query on a closed client',
    make: () => thrownBy(async () => { const client = new pg.Client({ host: '127.0.0.1', port: 5432 }); await client.end(); await client.query('SELECT 1'); }),
    message: 'Client was closed and is not queryable',
    query: 'Client was closed and is not queryable',
    tags: ['node-postgres'],
    asked: 'Error: Client was closed and is not queryable',
  },
  {
    label: 'sequelize: no server',
    make: () => thrownBy(() => sequelize(5432).authenticate()),
    message: 'connect ECONNREFUSED 127.0.0.1:5432',
    query: 'SequelizeConnectionRefusedError connect ECONNREFUSED 127.0.0.1:5432',
    tags: ['sequelize.js'],
    asked: 'SequelizeConnectionRefusedError: connect ECONNREFUSED 127.0.0.1:5432',
  },
  {
    label: 'sequelize: a null in a required column',
    make: () => thrownBy(() => { const db = sequelize(5432); const Order = db.define('Order', { sku: { type: DataTypes.STRING, allowNull: false } }); return Order.build({}).validate(); }),
    message: 'notNull Violation: Order.sku cannot be null',
    query: 'SequelizeValidationError notNull Violation cannot be null',
    tags: ['sequelize.js'],
    asked: 'SequelizeValidationError: notNull Violation: User.email cannot be null',
  },
  {
    label: 'sequelize: no dialect',
    make: () => thrownBy(() => new Sequelize('shop', 'shop', 'devpass')),
    message: 'Dialect needs to be explicitly supplied as of v4.0.0',
    query: 'Dialect needs to be explicitly supplied as of v4.0.0',
    tags: ['sequelize.js'],
    asked: 'Error: Dialect needs to be explicitly supplied as of v4.0.0',
  },
  {
    label: 'sequelize: an include without an association',
    make: () => thrownBy(() => { const db = sequelize(5432); const Order = db.define('Order', {}); const Customer = db.define('Customer', {}); return Order.findAll({ include: Customer }); }),
    message: 'Customer is not associated to Order!',
    query: 'SequelizeEagerLoadingError is not associated',
    tags: ['sequelize.js'],
    asked: 'SequelizeEagerLoadingError: User is not associated to Post!',
  },
  {
    label: 'zod: a missing field',
    make: () => thrownBy(() => z.object({ email: z.string().email(), quantity: z.number().int() }).parse({ quantity: 2 })),
    message: '[\n  {\n    "expected": "string",\n    "code": "invalid_type",\n    "path": [\n      "email"\n    ],\n    "message": "Invalid input: expected string, received undefined"\n  }\n]',
    query: 'ZodError Invalid input expected string',
    tags: [],
    asked: 'ZodError: Invalid input: expected string, received undefined',
  },
  {
    label: 'ajv: an invalid schema',
    make: () => thrownBy(() => new Ajv().compile({ type: 'object', properties: { sku: { type: 'text' } } })),
    message: 'schema is invalid: data/properties/sku/type must be equal to one of the allowed values, data/properties/sku/type must be array, data/properties/sku/type must match a schema in anyOf',
    query: 'schema is invalid',
    tags: ['ajv'],
    asked: 'Error: schema is invalid: data/properties/name/type must be equal to one of the allowed values',
  },
  {
    label: 'ajv: an unknown keyword',
    make: () => thrownBy(() => new Ajv().compile({ type: 'object', properties: { sku: { type: 'string', example: 'lamp' } } })),
    message: 'strict mode: unknown keyword: "example"',
    query: "strict mode unknown keyword 'example'",
    tags: ['ajv'],
    asked: 'Error: strict mode: unknown keyword: "example"',
  },
  {
    label: 'ajv: a reference that cannot be resolved',
    make: () => thrownBy(() => new Ajv().compile({ type: 'object', properties: { customer: { $ref: '#/definitions/customer' } } })),
    message: "can't resolve reference #/definitions/customer from id #",
    query: "can't resolve reference from id",
    tags: ['ajv'],
    asked: "Error: can't resolve reference #/definitions/address from id #",
  },
  {
    label: 'prisma: a unique constraint',
    // The layout as Prisma prints it (https://github.com/nextauthjs/next-auth/issues/3815): where, a code frame, then what failed.
    documented: 'https://www.prisma.io/docs/orm/reference/error-reference#p2002',
    make: () => Object.assign(new Error('\nInvalid `prisma.user.create()` invocation in\n/home/ann/shop-api/src/users.ts:14:37\n\n  11 export async function register(email: string, password: string) {\n  12   const hash = await bcrypt.hash(password, 10);\n  13 \n→ 14   const user = await prisma.user.create(\nUnique constraint failed on the fields: (`email`)'), { name: 'PrismaClientKnownRequestError', code: 'P2002' }),
    message: 'Invalid `prisma.user.create()` invocation in\n{path}\n\n  11 export async function register(email: string, password: string) {\n  12   const hash = await bcrypt.hash(password, 10);\n  13 \n→ 14   const user = await prisma.user.create(\nUnique constraint failed on the fields: (`email`)',
    query: 'PrismaClientKnownRequestError Unique constraint failed on the fields',
    tags: [],
    asked: 'PrismaClientKnownRequestError: Unique constraint failed on the fields: (`email`)',
  },
  {
    label: 'prisma: no database server',
    documented: 'https://www.prisma.io/docs/orm/reference/error-reference#p1001',
    make: () => Object.assign(new Error("Can't reach database server at `localhost:5432`\n\nPlease make sure your database server is running at `localhost:5432`."), { name: 'PrismaClientInitializationError', errorCode: 'P1001' }),
    message: "Can't reach database server at `localhost:5432`\n\nPlease make sure your database server is running at `localhost:5432`.",
    query: "PrismaClientInitializationError Can't reach database server at localhost 5432",
    tags: [],
    asked: "PrismaClientInitializationError: Can't reach database server at `localhost`:`5432`",
  },
  {
    label: 'prisma: a client that was not generated',
    documented: 'https://www.prisma.io/docs/orm/prisma-client/setup-and-configuration/generating-prisma-client',
    make: () => new Error('@prisma/client did not initialize yet. Please run "prisma generate" and try to import it again.'),
    message: '@prisma/client did not initialize yet. Please run "prisma generate" and try to import it again.',
    query: '@prisma/client did not initialize yet',
    tags: [],
    asked: '@prisma/client did not initialize yet. Please run "prisma generate" and try to import it again.',
  },
];
