// What words mean to a search: globals and API names worth keeping, filler words, service ports, host endings.

/** Globals a message may name that say what went wrong: `fetch is not defined`, `require is not defined`. */
export const GLOBALS = new Set([
  'fetch', 'require', 'module', 'exports', '__dirname', '__filename', 'process', 'Buffer', 'global', 'globalThis',
  'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'self', 'regeneratorRuntime', 'TextEncoder',
  'TextDecoder', 'structuredClone', 'AbortController', 'AbortSignal', 'FormData', 'Headers', 'Request', 'Response',
  'ReadableStream', 'WebSocket', 'crypto', 'performance', 'URL', 'URLSearchParams', 'Blob', 'File', 'atob', 'btoa',
  'setImmediate', 'queueMicrotask', 'React', 'jQuery', '$', 'describe', 'it', 'test', 'expect', 'jest', 'define',
  'JSON', 'Object', 'Array', 'Promise', 'Math', 'Date', 'Symbol', 'BigInt', 'Intl', 'Reflect', 'Proxy', 'Map', 'Set',
  'WeakMap', 'console', 'mongoose', 'express', 'axios', 'jwt', 'bcrypt',
]);

/** What a value may be, rather than a name: `Cannot destructure property 'x' of 'undefined'`. */
export const VALUES = new Set(['undefined', 'null', 'NaN', 'Infinity', 'true', 'false', 'this', 'object', 'Object']);

/** Objects every Express or Node developer shares, so `req.body` or `res.json` means the same everywhere. */
export const SHARED_OBJECTS = new Set(['req', 'res', 'app', 'router', 'process', 'module', 'exports', 'window', 'document', 'JSON', 'Object', 'Array', 'Math', 'Promise', 'console', 'Buffer', 'mongoose', 'express', 'fs', 'path', 'crypto', 'http', 'https', 'os', 'util', 'jwt', 'bcrypt', 'axios']);

/** Methods of the language, Node and common libraries: `x.map is not a function` keeps `map`. */
export const KNOWN_METHODS = new Set([
  'map', 'filter', 'forEach', 'reduce', 'find', 'findIndex', 'some', 'every', 'includes', 'push', 'pop', 'shift',
  'slice', 'splice', 'join', 'split', 'replace', 'replaceAll', 'trim', 'toLowerCase', 'toUpperCase', 'then', 'catch',
  'finally', 'json', 'text', 'send', 'sendFile', 'sendStatus', 'status', 'render', 'redirect', 'use', 'get', 'post',
  'put', 'patch', 'delete', 'listen', 'next', 'findOne', 'findById', 'findByIdAndUpdate', 'findOneAndUpdate',
  'findAll', 'findByPk', 'save', 'create', 'exec', 'populate', 'sort', 'limit', 'connect', 'query', 'end', 'on',
  'emit', 'pipe', 'write', 'readFile', 'writeFile', 'readFileSync', 'writeFileSync', 'existsSync', 'toISOString',
  'getTime', 'keys', 'values', 'entries', 'assign', 'stringify', 'parse', 'hash', 'compare', 'sign', 'verify',
  'flash', 'login', 'logout', 'isAuthenticated', 'setHeader', 'header', 'cookie', 'clearCookie', 'Router',
  'toString', 'toFixed', 'padStart', 'at', 'flat', 'flatMap', 'reverse', 'concat', 'indexOf', 'startsWith',
  'endsWith', 'match', 'matchAll', 'call', 'apply', 'bind', 'close', 'destroy', 'default', 'insertOne',
  'insertMany', 'updateOne', 'deleteOne', 'countDocuments', 'aggregate', 'model', 'Schema', 'authenticate', 'sync',
  'define', 'hasMany', 'belongsTo', 'getReader', 'arrayBuffer', 'blob', 'select', 'where', 'from', 'insert',
]);

/** Words that say little about which error it is: sharing them makes no title relevant. */
export const FILLER = new Set([
  'a', 'an', 'the', 'of', 'in', 'on', 'at', 'for', 'from', 'to', 'with', 'by', 'and', 'or', 'as', 'is', 'are', 'was',
  'were', 'be', 'been', 'it', 'its', 'this', 'that', 'which', 'after', 'before', 'into', 'than', 'but', 'not', 'no',
  'so', 'if', 'when', 'while', 'can', 'cannot', 'could', 'should', 'must', 'may', 'has', 'have', 'had', 'do', 'does',
  'did', 'such', 'some', 'any', 'all', 'only', 'too', 'very', 'yet', 'there', 'their', 'they', 'you', 'your', 'use',
  'error', 'exception', 'failed', 'invalid', 'unexpected', 'because', 'how', 'why', 'what', 'get', 'got',
]);

/** Words that join a phrase to what follows: a query does not end with one. */
export const CONNECTORS = new Set([
  'a', 'an', 'the', 'of', 'in', 'on', 'at', 'for', 'from', 'to', 'with', 'by', 'and', 'or', 'as', 'into', 'than',
  'but', 'via', 'after', 'before', 'when', 'while', 'because', 'if', 'that', 'which', 'whose',
]);

/** Ports of services developers run locally: `ECONNREFUSED 127.0.0.1:5432` is about PostgreSQL. */
export const SERVICE_PORTS = new Set([
  '21', '22', '25', '53', '80', '443', '465', '587', '1433', '1521', '2181', '3306', '5432', '5672', '6379', '9042',
  '9092', '9200', '11211', '27017', '27018', '27019', '28015',
]);

/** Endings that make a dotted name a host name, not a property path (`db.example.com`, `orders-db.internal`). */
export const HOST_ENDINGS = new Set([
  'com', 'net', 'org', 'io', 'co', 'ai', 'info', 'biz', 'cloud', 'internal', 'local', 'localdomain', 'invalid',
  'test', 'example', 'lan', 'corp', 'home', 'svc', 'cluster', 'intranet', 'private', 'us', 'uk', 'de', 'fr', 'eu',
  'in', 'jp', 'cn', 'ru', 'br', 'nl', 'ca', 'au',
]);

/** Name-like words with digits that are not run data: `sha256`, `es2022`, `x86_64`, `utf16le`, `iso8859`. */
export const NAMED_WITH_DIGITS = /^(?:sha|md|utf|ucs|es|ecma|iso|rfc|http|ipv|int|uint|float|base|win|x|arm|latin|oauth|h|v|node|tls|ssl|aes|rsa|ec|p|ed|bcrypt|argon|pbkdf|mp|i)-?\d+(?:[_-]?\d+)?[a-z]{0,4}$/i;

/** Ids with a name before their number: `user_1234`, `order-9`. */
export const PREFIXED_NUMBER = /^[A-Za-z]+[_-]\d+$/;

/** Codes of axios, which share Node's `ERR_` shape but are not Node's own errors. */
export const AXIOS_CODES = new Set([
  'ERR_BAD_REQUEST', 'ERR_BAD_RESPONSE', 'ERR_NETWORK', 'ERR_CANCELED', 'ERR_BAD_OPTION', 'ERR_BAD_OPTION_VALUE',
  'ERR_DEPRECATED', 'ERR_FR_TOO_MANY_REDIRECTS', 'ERR_NOT_SUPPORT',
]);
