/**
 * The portal's build: Preact + TypeScript, JSX through Vite's own transformer (no Babel), the
 * domain's zod schemas imported through the root package.json's `#domain/*` aliases.
 * `npm run dev:web` proxies the API to the local runtime on :3000.
 */
import { defineConfig } from 'vite';

const api = process.env.KETNOI_API ?? 'http://localhost:3000';
const proxied = ['/v1', '/dev', '/docs', '/openapi.json', '/portal-config.json'];

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, manifest: true, target: 'es2022', reportCompressedSize: true },
  server: { port: 5173, proxy: Object.fromEntries(proxied.map((p) => [p, api])) },
});
