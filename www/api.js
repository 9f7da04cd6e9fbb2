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
// element's worker calls, with JSON parsed and errors made into exceptions.
// Keys are only ever in arguments and results: nothing is kept or sent.

// The engine: the crate with every export (the element's first-view module
// has only settings and validation).
import initCore, * as core from "./pkg/internal_tls_wizard_engine.js";

let loading = null;
let loaded = false;

/**
 * Loads the WebAssembly once; the other functions need it. `source` is what
 * wasm-bindgen's init takes: a URL, a Response, the bytes, or a compiled
 * WebAssembly.Module; by default pkg/internal_tls_wizard_engine_bg.wasm beside
 * this module, the package's "./wasm" export (in
 * Node, pass the bytes: `await init(await readFile(wasmPath))`).
 */
export function init(source) {
  if (!loading) {
    loading = initCore(source === undefined ? undefined : { module_or_path: source }).then(() => {
      loaded = true;
    });
    loading.catch(() => (loading = null));
  }
  return loading;
}

function ready() {
  if (!loaded) throw new Error("internal-tls-wizard: await init() before calling the core");
}

function settingsText(settings) {
  return typeof settings === "string" ? settings : JSON.stringify(settings);
}

/** The core's version (the crate's). */
export function version() {
  ready();
  return core.version();
}

/** A fresh default settings document. */
export function defaultSettings() {
  ready();
  return JSON.parse(core.defaultSettings());
}

/** The key algorithms the core makes, by their spelling in settings. */
export function keyAlgorithms() {
  ready();
  return JSON.parse(core.keyAlgorithms());
}

/**
 * Validates a settings document (an object or its JSON text), as the page
 * does on every keystroke: the findings, each Service's names and Secret, and
 * values.yaml when there is no error. Never throws for bad settings.
 */
export function validateSettings(settings) {
  ready();
  return JSON.parse(core.validate(settingsText(settings)));
}

/**
 * Checks a CA certificate and its key (PEM) the way Generate will use them:
 * a CA, the key matches, valid at `now` (a Date or milliseconds).
 */
export function checkCa(certPem, keyPem, now = Date.now()) {
  ready();
  return JSON.parse(core.checkCa(certPem, keyPem, Number(now)));
}

/** Why generateBundle made nothing: a message, the input it concerns, and the settings' findings. */
export class GenerateError extends Error {
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
 */
export function generateBundle(settings, options = {}) {
  ready();
  const { caCert, caKey, now = Date.now(), onProgress } = options;
  let json;
  try {
    json = core.generate(settingsText(settings), caCert ?? undefined, caKey ?? undefined, Number(now), (done, total) => {
      if (onProgress) onProgress(done, total);
    });
  } catch (error) {
    if (typeof error !== "string") throw error; // a bug in the core, not a finding
    let failure;
    try {
      failure = JSON.parse(error);
    } catch {
      failure = { error };
    }
    throw new GenerateError(failure);
  }
  return JSON.parse(json);
}

/** The files generateBundle returned, zipped under `folder/` (the page's "Download all"). */
export function zipFiles(folder, files) {
  ready();
  return core.zipFiles(folder, JSON.stringify(files));
}

// ---- Certificates: inspect and check.

/** Why a certificate, key or CA given to checkCertificate could not be read. */
export class InputError extends Error {
  constructor({ error, field = null }) {
    super(error);
    this.name = "InputError";
    this.field = field;
  }
}

/** Runs a core call that throws JSON text for inputs it cannot read. */
function reading(call) {
  try {
    return JSON.parse(call());
  } catch (error) {
    if (typeof error !== "string") throw error; // a bug in the core, not a finding
    let failure;
    try {
      failure = JSON.parse(error);
    } catch {
      failure = { error };
    }
    throw new InputError(failure);
  }
}

/**
 * Describes every certificate and private key in pasted text: PEM blocks (a
 * chain, a key, openssl's "Bag Attributes" around them) or Secret manifests
 * and `kubectl get secret -o yaml` output. One item per PEM text or Secret
 * key: {source, certificates, private_key, error}. Throws InputError only when
 * the text as a whole is refused (over 1 MiB).
 */
export function inspect(text) {
  ready();
  return reading(() => core.inspect(text));
}

/**
 * Checks a certificate (with its chain) the way the page checks what you
 * bring for a Service: the key matches, the chain reaches one of the CA
 * certificates in `ca` with every signature checked, each of `dnsNames` is
 * covered, it is valid at `now`, serverAuth (and clientAuth when asked) is
 * allowed, it is not a CA, nothing is weak. Returns the report ({valid,
 * findings, chain, chain_pem, …}); throws InputError naming the field
 * (`certificate`, `key` or `ca`) when one cannot be read.
 */
export function checkCertificate(certificate, options = {}) {
  ready();
  const { key = "", passphrase = "", ca = "", dnsNames = [], clientAuth = false, service = null, now = Date.now() } = options;
  const input = { certificate, key, passphrase, ca, dns_names: dnsNames, client_auth: clientAuth, service };
  return reading(() => core.checkCertificate(JSON.stringify(input), Number(now)));
}
