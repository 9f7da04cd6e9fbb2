// The Rust core, run off the main thread. The page starts two of these: one
// answers validate and checkCa as the user types, the other generates (and is
// terminated to cancel). Every message carries an id; every answer repeats it.
//
// Private keys pass through here only as call arguments and results: nothing
// is logged, stored or sent anywhere.

import init, * as core from "./pkg/internal_tls_wizard.js";

let ready = null;
let dead = null;

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

/**
 * day-2: when the user gave their values file, values.yaml in `files` becomes
 * that file with only general.internal_tls changed. Answers {merge} or {failure}.
 */
function mergeValuesFile(files, settings, valuesText) {
  if (!valuesText) return { merge: null };
  const merged = coreCall(() => ({ merge: JSON.parse(core.mergeValues(settings, valuesText)) }));
  if (merged.failure) return merged;
  const values = files.find((f) => f.name === "values.yaml");
  if (values) values.contents = merged.merge.merged_text;
  return merged;
}

const handlers = {
  validate({ settings }) {
    return JSON.parse(core.validate(settings));
  },

  checkCa({ cert, key, now }) {
    return JSON.parse(core.checkCa(cert, key, now));
  },

  // BYO and audit: each answers {failure} for what the core refuses to read.
  inspect({ text }) {
    return coreCall(() => JSON.parse(core.inspect(text)));
  },

  checkService({ certificate, key, passphrase, ca, dns_names, client_auth, service, now }) {
    const encrypted = key.trim() !== "" && core.isEncryptedKey(key);
    const needsPassphrase = encrypted && !passphrase;
    const inspected = certificate.trim() ? coreCall(() => JSON.parse(core.inspect(certificate))) : [];
    if (!certificate.trim()) return { encrypted, needsPassphrase, inspect: [] };
    const input = { certificate, key: needsPassphrase ? "" : key, passphrase, ca, dns_names, client_auth, service };
    const checked = coreCall(() => ({ report: JSON.parse(core.checkCertificate(JSON.stringify(input), now)) }));
    return { encrypted, needsPassphrase, inspect: Array.isArray(inspected) ? inspected : [], ...checked };
  },

  audit({ settings, files, now }) {
    return coreCall(() => ({ report: JSON.parse(core.audit(settings, files, now)) }));
  },

  generateBringYourOwn({ settings, brought, now, folder, valuesText }) {
    const done = coreCall(() => JSON.parse(core.generateBringYourOwn(settings, brought, now)));
    if (done.failure) return done;
    const merged = mergeValuesFile(done.files, settings, valuesText);
    if (merged.failure) return merged;
    const zipped = coreCall(() => ({ zip: core.zipFiles(folder, JSON.stringify(done.files)) }));
    return zipped.failure ? zipped : { ...done, zip: zipped.zip, merge: merged.merge };
  },

  generate({ settings, caCert, caKey, now, folder, valuesText }, id) {
    let json;
    try {
      json = core.generate(settings, caCert, caKey, now, (done, total) =>
        post({ id, type: "progress", done, total }),
      );
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
    // day-2: merge into the user's values file (values.yaml becomes the merged file)
    const merged = mergeValuesFile(result.files, settings, valuesText);
    if (merged.failure) return merged;
    const merge = merged.merge;
    let zip;
    try {
      zip = core.zipFiles(folder, JSON.stringify(result.files));
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      return { failure: { error, field: null, diagnostics: [] } };
    }
    return { files: result.files, diagnostics: result.diagnostics, zip, merge };
  },

  // ---- day-2: values file, renewal, expiry calendar
  readValues({ settings, values }) {
    let read;
    try {
      read = JSON.parse(core.readValuesContext(settings, values));
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      return { failure: coreFailure(error) };
    }
    // A trial merge: what reading accepts (an anchor elsewhere in the file)
    // may still be something the merge refuses; say so now, not at Generate.
    try {
      core.mergeValues(JSON.stringify(read.settings), values);
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      const failure = coreFailure(error);
      if (failure.field === "values") return { failure };
      // Settings errors are the form's to show.
    }
    return read;
  },

  renew({ input, now, folder }) {
    let result;
    try {
      result = JSON.parse(core.renew(input, now));
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      return { failure: coreFailure(error) };
    }
    let zip;
    try {
      zip = core.zipFiles(folder, JSON.stringify(result.files));
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      return { failure: coreFailure(error) };
    }
    return { files: result.files, report: result.report, zip };
  },

  readBundleArchive({ name, bytes }) {
    try {
      return JSON.parse(core.readBundleArchive(name, bytes));
    } catch (error) {
      if (!isCoreFailure(error)) throw error;
      return { failure: coreFailure(error) };
    }
  },

  expiryCalendar({ settings, files, now }) {
    try {
      return { ics: core.expiryCalendar(settings, files, now) };
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
  if (type === "init") {
    ready = init({ module_or_path: message.module })
      .then(() => {
        post({
          id,
          type: "ready",
          version: core.version(),
          defaults: JSON.parse(core.defaultSettings()),
          algorithms: JSON.parse(core.keyAlgorithms()),
        });
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
    const transfer = value && value.zip ? [value.zip.buffer] : [];
    post({ id, type: "result", value }, transfer);
  } catch (error) {
    crashed(id, error);
  }
};
