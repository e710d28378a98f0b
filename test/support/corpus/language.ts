// Real errors of the language itself and of JSON.parse: each row throws its error for real.
import vm from 'node:vm';
import type { RealError } from './row.js';
import { thrownBy } from './scene.js';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Values typed loosely on purpose: the rows make the mistakes the type checker would catch. */
const loose = (value: unknown): Loose => value as Loose;

/** Runs JavaScript the type checker would refuse, in this realm, in a scope of its own. */
const run = (code: string): unknown => vm.runInThisContext(`(() => { ${code} })()`);

export const LANGUAGE_ERRORS: readonly RealError[] = [
  {
    label: 'language: reading a property of undefined',
    make: () => thrownBy(() => loose(undefined).map((x: unknown) => x)),
    message: "Cannot read properties of undefined (reading 'map')",
    query: "TypeError Cannot read properties of undefined reading 'map'",
    tags: [],
    asked: "TypeError: Cannot read properties of undefined (reading 'map') when rendering a list from an API",
  },
  {
    label: 'language: setting a property of undefined',
    make: () => thrownBy(() => { loose(undefined).name = 'x'; }),
    message: "Cannot set properties of undefined (setting 'name')",
    query: "TypeError Cannot set properties of undefined setting 'name'",
    tags: [],
    asked: "TypeError: Cannot set properties of undefined (setting 'name') inside a loop",
  },
  {
    label: 'language: an app method that is not a function',
    make: () => thrownBy(() => { const orderService = loose({}); orderService.findAllOrders(); }),
    message: 'orderService.findAllOrders is not a function',
    query: 'TypeError is not a function',
    tags: [],
    asked: 'TypeError: userController.getAll is not a function in an Express route',
  },
  {
    label: 'language: map on an object',
    make: () => thrownBy(() => { const products = loose({ items: [] }); products.map((p: unknown) => p); }),
    message: 'products.map is not a function',
    query: 'TypeError map is not a function',
    tags: [],
    asked: 'TypeError: data.map is not a function',
  },
  {
    label: 'language: an app variable that is not defined',
    make: () => thrownBy(() => run('return cartTotal + 1')),
    message: 'cartTotal is not defined',
    query: 'ReferenceError is not defined',
    tags: [],
    asked: 'ReferenceError: total is not defined inside a forEach callback',
  },
  {
    label: 'language: use before initialization',
    make: () => thrownBy(() => run('const x = config.port; const config = {}; return x;')),
    message: "Cannot access 'config' before initialization",
    query: 'ReferenceError Cannot access before initialization',
    tags: [],
    asked: "ReferenceError: Cannot access 'app' before initialization",
  },
  {
    label: 'language: assignment to a constant',
    make: () => thrownBy(() => run('const port = 1; port = 2;')),
    message: 'Assignment to constant variable.',
    query: 'TypeError Assignment to constant variable',
    tags: [],
    asked: 'TypeError: Assignment to constant variable when updating a counter',
  },
  {
    label: 'language: destructuring undefined',
    make: () => thrownBy(() => run('const { userId } = undefined;')),
    message: "Cannot destructure property 'userId' of 'undefined' as it is undefined.",
    query: "TypeError Cannot destructure property of 'undefined' as it is undefined",
    tags: [],
    asked: "TypeError: Cannot destructure property 'name' of 'undefined' as it is undefined",
  },
  {
    label: 'language: iterating an object',
    make: () => thrownBy(() => run('const settings = {}; for (const s of settings) {}')),
    message: 'settings is not iterable',
    query: 'TypeError is not iterable',
    tags: [],
    asked: 'TypeError: object is not iterable (cannot read property Symbol(Symbol.iterator))',
  },
  {
    label: 'language: endless recursion',
    make: () => thrownBy(() => { const walk = (n: number): number => walk(n + 1) + 1; walk(0); }),
    message: 'Maximum call stack size exceeded',
    query: 'RangeError Maximum call stack size exceeded',
    tags: [],
    asked: 'RangeError: Maximum call stack size exceeded in a recursive function',
  },
  {
    label: 'language: keys of undefined',
    make: () => thrownBy(() => Object.keys(loose(undefined))),
    message: 'Cannot convert undefined or null to object',
    query: 'TypeError Cannot convert undefined or null to object',
    tags: [],
    asked: 'TypeError: Cannot convert undefined or null to object with Object.keys',
  },
  {
    label: 'language: a class called without new',
    make: () => thrownBy(() => { class Invoice {} (Invoice as unknown as () => void)(); }),
    message: "Class constructor Invoice cannot be invoked without 'new'",
    query: "TypeError Class constructor cannot be invoked without 'new'",
    tags: [],
    asked: "TypeError: Class constructor Model cannot be invoked without 'new'",
  },
  {
    label: 'language: reduce of an empty array',
    make: () => thrownBy(() => ([] as number[]).reduce((a, b) => a + b)),
    message: 'Reduce of empty array with no initial value',
    query: 'TypeError Reduce of empty array with no initial value',
    tags: [],
    asked: 'TypeError: Reduce of empty array with no initial value',
  },
  {
    label: 'language: an invalid date',
    make: () => thrownBy(() => new Date('next tuesday').toISOString()),
    message: 'Invalid time value',
    query: 'RangeError Invalid time value',
    tags: [],
    asked: 'RangeError: Invalid time value when calling toISOString()',
  },
  {
    label: 'language: JSON.stringify of a BigInt',
    make: () => thrownBy(() => JSON.stringify({ total: 10n })),
    message: 'Do not know how to serialize a BigInt',
    query: 'TypeError Do not know how to serialize a BigInt',
    tags: [],
    asked: 'TypeError: Do not know how to serialize a BigInt in JSON.stringify',
  },
  {
    label: 'language: JSON.stringify of a circular structure',
    make: () => thrownBy(() => { const order: Loose = { id: 1 }; order.self = order; JSON.stringify(order); }),
    message: "Converting circular structure to JSON\n    --> starting at object with constructor 'Object'\n    --- property 'self' closes the circle",
    query: 'TypeError Converting circular structure to JSON',
    tags: [],
    asked: 'TypeError: Converting circular structure to JSON when sending a Mongoose document with res.json',
  },
  {
    label: 'language: an invalid regular expression',
    make: () => thrownBy(() => { const pattern = '(unclosed'; return new RegExp(pattern); }),
    message: 'Invalid regular expression: /(unclosed/: Unterminated group',
    query: 'SyntaxError Invalid regular expression Unterminated group',
    tags: [],
    asked: 'SyntaxError: Invalid regular expression: /(\\d+/: Unterminated group',
  },
  {
    label: 'JSON.parse: an HTML page',
    make: () => thrownBy(() => JSON.parse('<!DOCTYPE html><html><body>Not found</body></html>')),
    message: 'Unexpected token \'<\', "<!DOCTYPE "... is not valid JSON',
    query: "SyntaxError Unexpected token '<' is not valid JSON",
    tags: [],
    asked: 'SyntaxError: Unexpected token \'<\', "<!DOCTYPE "... is not valid JSON',
  },
  {
    label: 'JSON.parse: an empty body',
    make: () => thrownBy(() => JSON.parse('')),
    message: 'Unexpected end of JSON input',
    query: 'SyntaxError Unexpected end of JSON input',
    tags: [],
    asked: 'SyntaxError: Unexpected end of JSON input when parsing a fetch response',
  },
  {
    label: 'JSON.parse: a trailing comma',
    make: () => thrownBy(() => JSON.parse('{"name":"lamp","price":12,}')),
    message: 'Expected double-quoted property name in JSON at position 26',
    query: 'SyntaxError Expected double-quoted property name in JSON',
    tags: [],
    asked: 'SyntaxError: Expected double-quoted property name in JSON at position 143',
  },
  {
    label: 'JSON.parse: undefined',
    make: () => thrownBy(() => JSON.parse(loose(undefined) as unknown as string)),
    message: '"undefined" is not valid JSON',
    query: "SyntaxError 'undefined' is not valid JSON",
    tags: [],
    asked: 'SyntaxError: "undefined" is not valid JSON when reading localStorage',
  },
];
