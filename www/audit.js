// "Check an existing install": a values.yaml and a Secrets dump (pasted,
// picked or dropped) audited by the core, shown as a table, one row a service.
// Nothing read here is stored or logged.

import { acceptFiles } from "./pem-input.js";
import { saveFile } from "./downloads.js";

const DELAY_MS = 150;
const STATUS_WORD = { ok: "OK", warning: "Warning", error: "Error", "not-deployed": "Not deployed" };

/**
 * ctx: {root, checker() (the checker worker), defaults() ({release, namespace}
 * from the main form, used when the audit's own fields are empty)}.
 */
export function startAudit(ctx) {
  const $ = (id) => ctx.root.getElementById(id);
  let timer = 0;
  let seq = 0;

  /** What the table shows now: the inputs of the last audit, for the calendar. */
  let audited = null;

  const fileMessage = (text) => ($("audit-message").textContent = text);
  acceptFiles($("audit-values"), $("audit-values-file"), fileMessage);
  acceptFiles($("audit-secrets"), $("audit-secrets-file"), fileMessage);
  $("audit-ics").addEventListener("click", downloadCalendar);

  function schedule() {
    clearTimeout(timer);
    // An audit already under way is for inputs that have changed: its answer
    // must not be shown, nor clear the busy state this change sets.
    seq++;
    $("audit-section").setAttribute("aria-busy", "true");
    timer = setTimeout(run, DELAY_MS);
  }

  async function run() {
    const mine = ++seq;
    const values = $("audit-values").value;
    const secrets = $("audit-secrets").value;
    const status = $("audit-status");
    if (!values.trim() && !secrets.trim()) {
      status.textContent = "Paste or choose a values.yaml and the Secrets to see the audit.";
      $("audit-table").hidden = true;
      showCalendar(null);
      $("audit-findings").replaceChildren();
      $("audit-section").setAttribute("aria-busy", "false");
      return;
    }
    const fallback = ctx.defaults();
    const settings = {
      release_name: $("audit-release").value.trim() || fallback.release,
      namespace: $("audit-namespace").value.trim() || fallback.namespace,
      name_override: $("audit-name-override").value.trim() || null,
      cluster_domain: "",
      // Not ticked: what the values say, else the chart's default (on).
      keycloak_cluster: $("audit-keycloak-cluster").checked ? false : null,
    };
    const files = [];
    if (values.trim()) files.push({ name: "values.yaml", text: values });
    if (secrets.trim()) files.push({ name: "secrets.yaml", text: secrets });
    let answer;
    const worker = ctx.checker();
    if (!worker) return;
    try {
      answer = await worker.call("audit", { request: { ...settings, files, now: Date.now() } });
    } catch {
      return;
    }
    if (mine !== seq) return;
    $("audit-section").setAttribute("aria-busy", "false");
    render(answer, settings);
    showCalendar(answer.failure ? null : { settings, files });
  }

  function showCalendar(inputs) {
    audited = inputs;
    $("audit-ics-row").hidden = !inputs;
    $("audit-ics-help").hidden = !inputs;
    if (!inputs) $("audit-cas").hidden = true;
  }

  async function downloadCalendar() {
    const worker = ctx.checker();
    if (!audited || !worker) return;
    let value;
    try {
      value = await worker.call("expiryCalendar", {
        request: { ...audited.settings, files: audited.files, now: Date.now() },
      });
    } catch (error) {
      fileMessage(`The reminders could not be made: ${error.message}`);
      return;
    }
    if (value.failure) {
      fileMessage(`The reminders could not be made: ${value.failure.error}`);
      return;
    }
    saveFile("internal-tls-expiry.ics", value.ics);
  }

  function render(answer, settings) {
    const status = $("audit-status");
    const table = $("audit-table");
    const body = $("audit-body");
    const general = $("audit-findings");
    body.replaceChildren();
    general.replaceChildren();
    if (answer.failure) {
      status.textContent = `The files cannot be audited: ${answer.failure.error}`;
      status.className = "audit-status error";
      table.hidden = true;
      return;
    }
    const report = answer.report;
    const counts = { ok: 0, warning: 0, error: 0 };
    for (const s of report.services) if (s.status in counts) counts[s.status]++;
    status.className = `audit-status ${report.ok ? "ok" : "error"}`;
    const fullname = report.fullname === settings.release_name ? "" : ` (${report.fullname})`;
    status.textContent = `Release ${settings.release_name}${fullname} in namespace ${report.namespace}: ${
      report.ok ? "every deployed service will find a usable certificate" : "the chart will not find a usable certificate for every service"
    } (${counts.ok} OK, ${counts.warning} with warnings, ${counts.error} with errors).`;
    for (const finding of report.findings) general.append(findingItem(finding));
    const cas = $("audit-cas");
    cas.replaceChildren();
    for (const ca of report.cas || []) {
      const item = document.createElement("li");
      item.className = `band-${ca.band}`;
      item.dataset.secret = ca.secret;
      item.append(`CA ${ca.subject} (Secret ${ca.secret}): expires ${ca.not_after.slice(0, 10)}`, daysLeft(ca.days_left, ca.band));
      cas.append(item);
    }
    cas.hidden = !cas.childElementCount;
    for (const service of report.services) {
      const row = document.createElement("tr");
      row.className = `status-${service.status}`;
      row.dataset.service = service.key;
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = service.label;
      const cells = [
        ["Service and Secret", serviceAndSecret(service), "mono"],
        ["Status", badge(service.status), "status"],
        ["Expires", expires(service), "expires"],
      ];
      row.append(th);
      th.dataset.label = "Component";
      for (const [label, content, className] of cells) {
        const td = document.createElement("td");
        td.dataset.label = label;
        if (className) td.className = className;
        td.append(content);
        row.append(td);
      }
      const td = document.createElement("td");
      td.dataset.label = "Findings";
      td.className = "audit-cell-findings";
      if (!service.findings.length) td.textContent = service.status === "not-deployed" ? "Not needed." : "None.";
      for (const finding of service.findings) td.append(findingItem(finding));
      row.append(td);
      body.append(row);
    }
    table.hidden = false;
  }

  function serviceAndSecret(service) {
    const box = document.createDocumentFragment();
    box.append(service.service_name || "—");
    const secret = document.createElement("span");
    secret.className = "secret-name";
    secret.textContent = service.secret_name ? `Secret ${service.secret_name}` : "no Secret named";
    box.append(secret);
    return box;
  }

  function expires(service) {
    if (!service.certificate) return "—";
    const box = document.createDocumentFragment();
    box.append(service.certificate.not_after.slice(0, 10));
    if (typeof service.days_left === "number") box.append(daysLeft(service.days_left, service.expiry));
    return box;
  }

  /** "N days left", marked with its band (ok, warning: 30 days or fewer, expired). */
  function daysLeft(days, band) {
    const span = document.createElement("span");
    span.className = `days-left band-${band || "ok"}`;
    span.textContent = days < 0 ? `expired ${-days} days ago` : `${days} days left`;
    return span;
  }

  function badge(status) {
    const span = document.createElement("span");
    span.className = `badge ${status}`;
    span.textContent = STATUS_WORD[status] || status;
    return span;
  }

  function findingItem(finding) {
    const item = document.createElement("div");
    item.className = `diag ${finding.severity}`;
    item.dataset.code = finding.code;
    item.textContent = finding.message;
    if (finding.hint) {
      const hint = document.createElement("span");
      hint.className = "hint";
      hint.textContent = ` ${finding.hint}`;
      item.append(hint);
    }
    return item;
  }

  $("audit-section").addEventListener("input", schedule);
  $("audit-section").addEventListener("change", (event) => {
    if (event.target.type === "checkbox") schedule();
  });
  // Browsers may restore textarea contents on reload; a pasted key must not come back.
  $("audit-values").value = "";
  $("audit-secrets").value = "";
  return { schedule, dispose: () => clearTimeout(timer) };
}
