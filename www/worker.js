// The Rust core, run off the main thread. The page starts two of these: one
// answers validate and checkCa as the user types, the other generates (and is
// terminated to cancel). Every message carries an id; every answer repeats it.
//
// Private keys pass through here only as call arguments and results: nothing
// is logged, stored or sent anywhere.

import init, * as core from "./pkg/internal_tls_wizard.js";
import { CoreFailure, coreCalls, webCryptoKeys } from "./core-calls.js";

let ready = null;
let dead = null;

// The engine (keys, certificates, imports, the zip) is a second module, so
// that the form opens with only the small first-view module above. The page
// compiles its WebAssembly once and sends it to every worker ({type:
// "engine"}, core.js) soon after the form is up; the first call that needs it
// waits for it. A failed load is retried when the page sends it again.
//
// The one-file build (.ci/build-single-file) starts the worker with the engine
// as its only module: then `core` already holds every export and nothing is
// fetched.
const ENGINE_IS_CORE = typeof core.generate === "function";
let engine = null;
let engineArrived = null;
let engineSent = new Promise((resolve, reject) => (engineArrived = { resolve, reject }));

function receiveEngine(message) {
  if (message.error) {
    engineArrived.reject(new Error(`the certificate engine could not be loaded: ${message.error}`));
    engineSent = new Promise((resolve, reject) => (engineArrived = { resolve, reject }));
    engine = null;
    return;
  }
  engineArrived.resolve(message.module);
}

function loadEngine() {
  if (ENGINE_IS_CORE) return ready.then(() => core);
  if (!engine) {
    engine = Promise.all([import("./pkg/internal_tls_wizard_engine.js"), engineSent]).then(
      async ([module, compiled]) => {
        await module.default({ module_or_path: compiled });
        return module;
      },
    );
    engine.catch(() => {
      engine = null; // let a later call try again
    });
  }
  return engine;
}

function post(message, transfer) {
  self.postMessage(message, transfer || []);
}

// A WebAssembly trap (a Rust panic is compiled to one) leaves the module in an
// unknown state: from then on this worker refuses every call and the page
// offers to reload.
function crashed(id, error) {
  dead = String((error && error.message) || error || "unknown error");
  post({ id, type: "crash", message: dead });
}

/** Runs a call; the core's refusal becomes {failure}, for the page to show. */
async function answering(call) {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CoreFailure) return { failure: error.failure };
    throw error;
  }
}

const first = coreCalls(core);
let engineCalls = null;

async function engineReady() {
  const wasm = await loadEngine();
  engineCalls ??= coreCalls(wasm);
  return engineCalls;
}

const handlers = {
  validate({ settings }) {
    return first.validate(settings);
  },

  async checkCa({ cert, key, now }) {
    return (await engineReady()).checkCa(cert, key, now);
  },

  // BYO and audit: each answers {failure} for what the core refuses to read.
  async inspect({ text }) {
    const calls = await engineReady();
    return answering(() => calls.inspect(text));
  },

  async checkService({ certificate, key, passphrase, ca, dns_names, client_auth, service, now }) {
    const calls = await engineReady();
    const encrypted = key.trim() !== "" && calls.isEncryptedKey(key);
    const needsPassphrase = encrypted && !passphrase;
    if (!certificate.trim()) return { encrypted, needsPassphrase, inspect: [] };
    const request = { certificate, key: needsPassphrase ? "" : key, passphrase, ca, dns_names, client_auth, service, now };
    const checked = await answering(() => ({ report: calls.checkCertificate(request) }));
    // The report describes the chain; what the check could not read is
    // described by inspect, so the user still sees what they pasted.
    const inspected = checked.report ? [] : await answering(() => calls.inspect(certificate));
    return { encrypted, needsPassphrase, inspect: Array.isArray(inspected) ? inspected : [], ...checked };
  },

  async audit({ request }) {
    const calls = await engineReady();
    return answering(() => ({ report: calls.audit(request) }));
  },

  async expiryCalendar({ request }) {
    const calls = await engineReady();
    return answering(() => ({ ics: calls.expiryCalendar(request) }));
  },

  // Every bundle goes through the core's one pipeline (issued here or
  // brought, merged into the user's values file there), then the zip.
  async generate({ request, folder }, id) {
    const calls = await engineReady();
    const progress = (done, total) => post({ id, type: "progress", done, total });
    const source = request.source;
    if (source.kind === "issue" && !source.keys) {
      const keys = await webCryptoKeys(calls, request.settings, (done, total) =>
        post({ id, type: "progress", stage: "keys", done, total }),
      );
      if (keys) request = { ...request, source: { ...source, keys } };
    }
    return answering(() => {
      const bundle = calls.generate(request, progress);
      return { ...bundle, zip: calls.zipFiles(folder, bundle.files, request.now ?? undefined) };
    });
  },

  // ---- day-2: values file, renewal, archive
  async readValues({ settings, values }) {
    const calls = await engineReady();
    return answering(() => {
      const read = calls.readValuesContext(settings, values);
      // A trial merge: what reading accepts (an anchor elsewhere in the file)
      // may still be something the merge refuses; say so now, not at Generate.
      try {
        calls.mergeValues(read.settings, values);
      } catch (error) {
        if (!(error instanceof CoreFailure)) throw error;
        if (error.failure.field === "values") throw error;
        // Settings errors are the form's to show.
      }
      return read;
    });
  },

  async renew({ request, folder }) {
    const calls = await engineReady();
    return answering(() => {
      const renewed = calls.renew(request);
      return { ...renewed, zip: calls.zipFiles(folder, renewed.files, request.now ?? undefined) };
    });
  },

  async readBundleArchive({ name, bytes }) {
    const calls = await engineReady();
    return answering(() => calls.readBundleArchive(name, bytes));
  },
  // ---- end day-2
};

self.onmessage = async (event) => {
  const message = event.data || {};
  const { id, type } = message;
  if (type === "engine") {
    receiveEngine(message);
    if (!ENGINE_IS_CORE) loadEngine().then(() => post({ type: "engine-ready" }), () => {});
    return;
  }
  if (type === "init") {
    ready = init({ module_or_path: message.module })
      .then(() => {
        post({
          id,
          type: "ready",
          version: first.version(),
          chartVersion: first.chartVersion(),
          defaults: first.defaultSettings(),
          algorithms: first.keyAlgorithms(),
        });
        if (ENGINE_IS_CORE) post({ type: "engine-ready" });
      })
      .catch((error) => crashed(id, error));
    return;
  }
  if (dead !== null) {
    post({ id, type: "crash", message: dead });
    return;
  }
  const handler = handlers[type];
  if (!handler) {
    post({ id, type: "error", message: `unknown request ${type}` });
    return;
  }
  try {
    await ready;
    if (dead !== null) {
      post({ id, type: "crash", message: dead });
      return;
    }
    const value = handler(message, id);
    // checkCa and generate wait for the engine (and WebCrypto); a call that
    // trapped meanwhile leaves the module unusable, so check again.
    const result = await value;
    if (dead !== null) {
      post({ id, type: "crash", message: dead });
      return;
    }
    const transfer = result && result.zip ? [result.zip.buffer] : [];
    post({ id, type: "result", value: result }, transfer);
  } catch (error) {
    crashed(id, error);
  }
};
