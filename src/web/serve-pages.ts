/**
 * Serves the web pages (the `web/` folder: static HTML, CSS and small ES modules, no build step)
 * under `/app/`, with a strict Content-Security-Policy: scripts, styles and requests from this
 * origin only, no inline code, no framing. The API routes keep their own headers.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';

/** URL prefix of the pages. */
export const pagesPrefix = '/app';

/** The nearest `web/` folder with an index.html above this file (from src/ or dist/src/). */
export function findWebRoot(from = __dirname): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'web', 'index.html'))) return join(dir, 'web');
  }
  return resolve(from, '..', '..', 'web');
}

/** Mounts the pages and their security policy on `app`. */
export function servePages(app: NestExpressApplication, webRoot = findWebRoot()): void {
  app.use(
    pagesPrefix,
    helmet.contentSecurityPolicy({
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'self'"],
        'object-src': ["'none'"],
      },
    }),
  );
  // Chart.js for the report pages, straight from its npm package (its UMD build sets window.Chart).
  app.useStaticAssets(dirname(require.resolve('chart.js')), {
    prefix: `${pagesPrefix}/vendor/chart.js`,
    setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
  });
  // no-cache: the browser revalidates, so a new build's pages are seen at once.
  app.useStaticAssets(webRoot, {
    prefix: pagesPrefix,
    index: 'index.html',
    setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
  });
}
