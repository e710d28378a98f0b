// Thrown values of every kind, ordinary and hostile, shared by the describe and middleware tests.

class ValidationError extends Error {
  override name = 'ValidationError';
}

function circular(): Error {
  const first = new Error('first of a loop');
  const second = new Error('second of a loop', { cause: first });
  first.cause = second;
  return first;
}

function deepCauses(depth: number): Error {
  let error = new Error('the root cause');
  for (let i = 0; i < depth; i += 1) error = new Error(`wrapped ${i}`, { cause: error });
  return error;
}

const throwingGetter = (): never => {
  throw new Error('getter says no');
};

export interface ThrownCase {
  readonly label: string;
  readonly make: () => unknown;
  /** Whether soet can describe it and so may send a search. */
  readonly searchable: boolean;
}

/** Values a route can throw, each a fresh instance per call. */
export const THROWN: readonly ThrownCase[] = [
  { label: 'an Error', make: () => new Error('Something broke'), searchable: true },
  { label: 'a TypeError', make: () => new TypeError("Cannot read properties of undefined (reading 'map')"), searchable: true },
  { label: 'a custom Error subclass', make: () => new ValidationError('email is required'), searchable: true },
  { label: 'a string', make: () => 'plain string failure', searchable: true },
  { label: 'a number', make: () => 42, searchable: false },
  { label: 'a symbol', make: () => Symbol('oops'), searchable: false },
  { label: 'a plain object', make: () => ({ message: 'object with a message' }), searchable: true },
  { label: 'a null-prototype object', make: () => Object.assign(Object.create(null) as object, { message: 'no prototype here' }), searchable: true },
  {
    label: 'an object whose getters throw',
    make: () => Object.defineProperties({}, { message: { get: throwingGetter }, name: { get: throwingGetter }, stack: { get: throwingGetter }, code: { get: throwingGetter } }),
    searchable: false,
  },
  {
    label: 'a Proxy that throws on every trap',
    make: () =>
      new Proxy(
        {},
        {
          get: throwingGetter, has: throwingGetter, ownKeys: throwingGetter, getPrototypeOf: throwingGetter, getOwnPropertyDescriptor: throwingGetter,
          set: throwingGetter, defineProperty: throwingGetter, deleteProperty: throwingGetter, isExtensible: throwingGetter, preventExtensions: throwingGetter,
          setPrototypeOf: throwingGetter, apply: throwingGetter, construct: throwingGetter,
        },
      ),
    searchable: false,
  },
  { label: 'an error with circular causes', make: circular, searchable: true },
  { label: 'an AggregateError', make: () => new AggregateError([new Error('one'), new Error('two')], 'All promises were rejected'), searchable: true },
  { label: 'an error with a 1 MB message', make: () => new Error(`Huge failure ${'x'.repeat(1024 * 1024)}`), searchable: true },
  { label: 'a frozen error', make: () => Object.freeze(new RangeError('Invalid array length')), searchable: true },
  {
    label: 'an error whose toString and Symbol.toPrimitive throw',
    make: () => Object.assign(new Error('cannot be turned into a string'), { toString: throwingGetter, [Symbol.toPrimitive]: throwingGetter }),
    searchable: true,
  },
  {
    label: 'an error whose name, message and code are not strings',
    make: () => Object.assign(new Error('placeholder'), { name: { evil: true }, message: ['not', 'a', 'string'], code: 12 }),
    searchable: false,
  },
  { label: 'an error 10,000 causes deep', make: () => deepCauses(10_000), searchable: true },
  { label: 'an error with control characters', make: () => new Error('bad \u001b[31mred\u001b[0m \u0007bell\u202eevil'), searchable: true },
  { label: 'an error with lone surrogates', make: () => new Error('broken \ud800 text \udfff here'), searchable: true },
];
