// Bundles the @akinon/next modules the journey runs into one CommonJS file (see README.md).
import { build } from 'esbuild-wasm';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.join(here, 'node_modules', '@akinon', 'next');
export const OUTFILE = path.join(here, 'node_modules', '.cache', 'journey', 'akinon.cjs');

await build({
  stdin: {
    // The package's own modules, as a storefront project would import them.
    contents: `
      export { default as Auth } from './api/auth';
      export * as proxy from './api/client';
      export { POST as logout } from './api/logout';
      export { default as withPzDefault } from './middlewares/default';
      export { api } from './data/client/api';
      import './data/client/account';
      export { buildClientRequestUrl } from './utils';
      export { configureStore } from '@reduxjs/toolkit';
    `,
    resolveDir: pkg,
    loader: 'ts',
    sourcefile: 'journey-entry.ts'
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  outfile: OUTFILE,
  // next has no `exports` map: Node must require the real next/server itself. redis is only imported lazily by
  // lib/cache.ts when a cache resource is created, which the journey never does.
  external: ['next', 'next/*', 'redis'],
  alias: {
    settings: path.join(here, 'stubs', 'settings.js'),
    routes: path.join(here, 'stubs', 'routes.js'),
    'next-auth': path.join(here, 'stubs', 'next-auth.js'),
    'next-auth/providers/credentials': path.join(here, 'stubs', 'next-auth-credentials.js'),
    // data/client/api.ts imports createApi from the React entry; the endpoints need no React.
    '@reduxjs/toolkit/query/react': '@reduxjs/toolkit/query'
  },
  logLevel: 'warning'
});
console.log(`built ${path.relative(here, OUTFILE)}`);
