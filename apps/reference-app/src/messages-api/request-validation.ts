import { validationError } from '../common/app-error';

/**
 * Small readers for JSON request fields: each returns the typed value or throws a
 * `validation_failed` error that names the field and what is expected.
 */
export type Json = Record<string, unknown>;

/** Loose on purpose: the gateway has already parsed the address; this only refuses nonsense. */
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+$/;

export function requireObject(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw validationError(`${field} must be a JSON object`);
  }
  return value as Json;
}

export function optionalObject(body: Json, field: string): Json | undefined {
  return body[field] === undefined || body[field] === null ? undefined : requireObject(body[field], field);
}

export function requireString(body: Json, field: string, maxLength: number, { allowEmpty = false } = {}): string {
  const value = body[field];
  if (typeof value !== 'string') throw validationError(`${field} is required and must be a string`);
  if (!allowEmpty && value.trim() === '') throw validationError(`${field} must not be empty`);
  if (value.length > maxLength) throw validationError(`${field} is longer than ${maxLength} characters`);
  return value;
}

export function optionalString(body: Json, field: string, maxLength: number): string | undefined {
  if (body[field] === undefined || body[field] === null) return undefined;
  return requireString(body, field, maxLength, { allowEmpty: true });
}

export function optionalEmail(body: Json, field: string): string | undefined {
  const value = optionalString(body, field, 320);
  if (value !== undefined && !EMAIL.test(value)) throw validationError(`${field} is not an email address`);
  return value;
}

export function requireOneOf<T extends string>(body: Json, field: string, allowed: readonly T[]): T {
  const value = body[field];
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw validationError(`${field} must be one of ${allowed.map((item) => `'${item}'`).join(', ')}`);
  }
  return value as T;
}

/** A short identifier such as a mailbox or priority name. */
export function optionalName(body: Json, field: string, fallback: string): string {
  const value = optionalString(body, field, 64);
  if (value === undefined || value === '') return fallback;
  if (!/^[A-Za-z0-9_.-]+$/.test(value)) throw validationError(`${field} may only contain letters, digits, _ . -`);
  return value;
}
