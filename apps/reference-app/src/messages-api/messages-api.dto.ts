import { validationError } from '../common/app-error';
import type { MessageDirection } from './entities/app-message.entity';
import {
  type Json,
  optionalEmail,
  optionalName,
  optionalObject,
  optionalString,
  requireObject,
  requireOneOf,
  requireString,
} from './request-validation';

/** Longest message text or HTML accepted (1 MB of characters): a long email thread, not a file. */
const MAX_BODY_CHARS = 1_000_000;

export interface CreateThreadDto {
  sourceType: string;
  identityEmail?: string;
  mailbox: string;
  priority: string;
  subject: string;
  metadata: Json;
}

export interface CreateMessageDto {
  direction: MessageDirection;
  text: string;
  html?: string;
  authorEmail?: string;
  authorName?: string;
  senderProfile?: Json;
  metadata: Json;
  /** Files of an agent's answer (outbound only); stored, then emailed with it. */
  attachments?: AnswerFileDto[];
}

/** `attachments[]` of an outbound message: the bytes as base64. */
export interface AnswerFileDto {
  name: string;
  type: string;
  contentBase64: string;
}

export interface ListThreadsQuery {
  mailbox?: string;
  priority?: string;
  limit: number;
  cursor?: string;
}

/** `POST threads` body. Unknown fields are ignored so that newer clients still work. */
export function parseCreateThread(raw: unknown): CreateThreadDto {
  const body = requireObject(raw, 'body');
  return {
    sourceType: optionalName(body, 'sourceType', '') || fail('sourceType is required (e.g. "email")'),
    identityEmail: optionalEmail(body, 'identityEmail'),
    mailbox: optionalName(body, 'mailbox', 'general'),
    priority: optionalName(body, 'priority', 'normal'),
    subject: requireString(body, 'subject', 998, { allowEmpty: true }),
    metadata: optionalObject(body, 'metadata') ?? {},
  };
}

/** `POST threads/:id/messages` body. */
export function parseCreateMessage(raw: unknown): CreateMessageDto {
  const body = requireObject(raw, 'body');
  const html = optionalString(body, 'html', MAX_BODY_CHARS);
  const text = requireString(body, 'text', MAX_BODY_CHARS, { allowEmpty: html !== undefined });
  return {
    direction: requireOneOf(body, 'direction', ['inbound', 'outbound'] as const),
    text,
    html,
    authorEmail: optionalEmail(body, 'authorEmail'),
    authorName: optionalString(body, 'authorName', 255),
    senderProfile: optionalObject(body, 'senderProfile'),
    metadata: optionalObject(body, 'metadata') ?? {},
    ...(body.attachments === undefined ? {} : { attachments: parseAnswerFiles(body.attachments, body.direction) }),
  };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `[{name, type, contentBase64}]`, on outbound messages only (a customer's files come by email). */
function parseAnswerFiles(raw: unknown, direction: unknown): AnswerFileDto[] {
  if (direction !== 'outbound') throw validationError('attachments are accepted on outbound messages only');
  if (!Array.isArray(raw) || raw.length > 20) throw validationError('attachments must be an array of at most 20 files');
  return raw.map((item: unknown, index) => {
    const file = requireObject(item, `attachments[${index}]`);
    const contentBase64 = requireString(file, 'contentBase64', Number.MAX_SAFE_INTEGER, { allowEmpty: true });
    if (!BASE64.test(contentBase64.replace(/\s/g, ''))) {
      throw validationError(`attachments[${index}].contentBase64 must be base64`);
    }
    return { name: requireString(file, 'name', 255), type: requireString(file, 'type', 255), contentBase64 };
  });
}

/** `PATCH threads/:id` body: `{metadata}`, merged key by key into the stored metadata. */
export function parseUpdateThread(raw: unknown): { metadata: Json } {
  const body = requireObject(raw, 'body');
  const metadata = optionalObject(body, 'metadata');
  if (!metadata) throw validationError('metadata is required and must be a JSON object');
  return { metadata };
}

/** `GET threads` query: limit 1 to 100 (default 20), optional filters and cursor. */
export function parseListThreads(query: Json): ListThreadsQuery {
  const rawLimit = query.limit;
  const limit = rawLimit === undefined || rawLimit === '' ? 20 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw validationError('limit must be a whole number from 1 to 100');
  }
  const name = (field: string): string | undefined => {
    const value = query[field];
    if (value === undefined || value === '') return undefined;
    return optionalName({ [field]: value }, field, '');
  };
  const cursor = query.cursor;
  if (cursor !== undefined && typeof cursor !== 'string') throw validationError('cursor must be a string');
  return { mailbox: name('mailbox'), priority: name('priority'), limit, cursor: cursor || undefined };
}

/** An Idempotency-Key header: 1 to 255 visible ASCII characters, or absent. */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw validationError('Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  return value;
}

function fail(message: string): never {
  throw validationError(message);
}
