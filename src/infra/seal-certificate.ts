import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';

/**
 * The platform certificate that seals signed contracts: read from CONTRACT_SEAL_P12. When that file is absent outside
 * production, a self-signed one is generated there once (the local launcher and the test harness), so a fresh
 * checkout can seal; production must provide its own.
 */
export async function loadSealCertificate(opts: {
  p12Path: string;
  passphrase: string;
  production: boolean;
}): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(opts.p12Path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (opts.production)
      throw new Error(
        `CONTRACT_SEAL_P12 (${opts.p12Path}) does not exist: production needs a real certificate`,
      );
  }
  const p12 = selfSignedP12(opts.passphrase);
  await mkdir(path.dirname(opts.p12Path), { recursive: true });
  // Written whole or not at all; two workers racing write equivalent files and the last rename wins before any seal.
  const tmp = `${opts.p12Path}.${randomUUID()}.tmp`;
  await writeFile(tmp, p12, { mode: 0o600 });
  await rename(tmp, opts.p12Path);
  return new Uint8Array(await readFile(opts.p12Path));
}

/** A self-signed RSA-2048 certificate (10 years) with its key, as a PKCS#12 under `passphrase`. */
export function selfSignedP12(
  passphrase: string,
  commonName = 'CommDesk Marketplace (self-signed)',
): Uint8Array {
  // Node generates the key (fast, native); forge builds the certificate and the P12.
  const { privateKey: pem } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 86_400_000);
  const attrs = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'CommDesk Marketplace' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: '3des' });
  return new Uint8Array(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}
