// The overview views: what each certificate must cover, and the values.yaml
// the settings make (with what differs from the chart's defaults, as the
// core lists it).

function cell(text, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  if (text instanceof Node) td.append(text);
  else td.textContent = text;
  return td;
}

/** A DNS name that may wrap after its dots only. */
function dnsNameItem(name) {
  const li = document.createElement("li");
  name.split(".").forEach((label, index) => {
    if (index > 0) li.append(".", document.createElement("wbr"));
    const span = document.createElement("span");
    span.className = "label";
    span.textContent = label;
    li.append(span);
  });
  return li;
}

/** The services table: each component's Service, DNS names and Secret. */
export function renderServices(w) {
  const { $, state, form } = w;
  const validation = state.validation;
  const services = validation ? validation.services : [];
  const body = $("services-body");
  body.replaceChildren();
  const byKey = new Map(services.map((s) => [s.key, s]));
  for (const [key, fallbackLabel] of form.SERVICE_KEYS) {
    const service = byKey.get(key);
    const id = form.fieldId(key);
    const input = $(id);
    const help = $(`${id}-help`);
    if (!service) {
      input.placeholder = "";
      continue;
    }
    input.placeholder = service.default_secret_name || "";
    input.closest(".service-block").classList.toggle("not-deployed", !service.deployed);
    $(`${id}-label`).textContent = `${service.label || fallbackLabel} Secret`;
    help.textContent = service.deployed
      ? `For ${service.service_name || "its Service"}.`
      : "Not deployed in this release; the chart ignores it.";

    const row = document.createElement("tr");
    if (!service.deployed) row.className = "not-deployed";
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = service.label || fallbackLabel;
    if (!service.deployed) {
      const note = document.createElement("span");
      note.className = "tag";
      note.textContent = "not deployed";
      th.append(" ", note);
    }
    row.append(th);
    row.append(cell(service.service_name || "—", "mono"));
    let names;
    if (service.deployed && service.dns_names.length) {
      names = document.createElement("ul");
      names.className = "names";
      for (const name of service.dns_names) {
        names.append(dnsNameItem(name));
      }
    } else {
      names = service.deployed ? "—" : "none needed";
    }
    row.append(cell(names, "mono"));
    row.append(cell(service.deployed ? service.secret_name || "—" : "—", "mono"));
    for (const [index, label] of ["Component", "Service", "DNS names", "Secret"].entries()) {
      row.children[index].dataset.label = label;
    }
    body.append(row);
  }
  const extras = state.read ? state.read.settings.release.extra_sans : [];
  const caption = $("services-table").querySelector("caption");
  caption.textContent = extras.length
    ? `What each certificate must cover, plus the extra SANs: ${extras.join(", ")}`
    : "What each certificate must cover, derived from the settings above";
}

/** The values.yaml preview and the list of values that differ from the chart's. */
export function renderValues(w) {
  const { $ } = w;
  const validation = w.state.validation;
  const preview = $("values-preview");
  const changes = $("changes");
  changes.replaceChildren();
  const yaml = validation && validation.values_yaml;
  if (!yaml) {
    preview.textContent = "# values.yaml appears here once the errors listed under Checks are fixed.";
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = "Shown once the settings have no errors.";
    changes.append(li);
    $("copy-values").disabled = true;
    $("ca-secret-name").placeholder = "";
    return;
  }
  preview.textContent = yaml;
  $("copy-values").disabled = false;
  // The core lists what differs from the chart's defaults (src/values/changes.rs).
  const found = validation.value_changes || [];
  const caSecret = found.find((c) => c.path.endsWith(".existing_ca_secret_name"));
  $("ca-secret-name").placeholder = caSecret && !$("ca-secret-name").value ? caSecret.to : "";
  if (!found.length) {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = "None: these are the chart's own defaults.";
    changes.append(li);
    return;
  }
  for (const change of found) {
    const li = document.createElement("li");
    const path = document.createElement("code");
    path.textContent = change.path.replace(/^general\.internal_tls\./, "");
    const from = document.createElement("code");
    from.textContent = change.from === "" ? '""' : change.from;
    const to = document.createElement("code");
    to.textContent = change.to === "" ? '""' : change.to;
    li.append(path, ": ", from, " → ", to);
    changes.append(li);
  }
}
