// The Renew card: an existing bundle (its archive, or ca.crt, ca.key and
// secrets.yaml) re-issued from its CA with new keys and dates, and its expiry
// reminders as an .ics file. Like the rest of the page, nothing here logs,
// stores or puts in a URL what the user gives.

import { saveFile } from "./downloads.js";
import { failureText, diagnostic, readFile } from "./daytwo.js";

/** The core reads archives up to 16 MiB (src/output/archive.rs). */
const MAX_ARCHIVE = 16 * 1024 * 1024;

/** The Renew card. `ctx`: {$, generator, releaseName()}. */
export function startRenew(ctx) {
  const { $ } = ctx;
  let result = null;
  let running = false;

  const FIELDS = { ca_cert: "renew-ca-cert", ca_key: "renew-ca-key", secrets: "renew-secrets" };

  function clearDiags() {
    for (const id of [...Object.values(FIELDS), "renew-days"]) {
      $(`${id}-diag`).replaceChildren();
      $(id).removeAttribute("aria-invalid");
    }
    $("renew-diag").replaceChildren();
  }

  function fail(field, message) {
    const id = FIELDS[field] || (field === "days" ? "renew-days" : null);
    if (id) {
      $(`${id}-diag`).append(diagnostic("error", message));
      $(id).setAttribute("aria-invalid", "true");
    } else {
      $("renew-diag").append(diagnostic("error", message));
    }
  }

  function cell(text, className) {
    const td = document.createElement("td");
    if (className) td.className = className;
    td.textContent = text;
    return td;
  }

  function day(rfc3339) {
    return String(rfc3339 || "").slice(0, 10);
  }

  function render() {
    $("renew-result").hidden = !result;
    if (!result) return;
    const report = result.report;
    $("renew-caption").textContent = `Renewed ${report.renewed.length} certificate${report.renewed.length === 1 ? "" : "s"}, signed by ${report.ca_subject} (valid until ${day(report.ca_not_after)})`;
    const body = $("renew-body");
    body.replaceChildren();
    for (const entry of report.renewed) {
      const row = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.className = "mono";
      th.textContent = entry.secret;
      row.append(th);
      row.append(cell((entry.services || []).join(", ") || "—"));
      const serial = cell("", "mono serials");
      const oldSerial = document.createElement("span");
      oldSerial.className = "old";
      oldSerial.textContent = entry.old_serial;
      const newSerial = document.createElement("span");
      newSerial.className = "new";
      newSerial.textContent = entry.new_serial;
      serial.append(oldSerial, " → ", newSerial);
      row.append(serial);
      row.append(cell(`${day(entry.old_not_after)} → ${day(entry.new_not_after)}`, "mono"));
      row.append(cell(entry.sans_unchanged ? `unchanged (${entry.sans.length})` : "changed"));
      ["Secret", "Services", "Serial (old → new)", "Expires (old → new)", "Names"].forEach((label, i) => {
        row.children[i].dataset.label = label;
      });
      body.append(row);
    }
    const notes = $("renew-notes");
    notes.replaceChildren();
    for (const text of [
      ...(report.kept.length ? [`Kept unchanged: ${report.kept.join(", ")}.`] : []),
      ...report.notes,
    ]) {
      const item = document.createElement("li");
      item.textContent = text;
      notes.append(item);
    }
    $("renew-restart").textContent = report.restart_commands.join("\n");
  }

  async function renewNow() {
    if (running) return;
    clearDiags();
    const input = {
      ca_cert: $("renew-ca-cert").value,
      ca_key: $("renew-ca-key").value,
      secrets: $("renew-secrets").value,
    };
    let missing = false;
    for (const [field, label] of [["ca_cert", "ca.crt"], ["ca_key", "ca.key"], ["secrets", "secrets.yaml"]]) {
      if (!input[field].trim()) {
        fail(field, `Paste ${label} or open it.`);
        missing = true;
      }
    }
    const daysText = $("renew-days").value.trim();
    if (!/^\d{1,5}$/.test(daysText) || Number(daysText) < 1) {
      fail("days", "Enter a whole number of days, such as 365.");
      missing = true;
    }
    if (missing) return;
    input.days = Number(daysText);
    running = true;
    $("renew").disabled = true;
    $("renew-status").textContent = "Renewing…";
    const folder = `internal-tls-renewed-${new Date().toISOString().slice(0, 10)}`;
    try {
      const value = await ctx.generator.call("renew", { request: { ...input, now: Date.now() }, folder });
      if (value.failure) {
        fail(value.failure.field, value.failure.error);
        $("renew-status").textContent = "Nothing was renewed.";
        result = null;
      } else {
        result = { files: value.files, report: value.report, zip: value.zip, folder };
        $("renew-status").textContent = `Renewed ${value.report.renewed.length} certificate${value.report.renewed.length === 1 ? "" : "s"}. Download the files below.`;
      }
    } catch (error) {
      $("renew-status").textContent = `Renewal stopped: ${error.message}`;
      result = null;
    } finally {
      running = false;
      $("renew").disabled = false;
      render();
    }
  }

  function fileOf(name) {
    return result ? result.files.find((f) => f.name === name) : undefined;
  }

  async function downloadIcs() {
    if (!result) return;
    const secrets = fileOf("secrets.yaml");
    // The CA's end comes from the CA Secret in secrets.yaml.
    const files = secrets ? [{ name: "secrets.yaml", text: secrets.contents }] : [];
    // The audit behind the calendar reads the Secret names from a values
    // document; a renewal has none, so one is written from its report.
    const report = result.report;
    const first = report.renewed[0];
    const caSecret = report.kept[0] || (report.renewed.find((r) => r.carries_ca) || {}).secret || "";
    const existing = {};
    for (const entry of report.renewed) for (const key of entry.services) existing[key] = entry.secret;
    const values = {
      general: {
        internal_tls: {
          enabled: true,
          certificates: { source: "existing_certificates", existing_ca_secret_name: caSecret, existing_certificates: existing },
        },
      },
    };
    files.push({ name: "values.yaml", text: JSON.stringify(values) });
    const settings = {
      release_name: ctx.releaseName() || "",
      namespace: first ? first.namespace : "",
      keycloak_cluster: report.renewed.some((r) => r.services.includes("keycloak_cluster")),
    };
    let value;
    try {
      value = await ctx.generator.call("expiryCalendar", { request: { ...settings, files, now: Date.now() } });
    } catch (error) {
      $("renew-diag").replaceChildren(diagnostic("error", `The reminders could not be made: ${error.message}`));
      return;
    }
    if (value.failure) {
      $("renew-diag").replaceChildren(diagnostic("error", `The reminders could not be made: ${value.failure.error}`));
      return;
    }
    saveFile("internal-tls-expiry.ics", value.ics);
  }

  /** The bundle's archive (Download all files): its three files go into their boxes. */
  async function openArchive(file) {
    clearDiags();
    if (file.size > MAX_ARCHIVE) {
      fail("archive", `${file.name} is ${file.size} bytes; a bundle archive is well under 1 MiB. Is this the right file?`);
      return;
    }
    let value;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      value = await ctx.generator.call("readBundleArchive", { name: file.name, bytes });
    } catch (error) {
      fail("archive", `${file.name} could not be read: ${error.message}`);
      return;
    }
    if (value.failure) {
      fail("archive", value.failure.error);
      return;
    }
    $("renew-ca-cert").value = value.ca_cert;
    $("renew-ca-key").value = value.ca_key;
    $("renew-secrets").value = value.secrets;
  }

  /** Puts each picked file in its box: by name first, then by what it holds. */
  async function openFiles(list) {
    for (const file of list) {
      if (/\.zip$/i.test(file.name)) {
        await openArchive(file);
        continue;
      }
      let contents;
      try {
        contents = await readFile(file);
      } catch (error) {
        $("renew-diag").replaceChildren(diagnostic("error", error.message));
        continue;
      }
      const name = file.name.toLowerCase();
      let target;
      if (/\.ya?ml$/.test(name) || /kind:\s*Secret/.test(contents)) target = "renew-secrets";
      else if (/PRIVATE KEY-----/.test(contents) || name.endsWith(".key")) target = "renew-ca-key";
      else target = "renew-ca-cert";
      $(target).value = contents;
    }
  }

  $("renew").addEventListener("click", renewNow);
  $("renew-open").addEventListener("click", () => $("renew-files").click());
  $("renew-files").addEventListener("change", async (event) => {
    const files = [...(event.target.files || [])];
    event.target.value = "";
    await openFiles(files);
  });
  $("renew-dl-all").addEventListener("click", () => result && saveFile(`${result.folder}.zip`, result.zip));
  $("renew-dl-secrets").addEventListener("click", () => {
    const secrets = fileOf("secrets.yaml");
    if (secrets) saveFile("secrets.yaml", secrets.contents);
  });
  $("renew-dl-ics").addEventListener("click", downloadIcs);

  return {
    /** Browsers may restore textarea contents on reload; a pasted key must not come back. */
    clear() {
      for (const id of Object.values(FIELDS)) $(id).value = "";
    },
  };
}
