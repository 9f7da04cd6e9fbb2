// The wizard's state: one plain object a wizard's modules share, and the
// facts derived from it. Only app.js and the controllers change it; views read.

/** A fresh state for one wizard. */
export function createState() {
  return {
    defaults: null,
    /** The settings document the form edits (fields the form lacks survive). */
    base: null,
    /** The last readForm() result. */
    read: null,
    validation: null,
    validationSeq: 0,
    caCheck: null,
    caSeq: 0,
    validatePending: false,
    caPending: false,
    /** A generation failure that names a field (the pasted CA), shown beside it until that field changes. */
    fieldFailure: null,
    generating: false,
    /** The last generation: {files, zip, diagnostics, snapshot, folder, certificates, at}. */
    result: null,
    /** False while a new CA key exists that was not downloaded (alone or in the archive). */
    caKeySaved: true,
    crashed: false,
    lastCounts: "",
    lastErrors: 0,
  };
}

/** Whether the form signs with the user's own CA (pasted below it). */
export function usesOwnCa(state) {
  const read = state.read;
  return Boolean(
    read &&
      read.mode === "create" &&
      read.settings.internal_tls.enabled &&
      read.settings.certificates.ca === "provided",
  );
}

/** Whether the form is in bring-your-own mode. */
export function byoActive(state) {
  return Boolean(state.read && state.read.mode === "byo" && state.read.settings.internal_tls.enabled);
}

/** `source` laid over `target`, objects merged key by key (arrays replaced). */
export function deepMerge(target, source) {
  if (typeof source !== "object" || source === null || Array.isArray(source)) return source;
  const out = typeof target === "object" && target !== null && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(source)) {
    out[key] = deepMerge(out[key], value);
  }
  return out;
}
