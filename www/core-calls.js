// The core's calls, one facade for the element's worker (worker.js) and the
// functional API (api.js). The WebAssembly exports take and answer JS
// objects whose types are generated from the Rust ones (core-types.d.ts, and
// the glue's .d.ts names them); this module adds only what JavaScript must
// do: refusals as exceptions, and RSA keys from WebCrypto.
//
// A refusal the core throws is a Failure object ({error, field, line,
// diagnostics, findings}) and becomes a CoreFailure. Anything else thrown is
// a bug (a trap, a panic) and passes through untouched.
//
// Private keys pass through here only as arguments and results.

// @ts-check

/** @typedef {import("./core-types.js").Failure} Failure */

/** Why the core refused a call: its Failure, as an exception. */
export class CoreFailure extends Error {
  /** @param {Failure} failure */
  constructor(failure) {
    super(failure.error);
    this.name = "CoreFailure";
    /** @type {Failure} */
    this.failure = failure;
  }
}

/**
 * Whether a thrown value is the core's Failure object (not a bug).
 * @param {unknown} thrown
 * @returns {thrown is Failure}
 */
export function isFailure(thrown) {
  return (
    thrown !== null &&
    typeof thrown === "object" &&
    !(thrown instanceof Error) &&
    typeof (/** @type {{error?: unknown}} */ (thrown).error) === "string"
  );
}

/**
 * Runs a core call; its Failure is thrown as a CoreFailure.
 * @template T
 * @param {() => T} call
 * @returns {T}
 */
export function calling(call) {
  try {
    return call();
  } catch (thrown) {
    if (isFailure(thrown)) throw new CoreFailure(thrown);
    throw thrown;
  }
}

/**
 * The calls of one loaded module of the core (the glue wasm-bindgen made).
 * @param {typeof import("./pkg/internal_tls_wizard_engine.js")} core
 */
export function coreCalls(core) {
  return {
    version: () => core.version(),
    chartVersion: () => core.chartVersion(),
    defaultSettings: () => calling(() => core.defaultSettings()),
    keyAlgorithms: () => calling(() => core.keyAlgorithms()),
    /** @param {import("./core-types.js").Settings | string} settings */
    validate: (settings) => calling(() => core.validate(settings)),
    /** @param {string} cert @param {string} key @param {number} now */
    checkCa: (cert, key, now) => calling(() => core.checkCa(cert, key, now)),
    /** @param {string} text */
    inspect: (text) => calling(() => core.inspect(text)),
    /** @param {string} text */
    isEncryptedKey: (text) => core.isEncryptedKey(text),
    /** @param {import("./core-types.js").CheckRequest} request */
    checkCertificate: (request) => calling(() => core.checkCertificate(request)),
    /** @param {import("./core-types.js").AuditRequest} request */
    audit: (request) => calling(() => core.audit(request)),
    /** @param {import("./core-types.js").AuditRequest} request */
    expiryCalendar: (request) => calling(() => core.expiryCalendar(request)),
    /**
     * @param {import("./core-types.js").GenerateRequest} request
     * @param {(done: number, total: number) => void} [onProgress]
     */
    generate: (request, onProgress) => calling(() => core.generate(request, onProgress)),
    /** @param {import("./core-types.js").Settings | string} settings */
    keysWanted: (settings) => calling(() => core.keysWanted(settings)),
    /**
     * @param {string} folder
     * @param {import("./core-types.js").OutputFile[]} files
     * @param {number} [now] the entries' time (`Date.now()`); default now
     */
    zipFiles: (folder, files, now) => calling(() => core.zipFiles(folder, files, now)),
    /** @param {import("./core-types.js").Settings | string} settings @param {string} values */
    readValuesContext: (settings, values) => calling(() => core.readValuesContext(settings, values)),
    /** @param {import("./core-types.js").Settings | string} settings @param {string} values */
    mergeValues: (settings, values) => calling(() => core.mergeValues(settings, values)),
    /** @param {import("./core-types.js").RenewRequest} request */
    renew: (request) => calling(() => core.renew(request)),
    /** @param {string} name @param {Uint8Array} bytes */
    readBundleArchive: (name, bytes) => calling(() => core.readBundleArchive(name, bytes)),
  };
}

/** @typedef {ReturnType<typeof coreCalls>} CoreCalls */

/**
 * RSA keys for a generate request, made by the browser's WebCrypto, which
 * makes them natively (and in parallel) from its CSPRNG where RSA key
 * generation in wasm is slow. They go to the core as PKCS#8 (base64 DER),
 * and the core checks each one (count, type, size, no key twice) before
 * signing with it. Null when the settings make no RSA keys or the browser
 * has no WebCrypto: then the core makes its own.
 * @param {CoreCalls} calls
 * @param {import("./core-types.js").Settings | string} settings
 * @param {(made: number, total: number) => void} onKey
 * @returns {Promise<string[] | null>}
 */
export async function webCryptoKeys(calls, settings, onKey) {
  const wanted = calls.keysWanted(settings);
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!wanted.rsa_bits || !wanted.count || !subtle) return null;
  // RSA keys take seconds each on a slow machine: say how many are made.
  let made = 0;
  onKey(made, wanted.count);
  const algorithm = {
    name: "RSASSA-PKCS1-v1_5",
    modulusLength: wanted.rsa_bits,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: "SHA-256",
  };
  const pairs = await Promise.all(
    Array.from({ length: wanted.count }, () =>
      subtle.generateKey(algorithm, true, ["sign"]).then((pair) => {
        made += 1;
        onKey(made, wanted.count);
        return pair;
      }),
    ),
  );
  const keys = await Promise.all(pairs.map((pair) => subtle.exportKey("pkcs8", pair.privateKey)));
  return keys.map(base64);
}

/** @param {ArrayBuffer} buffer */
function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}
