import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Minimum versions of the mail stack that clear the advisories listed in the reliability
 * reference (header injection, SMTP command injection, ReDoS, parser DoS, SSRF). The registry
 * here offers no audit endpoint, so the floor is asserted on what is actually installed.
 */
const FLOORS: Record<string, string> = {
  nodemailer: '10.0.5', // CVE-2026-90776 (quadratic addressparser) affects 9.1.0–10.0.4
  mailparser: '3.9.15', // linkify-it DoS and bundled nodemailer advisories
  imapflow: '1.6.6', // IMAP command injection (1.6.4) and response parsing hardening (1.6.6)
  handlebars: '4.7.9', // RCE via crafted AST, prototype pollution
  axios: '1.16.0', // SSRF, NO_PROXY bypasses, prototype-pollution gadgets
};

const installedVersion = (name: string, from = process.cwd()): string =>
  JSON.parse(readFileSync(join(from, 'node_modules', name, 'package.json'), 'utf8')).version;

function atLeast(version: string, floor: string): boolean {
  const a = version.split('-')[0].split('.').map(Number);
  const b = floor.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

describe('supply chain', () => {
  it.each(Object.entries(FLOORS))('installs %s at or above its security floor %s', (name, floor) => {
    expect(atLeast(installedVersion(name), floor)).toBe(true);
  });

  it('gives mailparser a nodemailer at or above the floor too (it bundles its own copy)', () => {
    const nested = join(process.cwd(), 'node_modules', 'mailparser');
    let version: string;
    try {
      version = installedVersion('nodemailer', nested);
    } catch {
      version = installedVersion('nodemailer');
    }
    expect(atLeast(version, FLOORS.nodemailer)).toBe(true);
  });
});

describe('the published package', () => {
  const lib = join(process.cwd(), 'libs', 'messaging-gateway');

  it('packs the built dist only: entry point and types, no specs or sources', () => {
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: lib, encoding: 'utf8' }));
    const files: string[] = pack.files.map((file: { path: string }) => file.path);
    expect(pack.name).toBe('nestjs-messaging-gateway');
    expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/index.js', 'dist/index.d.ts']));
    expect(files.filter((file) => file.startsWith('src/'))).toEqual([]);
    expect(files.filter((file) => /\.spec\.(js|d\.ts)$/.test(file))).toEqual([]);
  });

  it('is requireable by path from the repository root and exposes the module', () => {
    const exported = Object.keys(require(lib));
    expect(exported).toEqual(expect.arrayContaining(['MessagingGatewayModule', 'ReplyTokenService', 'InboundStore']));
  });

  it('keeps @nestjs, typeorm and bullmq as peer dependencies, not bundled ones', () => {
    const manifest = JSON.parse(readFileSync(join(lib, 'package.json'), 'utf8'));
    for (const peer of ['@nestjs/common', '@nestjs/core', '@nestjs/typeorm', 'typeorm', 'bullmq']) {
      expect(manifest.peerDependencies[peer]).toBeDefined();
      expect(manifest.dependencies?.[peer]).toBeUndefined();
    }
  });
});
