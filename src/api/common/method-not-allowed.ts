/**
 * A route that exists with other methods answers an undeclared one with 405 and an `Allow` header
 * listing those it has (RFC 9110), instead of Express's 404; `OPTIONS` answers 204 with the same
 * header. The routes and their methods are read from the OpenAPI document, so the answer always
 * agrees with it. Paths the document does not name (the pages, the docs) are left alone.
 */
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

interface RouteMethods {
  pattern: RegExp;
  allow: string;
}

/** The first segment of a path, as Express compares it (any case); '' for `/`. */
function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}

/** `/decisions/{id}/extend` → a pattern matching it as Express does (any case, optional final `/`). */
function patternOf(path: string): RegExp {
  const parts = path.split(/\{[^}]+\}/).map((p) => p.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}/?$`, 'i');
}

/** Every documented path with the methods it answers (HEAD wherever GET is: Express answers it). */
export function routeMethods(document: OpenAPIObject): RouteMethods[] {
  return Object.entries(document.paths).map(([path, item]) => {
    const methods = METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((m) => m.toUpperCase());
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    return { pattern: patternOf(path), allow: methods.join(', ') };
  });
}

/**
 * The routes a request may match, by first segment, so a request tries a few patterns, not all of
 * them (every request passes here); a path that opens with a parameter is tried for every request.
 */
function routesByFirstSegment(document: OpenAPIObject): (path: string) => RouteMethods[] {
  const paths = Object.keys(document.paths);
  const routes = routeMethods(document);
  const anywhere = routes.filter((_, i) => paths[i].startsWith('/{'));
  const index = new Map<string, RouteMethods[]>();
  routes.forEach((route, i) => {
    if (paths[i].startsWith('/{')) return;
    const key = firstSegment(paths[i]);
    index.set(key, [...(index.get(key) ?? anywhere), route]);
  });
  return (path) => index.get(firstSegment(path)) ?? anywhere;
}

/** Installs the answer; call before the routes are mounted (before `init`/`listen`). */
export function answerUndeclaredMethods(app: INestApplication, document: OpenAPIObject): void {
  const candidates = routesByFirstSegment(document);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const matching = candidates(req.path).filter((r) => r.pattern.test(req.path));
    if (matching.length === 0) return next();
    // Literal routes win over parameters (`/pending.csv` is not `/pending`), so any match may allow it.
    const allowed = new Set(matching.flatMap((r) => r.allow.split(', ')));
    if (allowed.has(req.method)) return next();
    const allow = [...allowed].join(', ');
    res.setHeader('Allow', allow);
    if (req.method === 'OPTIONS') return void res.status(204).end();
    res.status(405).json({
      statusCode: 405,
      error: 'Method Not Allowed',
      message: `${req.method} is not allowed on ${req.path}; allowed: ${allow}`,
    });
  });
}
