import { randomBytes, randomUUID, webcrypto } from 'node:crypto';
import type { TokenIssueStep } from '@dangky/core/agent';
import { DangkyError, errorCodeOf } from '@dangky/core/errors';
import { pinProblem } from '@dangky/core/token';
import type { CaAdapter } from '../ca/ca-adapter.ts';
import { ProviderApiError } from '../ca/provider-api.ts';
import { citizenName, type CitizenSubject } from '../ca/subject.ts';
import * as x509 from '../ca/x509.ts';
import type { Pkcs11Client } from './pkcs11-client.ts';
import type { TokenSelector } from '@dangky/pkcs11/module';
import type { KeyType } from './pkcs11-ops.ts';
import { tokenSigner, webAlgorithmOf } from './token-crypto.ts';

/**
 * Issues one signing token, start to finish (the steps are the agent protocol's `tokenIssueSteps`,
 * named the same in `token.progress` and on the counter):
 *
 *   initialise (SO PIN) → set-pin (citizen's PIN) → generate-key (on the token) →
 *   request (PKCS#10 signed by the token) → certify (CA) → write-certificate → verify
 *   (a test signature with the citizen's PIN, checked against the certificate's key)
 *
 * The result is returned only when the test signature verified. On any failure the token is
 * re-initialised with the SO PIN (which erases every object and the user PIN), a certificate
 * already obtained is revoked at the CA, and the error keeps its code with the step, whether
 * the wipe succeeded (`wiped: false` = mark the token for re-issue) and whether the
 * certificate was revoked. PINs stay in this call's arguments: never logged, never returned.
 *
 * The certificate request carries a request id made here (the CA's idempotency key). When the
 * CA's answer is lost (a timeout after the CA did the work), the failure path asks the CA what
 * that request issued and revokes it, or learns that it issued nothing — so a failed issuance
 * leaves no certificate live that nobody knows of. `journal` hears each fact before the step it
 * announces is taken (the key's id, the request id) and each answer (the certificate's serial),
 * for the agent's issuance journal (issuance-journal.ts).
 */

/** What the issuance journal is told, in order, before (or right after) the token or the CA acts. */
export type IssueFact =
  | { kind: 'key'; keyId: string }
  | { kind: 'certify'; caRequestId: string }
  | { kind: 'certified'; certificateSerial: string; notBefore: Date; notAfter: Date };

export interface IssueProgress {
  step: TokenIssueStep;
  state: 'started' | 'done';
  /** Milliseconds the step took (on `done`). */
  ms?: number;
}

export interface IssueTokenOptions {
  client: Pkcs11Client;
  ca: CaAdapter;
  /** The blank (or to-be-reissued) token, by slot id, label or serial. */
  token: TokenSelector;
  subject: CitizenSubject;
  /** The citizen's new PIN, already typed twice and matched; checked against the policy again here. */
  userPin: string;
  /** The site's SO PIN for this token model (from the secret store). */
  soPin: string;
  keyType: KeyType;
  /** Token label after initialisation; default "Chu ky so" (ASCII: some middleware shows labels raw). */
  label?: string;
  onProgress?: (progress: IssueProgress) => void;
  /** Awaited: the issuance goes on only once the fact is recorded. */
  journal?: (fact: IssueFact) => Promise<void>;
  /**
   * Aborted when whoever asked gave up (the agent's deadline passed, the page went away). A
   * PKCS#11 call cannot be interrupted, so it is checked between steps and before answering:
   * the issuance then fails like any other (token wiped, certificate revoked), because the
   * asker was told it did not happen.
   */
  signal?: AbortSignal;
}

export interface IssuedToken {
  tokenSerial: string;
  keyType: KeyType;
  /** CKA_ID shared by the private key, public key and certificate, hex. */
  keyId: string;
  certificatePem: string;
  certificateSerial: string;
  notBefore: Date;
  notAfter: Date;
  verification: { verified: true; algorithm: string };
  timings: Partial<Record<TokenIssueStep, number>>;
}

export async function issueToken(options: IssueTokenOptions): Promise<IssuedToken> {
  const { client, ca, subject, userPin, soPin, keyType } = options;
  const label = options.label ?? 'Chu ky so';
  const policy = pinProblem(userPin);
  if (policy) throw new DangkyError(policy);
  const name = citizenName(subject);

  const timings: Partial<Record<TokenIssueStep, number>> = {};
  let current: TokenIssueStep = 'initialise';
  const stillWanted = (): void => {
    if (options.signal?.aborted)
      throw new DangkyError('DK_ERR_TOKEN_ISSUE_ABORTED', {
        message: 'The issuance was given up by its requester (deadline passed or the page went away)',
      });
  };
  const step = async <T>(which: TokenIssueStep, work: () => Promise<T>): Promise<T> => {
    stillWanted();
    current = which;
    options.onProgress?.({ step: which, state: 'started' });
    const started = performance.now();
    const result = await work();
    timings[which] = performance.now() - started;
    options.onProgress?.({ step: which, state: 'done', ms: timings[which] });
    return result;
  };

  let token = options.token;
  let initialised = false;
  let certificateSerial: string | undefined;
  let caRequestId: string | undefined;
  try {
    const summary = await step('initialise', () => client.call('initToken', { token, soPin, label }));
    initialised = true;
    // After C_InitToken a module may move the token to another slot; its serial stays.
    token = summary.serial ? { labelOrSerial: summary.serial } : token;
    await step('set-pin', () => client.call('initPin', { token, soPin, userPin }));
    const keyId = randomBytes(8).toString('hex');
    await options.journal?.({ kind: 'key', keyId });
    const { spki } = await step('generate-key', () => client.call('generateKeyPair', { token, pin: userPin, keyType, id: keyId, label }));
    const signer = await tokenSigner({ client, token, pin: userPin, id: keyId, keyType }, spki);
    const csr = await step('request', () =>
      x509.Pkcs10CertificateRequestGenerator.create({ name, keys: signer.keys, signingAlgorithm: signer.signingAlgorithm }, signer.crypto),
    );
    const issued = await step('certify', async () => {
      const requestId = randomUUID();
      await options.journal?.({ kind: 'certify', caRequestId: requestId });
      caRequestId = requestId;
      return ca.submitCsr(csr.toString('pem'), { requestId });
    });
    certificateSerial = issued.serial;
    await options.journal?.({ kind: 'certified', certificateSerial, notBefore: issued.notBefore, notAfter: issued.notAfter });
    const cert = new x509.X509Certificate(issued.certificatePem);
    await step('write-certificate', () =>
      client.call('writeCertificate', {
        token,
        pin: userPin,
        id: keyId,
        label,
        der: new Uint8Array(cert.rawData),
        subject: new Uint8Array(cert.subjectName.toArrayBuffer()),
      }),
    );
    await step('verify', async () => {
      const challenge = randomBytes(32);
      const { signature } = await client.call('sign', { token, pin: userPin, keyType, id: keyId, data: challenge });
      const certKey = await cert.publicKey.export(webAlgorithmOf(keyType), ['verify'], webcrypto);
      const sameKey = Buffer.from(cert.publicKey.rawData).equals(Buffer.from(spki));
      if (!sameKey || !(await webcrypto.subtle.verify(webAlgorithmOf(keyType), certKey, signature, challenge))) {
        throw new DangkyError('DK_ERR_TOKEN_SIGNATURE_INVALID', { detail: { sameKey } });
      }
    });
    stillWanted();
    return {
      tokenSerial: summary.serial,
      keyType,
      keyId,
      certificatePem: issued.certificatePem,
      certificateSerial: issued.serial,
      notBefore: issued.notBefore,
      notAfter: issued.notAfter,
      verification: { verified: true, algorithm: keyType === 'rsa2048' ? 'sha256WithRSAEncryption' : 'ecdsa-with-SHA256' },
      timings,
    };
  } catch (error) {
    const wiped = initialised
      ? await client.call('initToken', { token, soPin, label }).then(
          () => true,
          () => false,
        )
      : true;
    // The request may have reached the CA but its answer did not come back: ask the CA what it
    // issued. Not when the CA refused the connection just now: asking would only wait out the
    // retry budget again; the agent asks before the next attempt (token-device.ts).
    let caFoundNone = false;
    const refusedConnection = error instanceof Error && error.cause instanceof ProviderApiError && error.cause.kind === 'unreachable';
    if (caRequestId && !certificateSerial && !refusedConnection) {
      const found = await ca.certificateFor(caRequestId).then(
        (answer) => answer ?? false,
        () => null,
      );
      if (found) certificateSerial = found.serial;
      else if (found === false) caFoundNone = true;
    }
    const certificateRevoked = certificateSerial
      ? await ca.revoke(certificateSerial, 'data-error').then(
          () => true,
          () => false,
        )
      : null;
    throw new DangkyError(errorCodeOf(error, 'DK_ERR_TOKEN_ISSUE_ABORTED'), {
      cause: error,
      detail: {
        step: current,
        wiped,
        certificateRevoked,
        certificateSerial: certificateSerial ?? null,
        caFoundNone,
        ...(error instanceof DangkyError && error.detail ? { cause: error.detail } : {}),
      },
    });
  }
}
