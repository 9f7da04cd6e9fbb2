// The live checks: the settings validated and the pasted CA checked by the
// core (in the checker worker) a moment after each change, newest answer only.

const VALIDATE_DELAY_MS = 100;
const CA_CHECK_DELAY_MS = 200;

/** The live checks of wizard `w`; the returned functions go on `w.checks`. */
export function startChecks(w) {
  const { $, state, form } = w;
  let validateTimer = 0;
  let caTimer = 0;

  function readNow() {
    state.read = form.readForm(state.base);
    form.showMode(state.read.mode, state.read.settings.certificates.ca, state.read.settings.certificates.cert_manager);
    w.settingsIo.persist(state.read.settings);
    return state.read;
  }

  /** aria-busy on the Checks while a check is waiting or running (tests wait on it too). */
  function updateBusy() {
    $("summary").setAttribute("aria-busy", String(state.validatePending || state.caPending));
  }

  async function validateNow() {
    clearTimeout(validateTimer);
    state.validatePending = true;
    updateBusy();
    const read = readNow();
    const seq = ++state.validationSeq;
    let validation;
    try {
      validation = await w.checker.call("validate", { settings: read.settings });
    } catch {
      return; // a crash is reported by onCrash
    }
    if (seq !== state.validationSeq || w.disposed) return;
    state.validation = validation;
    state.validatePending = false;
    w.render();
    w.reportChange();
  }

  function scheduleValidate() {
    readNow();
    // A validation under way is for the form as it was: drop its answer.
    state.validationSeq++;
    state.validatePending = true;
    updateBusy();
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validateNow, VALIDATE_DELAY_MS);
  }

  async function checkCaNow() {
    clearTimeout(caTimer);
    const seq = ++state.caSeq;
    const own = form.readOwnCa();
    if (!own.cert.trim() || !own.key.trim()) {
      state.caCheck = null;
      state.caPending = false;
      w.render();
      return;
    }
    let result;
    try {
      result = await w.checker.call("checkCa", { cert: own.cert, key: own.key, now: Date.now() });
    } catch {
      return;
    }
    if (seq !== state.caSeq) return;
    state.caCheck = result;
    state.caPending = false;
    w.render();
  }

  function scheduleCaCheck() {
    state.fieldFailure = null;
    state.caSeq++;
    state.caCheck = null;
    state.caPending = true;
    clearTimeout(caTimer);
    caTimer = setTimeout(checkCaNow, CA_CHECK_DELAY_MS);
    w.render();
  }

  /** Drops a validation that is waiting to run (the form is read now instead). */
  function cancelPending() {
    clearTimeout(validateTimer);
  }

  function dispose() {
    clearTimeout(validateTimer);
    clearTimeout(caTimer);
  }

  return { readNow, updateBusy, validateNow, scheduleValidate, checkCaNow, scheduleCaCheck, cancelPending, dispose };
}
