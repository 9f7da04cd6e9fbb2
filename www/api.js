// The wizard's core as plain functions, for pages and tools with their own
// interface (the package's "./api" export; api.d.ts has the types):
//
//   import { init, defaultSettings, validateSettings, generateBundle } from "internal-tls-wizard/api";
//   await init();
//   const settings = defaultSettings();
//   settings.release.name = "acme";
//   const { ok, diagnostics } = validateSettings(settings);
//   const { files } = generateBundle(settings);
//
// The functions run the WebAssembly on the calling thread: generating RSA
// keys takes seconds, so call generateBundle from a Worker where that matters
// (the <internal-tls-wizard> element does). They are the functions the
// element's worker calls (one facade, core-calls.js), with refusals thrown as exceptions.
// Keys are only ever in arguments and results: nothing is kept or sent.

// @ts-check

// The engine: the crate with every export (the element's first-view module
// has only settings and validation). Its calls go through the same facade
// the element's worker uses.
import initCore, * as core from "./pkg/internal_tls_wizard_engine.js";
import { CoreFailure, coreCalls } from "./core-calls.js";

/** @typedef {import("./core-types.js").Settings} Settings */

/** @type {Promise<void> | null} */
let loading = null;
/** @type {import("./core-calls.js").CoreCalls | null} */
let calls = null;

/**
 * Loads the WebAssembly once; the other functions need it. `source` is what
 * wasm-bindgen's init takes: a URL, a Response, the bytes, or a compiled
 * WebAssembly.Module; by default pkg/internal_tls_wizard_engine_bg.wasm beside
 * this module, the package's "./wasm" export (in
 * Node, pass the bytes: `await init(await readFile(wasmPath))`).
 * @param {import("./api.js").WasmSource} [source]
 * @returns {Promise<void>}
 */
export function init(source) {
  if (!loading) {
    loading = initCore(source === undefined ? undefined : { module_or_path: source }).then(() => {
      calls = coreCalls(core);
    });
    loading.catch(() => (loading = null));
  }
  return loading;
}

/** The loaded core's calls. */
function ready() {
  if (!calls) throw new Error("internal-tls-wizard: await init() before calling the core");
  return calls;
}

/** The core's version (the crate's). */
export function version() {
  return ready().version();
}

/**
 * A fresh default settings document.
 * @returns {Settings}
 */
export function defaultSettings() {
  return ready().defaultSettings();
}

/**
 * The key algorithms the core makes, by their spelling in settings.
 * @returns {import("./core-types.js").KeyAlgorithm[]}
 */
export function keyAlgorithms() {
  return ready().keyAlgorithms();
}

/**
 * Validates a settings document (an object or its JSON text), as the page
 * does on every keystroke: the findings, each Service's names and Secret, and
 * values.yaml when there is no error. Never throws for bad settings.
 * @param {Settings | string} settings
 * @returns {import("./core-types.js").Validation}
 */
export function validateSettings(settings) {
  return ready().validate(settings);
}

/**
 * Checks a CA certificate and its key (PEM) the way Generate will use them:
 * a CA, the key matches, valid at `now` (a Date or milliseconds).
 * @param {string} certPem
 * @param {string} keyPem
 * @param {Date | number} [now]
 * @returns {import("./core-types.js").CaCheck}
 */
export function checkCa(certPem, keyPem, now = Date.now()) {
  return ready().checkCa(certPem, keyPem, Number(now));
}

/** Why generateBundle made nothing: a message, the input it concerns, and the settings' findings. */
export class GenerateError extends Error {
  /** @param {import("./core-types.js").Failure} failure */
  constructor({ error, field = null, diagnostics = [] }) {
    super(error);
    this.name = "GenerateError";
    this.field = field;
    this.diagnostics = diagnostics;
  }
}

/**
 * Makes the bundle: with a new CA, or with yours when the settings say
 * `certificates.ca: "provided"` and options.caCert/caKey hold it. Returns
 * {files: [{name, contents, sensitive}], diagnostics}; `sensitive` files hold
 * private keys. Throws GenerateError when the settings or the CA are unusable.
 * @param {Settings | string} settings
 * @param {import("./api.js").GenerateOptions} [options]
 * @returns {import("./api.js").Bundle}
 */
export function generateBundle(settings, options = {}) {
  const { caCert, caKey, now = Date.now(), onProgress } = options;
  /** @type {import("./core-types.js").GenerateRequest} */
  const request = {
    settings,
    source: { kind: "issue", ca_cert: caCert ?? null, ca_key: caKey ?? null },
    now: Number(now),
  };
  try {
    const { files, diagnostics } = ready().generate(request, (done, total) => {
      if (onProgress) onProgress(done, total);
    });
    return { files, diagnostics };
  } catch (error) {
    if (error instanceof CoreFailure) throw new GenerateError(error.failure);
    throw error; // a bug in the core, not a finding
  }
}

/**
 * The files generateBundle returned, zipped under `folder/` (the page's
 * "Download all"), each entry dated `now` (a Date or milliseconds).
 * @param {string} folder
 * @param {import("./core-types.js").OutputFile[]} files
 * @param {Date | number} [now]
 * @returns {Uint8Array}
 */
export function zipFiles(folder, files, now = Date.now()) {
  return ready().zipFiles(folder, files, Number(now));
}

// ---- Certificates: inspect and check.

/** Why a certificate, key or CA given to checkCertificate could not be read. */
export class InputError extends Error {
  /** @param {import("./core-types.js").Failure} failure */
  constructor({ error, field = null }) {
    super(error);
    this.name = "InputError";
    this.field = field;
  }
}

/**
 * Runs a core call whose refusal is an unreadable input.
 * @template T
 * @param {() => T} call
 * @returns {T}
 */
function reading(call) {
  try {
    return call();
  } catch (error) {
    if (error instanceof CoreFailure) throw new InputError(error.failure);
    throw error; // a bug in the core, not a finding
  }
}

/**
 * Describes every certificate and private key in pasted text: PEM blocks (a
 * chain, a key, openssl's "Bag Attributes" around them) or Secret manifests
 * and `kubectl get secret -o yaml` output. One item per PEM text or Secret
 * key: {source, certificates, private_key, error}. Throws InputError only when
 * the text as a whole is refused (over 1 MiB).
 * @param {string} text
 * @returns {import("./core-types.js").InspectedItem[]}
 */
export function inspect(text) {
  const loaded = ready();
  return reading(() => loaded.inspect(text));
}

/**
 * Checks a certificate (with its chain) the way the page checks what you
 * bring for a Service: the key matches, the chain reaches one of the CA
 * certificates in `ca` with every signature checked, each of `dnsNames` is
 * covered, it is valid at `now`, serverAuth (and clientAuth when asked) is
 * allowed, it is not a CA, nothing is weak. Returns the report ({valid,
 * findings, chain, chain_pem, …}); throws InputError naming the field
 * (`certificate`, `key` or `ca`) when one cannot be read.
 * @param {string} certificate
 * @param {import("./api.js").CheckOptions} [options]
 * @returns {import("./core-types.js").CheckReport}
 */
export function checkCertificate(certificate, options = {}) {
  const loaded = ready();
  const { key = "", passphrase = "", ca = "", dnsNames = [], clientAuth = false, service = null, now = Date.now() } = options;
  /** @type {import("./core-types.js").CheckRequest} */
  const request = {
    certificate,
    key,
    passphrase,
    ca,
    dns_names: dnsNames,
    client_auth: clientAuth,
    service,
    now: Number(now),
  };
  return reading(() => loaded.checkCertificate(request));
}
