// The diagnostics view: each finding beside the field it names and in the
// Checks summary, with the counts.

import { usesOwnCa } from "./state.js";

const SEVERITY_WORD = { error: "Error", warning: "Warning", info: "Note" };

/**
 * One finding as the page shows it: "Error: message hint", its code as
 * data-code; `extra` (a node, such as the names concerned) goes before the hint.
 */
export function diagnosticElement(diagnostic, prefix = "", extra = null) {
  const item = document.createElement("div");
  item.className = `diag ${diagnostic.severity}`;
  item.dataset.code = diagnostic.code || "";
  const word = document.createElement("strong");
  word.className = "sev";
  word.textContent = `${SEVERITY_WORD[diagnostic.severity] || "Note"}: `;
  const message = document.createElement("span");
  message.textContent = prefix + diagnostic.message;
  item.append(word, message);
  if (extra) item.append(extra);
  if (diagnostic.hint) {
    const hint = document.createElement("span");
    hint.className = "hint";
    hint.textContent = ` ${diagnostic.hint}`;
    item.append(hint);
  }
  return item;
}

function clearDiagnostics(root) {
  for (const slot of root.querySelectorAll("#wizard .diag-slot")) slot.replaceChildren();
  for (const input of root.querySelectorAll("#wizard [aria-invalid]:not(#values-file-text)")) input.removeAttribute("aria-invalid");
}

/** Every finding to show now: the form's own, the core's, the pasted CA's. */
export function currentDiagnostics(state) {
  const read = state.read;
  const list = [...(read ? read.problems : [])];
  const validation = state.validation;
  if (validation && validation.parse_error) {
    list.push({
      severity: "error",
      code: "settings-unreadable",
      path: "",
      message: `The settings could not be read: ${validation.parse_error}`,
      hint: "Use Reset form to start again from the defaults.",
    });
  }
  if (validation) list.push(...validation.diagnostics);
  if (usesOwnCa(state) && state.caCheck && !state.caCheck.ok) {
    list.push({
      severity: "error",
      code: "ca-unusable",
      path: state.caCheck.field || "ca_cert",
      message: state.caCheck.error || "This CA cannot sign certificates.",
      hint: "",
    });
  }
  if (state.fieldFailure && usesOwnCa(state)) list.push(state.fieldFailure);
  const rank = { error: 0, warning: 1, info: 2 };
  return list.sort((a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3));
}

/**
 * Shows `list` beside the fields it names (else under Checks) and in the
 * Checks summary; returns how many are errors.
 */
export function renderDiagnostics(w, list) {
  const { root, $, state, form } = w;
  clearDiagnostics(root);
  const summary = $("summary-list");
  summary.replaceChildren();
  const sanLines = state.read ? state.read.sanLines : [];
  for (const diagnostic of list) {
    const target = form.fieldForPath(diagnostic.path, sanLines);
    const slot = target ? $(`${target.field}-diag`) : null;
    const prefix = target ? target.prefix : "";
    (slot || $("general-diag")).append(diagnosticElement(diagnostic, prefix));
    if (target && diagnostic.severity === "error") {
      const control = $(target.field);
      if (control && control.tagName !== "FIELDSET") control.setAttribute("aria-invalid", "true");
    }

    const item = document.createElement("li");
    item.className = `summary-item ${diagnostic.severity}`;
    const sev = document.createElement("span");
    sev.className = "sev";
    sev.textContent = SEVERITY_WORD[diagnostic.severity] || "Note";
    item.append(sev, " ");
    if (target && $(target.field)) {
      const link = document.createElement("a");
      link.href = `#${target.field}`;
      link.textContent = form.labelOf(target.field);
      link.addEventListener("click", (event) => {
        event.preventDefault();
        focusField(target.field);
      });
      item.append(link, ": ");
    }
    item.append(prefix + diagnostic.message);
    summary.append(item);
  }

  const count = (severity) => list.filter((d) => d.severity === severity).length;
  const errors = count("error");
  const warnings = count("warning");
  const notes = count("info");
  const parts = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  if (notes) parts.push(`${notes} note${notes === 1 ? "" : "s"}`);
  const text = parts.length ? `${parts.join(", ")}.` : "No problems found.";
  const counts = $("summary-counts");
  if (text !== state.lastCounts) {
    counts.textContent = text;
    state.lastCounts = text;
  }
  counts.classList.toggle("ok", parts.length === 0);
  counts.classList.toggle("has-errors", errors > 0);
  return errors;
}

function focusField($, field) {
  const element = $(field);
  if (!element) return;
  const focusable = element.tagName === "FIELDSET" ? element.querySelector("input:checked, input") : element;
  element.scrollIntoView({ block: "center", behavior: "smooth" });
  if (focusable) focusable.focus({ preventScroll: true });
}
