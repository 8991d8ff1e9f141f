// Starts test/helpers/oidc-provider.mjs — a real `oidc-provider` on loopback — for the
// single sign-on tests, and stops it. The port is chosen before the test system starts,
// because the system's OIDC_ISSUER must name it; the provider needs the system's
// redirect URI, so it starts after.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../server/src/core/embedded/process';

export interface OidcProviderHandle {
  issuer: string;
  stop(): Promise<void>;
}

/** A free loopback port and the issuer URL a provider on it will have. */
export async function reserveIssuer(): Promise<{ port: number; issuer: string }> {
  const port = await freePort();
  return { port, issuer: `http://127.0.0.1:${port}` };
}

export async function startOidcProvider(options: { port: number; clientId: string; clientSecret: string; redirectUri: string }): Promise<OidcProviderHandle> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
    env: { ...process.env, NODE_ENV: 'development', OIDC_PORT: String(options.port), OIDC_CLIENT_ID: options.clientId, OIDC_CLIENT_SECRET: options.clientSecret, OIDC_REDIRECT_URI: options.redirectUri },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\S+)/.exec(out);
      if (ready) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`the OIDC provider exited (${code}) before it was ready: ${errors}`)));
  });
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
