// Reads an error from one JSON log line: pino and Fastify (`err.type`), bunyan (`err.name`), winston (`stack`).
import { type ErrorFromText, parseHead, validCode } from './shapes.js';

/** JSON lines longer than this are not parsed (a log line with a stack is a few KB). */
const MAX_JSON_LINE = 64 * 1024;
const NAME = /^[A-Za-z_$][\w$.:-]{0,63}$/;
const HAS_FRAME = /\n\s+at\s/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function firstLine(stack: string): string {
  const end = stack.indexOf('\n');
  return end === -1 ? stack : stack.slice(0, end);
}

/** An error object as loggers serialise it: pino's err serializer, bunyan's stdSerializers.err. */
function fromErrorObject(err: Readonly<Record<string, unknown>>): ErrorFromText | undefined {
  const message = text(err.message);
  const stack = text(err.stack);
  const type = text(err.type) ?? text(err.name);
  // A message alone is any object's; a thrown error also has its type or its frames.
  if (message === undefined || (type === undefined && !(stack && HAS_FRAME.test(stack)))) return undefined;
  const name = type !== undefined && NAME.test(type) ? type : (stack ? parseHead(firstLine(stack))?.name : undefined) ?? 'Error';
  const code = validCode(err.code);
  return { name, message, ...(code ? { code } : {}), ...(stack ? { stack } : {}) };
}

/**
 * The error a JSON log line reports, when it has the shape of one: an `err` or `error` object with a
 * message and a type, name or stack (pino, Fastify, bunyan), or a `stack` with frames at the top
 * (winston's errors format). A line that only has `level: "error"` and a message is not one.
 */
export function errorFromJsonLine(line: string): ErrorFromText | undefined {
  const trimmed = line.trim();
  if (trimmed.length > MAX_JSON_LINE || !trimmed.startsWith('{') || !trimmed.endsWith('}')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  const entry = record(value);
  if (!entry) return undefined;
  const err = record(entry.err) ?? record(entry.error);
  if (err) return fromErrorObject(err);
  const stack = text(entry.stack);
  if (!stack || !HAS_FRAME.test(stack)) return undefined;
  const head = parseHead(firstLine(stack));
  if (!head) return undefined;
  const code = validCode(entry.code) ?? head.code;
  return { name: head.name, message: head.message, ...(code ? { code } : {}), stack };
}
