import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served at /app/ on the API's own origin (the gateway locally, CloudFront
// in AWS): the session cookie and the API share it.
export default defineConfig({
  base: '/app/',
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: false, target: 'es2020' },
  server: {
    proxy: Object.fromEntries(
      ['/auth', '/me', '/accounts', '/organisations', '/call-centre-requests', '/mail-failures', '/vaccines', '/cools', '/plan-calendar', '/maintenance-windows', '/plans', '/plan-reviews', '/facility', '/facilities', '/contact-changes', '/facility-codes', '/delegations', '/code-applications', '/public', '/_local'].map(
        (p) => [p, process.env.VSYS_API ?? 'http://127.0.0.1:8080'],
      ),
    ),
  },
});
