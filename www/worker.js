// The Rust core, run off the main thread. The page starts two of these: one
// answers validate and checkCa as the user types, the other generates (and is
// terminated to cancel). Every message carries an id; every answer repeats it.
//
// Private keys pass through here only as call arguments and results: nothing
// is logged, stored or sent anywhere.

import init, * as core from "./pkg/internal_tls_wizard.js";

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

function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

// RSA keys come from the browser's WebCrypto, which makes them natively (and
// in parallel) from its CSPRNG where RSA key generation in wasm is slow. They
// go to the engine as PKCS#8, and the engine checks each one (count, type,
// size, no key twice) before signing with it. Other algorithms, or a browser
// without WebCrypto, keep the engine's own key generation (null here).
async function webCryptoKeys(wasm, settings, onKey) {
  const wanted = JSON.parse(wasm.keysWanted(settings));
  if (!wanted.rsa_bits || !wanted.count || !(self.crypto && self.crypto.subtle)) return null;
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
      crypto.subtle.generateKey(algorithm, true, ["sign"]).then((pair) => {
        made += 1;
        onKey(made, wanted.count);
        return pair;
      }),
    ),
  );
  const keys = await Promise.all(pairs.map((pair) => crypto.subtle.exportKey("pkcs8", pair.privateKey)));
  return JSON.stringify(keys.map(base64));
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

// The core throws JSON text for expected failures; anything else is a bug.
function isCoreFailure(error) {
  return typeof error === "string";
}

/** Runs a core call; an expected failure (JSON text thrown) becomes {failure}. */
function coreCall(fn) {
  try {
    return fn();
  } catch (error) {
    if (!isCoreFailure(error)) throw error;
    try {
      return { failure: JSON.parse(error) };
    } catch {
      return { failure: { error, field: null, diagnostics: [], findings: [] } };
    }
  }
}

const handlers = {
  validate({ settings }) {
    return JSON.parse(core.validate(settings));
  },

  async checkCa({ cert, key, now }) {
    const wasm = await loadEngine();
    return JSON.parse(wasm.checkCa(cert, key, now));
  },

  // BYO and audit: each answers {failure} for what the core refuses to read.
  async inspect({ text }) {
    const wasm = await loadEngine();
    return coreCall(() => JSON.parse(wasm.inspect(text)));
  },

  async checkService({ certificate, key, passphrase, ca, dns_names, client_auth, service, now }) {
    const wasm = await loadEngine();
    const encrypted = key.trim() !== "" && wasm.isEncryptedKey(key);
    const needsPassphrase = encrypted && !passphrase;
    if (!certificate.trim()) return { encrypted, needsPassphrase, inspect: [] };
    const input = { certificate, key: needsPassphrase ? "" : key, passphrase, ca, dns_names, client_auth, service };
    const checked = coreCall(() => ({ report: JSON.parse(wasm.checkCertificate(JSON.stringify(input), now)) }));
    // The report describes the chain; what the check could not read is
    // described by inspect, so the user still sees what they pasted.
    const inspected = checked.report ? [] : coreCall(() => JSON.parse(wasm.inspect(certificate)));
    return { encrypted, needsPassphrase, inspect: Array.isArray(inspected) ? inspected : [], ...checked };
  },

  async audit({ settings, files, now }) {
    const wasm = await loadEngine();
    return coreCall(() => ({ report: JSON.parse(wasm.audit(settings, files, now)) }));
  },

  // Both generate calls go through the core's one pipeline: the merge into
  // the user's values file (valuesText) happens there, from the typed values.
  async generateBringYourOwn({ settings, brought, now, folder, valuesText }) {
    const wasm = await loadEngine();
    const done = coreCall(() => JSON.parse(wasm.generateBringYourOwn(settings, brought, now, valuesText || undefined)));
    if (done.failure) return done;
    const zipped = coreCall(() => ({ zip: wasm.zipFiles(folder, JSON.stringify(done.files)) }));
    return zipped.failure ? zipped : { ...done, zip: zipped.zip };
  },

  async generate({ settings, caCert, caKey, now, folder, valuesText, main }, id) {
    const wasm = await loadEngine();
    const progress = (done, total) => post({ id, type: "progress", done, total });
    const keys = await webCryptoKeys(wasm, settings, (done, total) =>
      post({ id, type: "progress", stage: "keys", done, total }),
    );
    let json;
    try {
      json = keys
        ? wasm.generateWithKeys(settings, caCert, caKey, now, progress, keys, main, valuesText || undefined)
        : wasm.generate(settings, caCert, caKey, now, progress, main, valuesText || undefined);
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      let failure;
      try {
        failure = JSON.parse(error);
      } catch {
        failure = { error, field: null, diagnostics: [] };
      }
      return { failure };
    }
    const result = JSON.parse(json);
    let zip;
    try {
      zip = wasm.zipFiles(folder, JSON.stringify(result.files));
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      return { failure: { error, field: null, diagnostics: [] } };
    }
    return { files: result.files, diagnostics: result.diagnostics, zip, merge: result.merge };
  },

  // ---- day-2: values file, renewal, expiry calendar
  async readValues({ settings, values }) {
    const wasm = await loadEngine();
    let read;
    try {
      read = JSON.parse(wasm.readValuesContext(settings, values));
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      return { failure: coreFailure(error) };
    }
    // A trial merge: what reading accepts (an anchor elsewhere in the file)
    // may still be something the merge refuses; say so now, not at Generate.
    try {
      wasm.mergeValues(JSON.stringify(read.settings), values);
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      const failure = coreFailure(error);
      if (failure.field === "values") return { failure };
      // Settings errors are the form's to show.
    }
    return read;
  },

  async renew({ input, now, folder }) {
    const wasm = await loadEngine();
    let result;
    try {
      result = JSON.parse(wasm.renew(input, now));
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      return { failure: coreFailure(error) };
    }
    let zip;
    try {
      zip = wasm.zipFiles(folder, JSON.stringify(result.files));
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      return { failure: coreFailure(error) };
    }
    return { files: result.files, report: result.report, zip };
  },

  async readBundleArchive({ name, bytes }) {
    const wasm = await loadEngine();
    try {
      return JSON.parse(wasm.readBundleArchive(name, bytes));
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      return { failure: coreFailure(error) };
    }
  },

  async expiryCalendar({ settings, files, now }) {
    const wasm = await loadEngine();
    try {
      return { ics: wasm.expiryCalendar(settings, files, now) };
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      return { failure: coreFailure(error) };
    }
  },
  // ---- end day-2
};

/** A core failure (JSON text) as an object; plain text becomes {error}. */
function coreFailure(error) {
  try {
    return JSON.parse(error);
  } catch {
    return { error, field: null, diagnostics: [] };
  }
}

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
          version: core.version(),
          chartVersion: core.chartVersion(),
          defaults: JSON.parse(core.defaultSettings()),
          algorithms: JSON.parse(core.keyAlgorithms()),
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
