import type { Request } from 'express';

/** The cookies cookie-parser read (an empty object on routes it does not run on). */
export function requestCookies(req: Request): Record<string, string> {
  req.cookies ??= {};
  return req.cookies as Record<string, string>;
}
