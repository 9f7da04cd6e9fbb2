// Inputs for PEM text: a labelled textarea that also takes dropped or picked
// files, each refused by name when it is larger than the core reads.

// The core refuses any one input over 1 MiB (src/limits.rs): a larger
// file is refused here by name, before it is read into the page.
const MAX_FILE = 1024 * 1024;

/** Reads dropped or picked files (text) into a textarea, then fires `input`. */
export function acceptFiles(textarea, picker, onMessage = () => {}) {
  async function take(files) {
    const list = [...(files || [])];
    if (!list.length) return;
    const texts = [];
    for (const file of list) {
      if (file.size > MAX_FILE) {
        onMessage(`${file.name} is ${file.size} bytes; inputs are limited to 1 MiB, more than a certificate file can be. Nothing was read: is this the right file?`);
        return;
      }
      const text = await file.text();
      if (!text.trim()) {
        onMessage(`${file.name} is empty: choose the file that holds the PEM text; nothing was read.`);
        return;
      }
      texts.push(text);
    }
    textarea.value = texts.join(texts.every((t) => t.endsWith("\n")) ? "" : "\n");
    onMessage("");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }
  if (picker) {
    picker.addEventListener("change", async () => {
      await take(picker.files);
      picker.value = "";
    });
  }
  const zone = textarea.closest(".drop-zone") || textarea;
  zone.addEventListener("dragover", (event) => {
    if (![...event.dataTransfer.types].includes("Files")) return;
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    zone.classList.remove("dragging");
    if (!event.dataTransfer.files.length) return;
    event.preventDefault();
    take(event.dataTransfer.files);
  });
}

/** A PEM field: label, textarea in a drop zone, a file picker, help, a slot for its own failure. */
export function pemField(id, labelText, placeholder, helpText, { multiple = false } = {}) {
  const field = document.createElement("div");
  field.className = "field byo-field";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = labelText;
  const zone = document.createElement("div");
  zone.className = "drop-zone";
  const area = document.createElement("textarea");
  area.id = id;
  area.className = "pem byo-input";
  area.rows = 4;
  area.spellcheck = false;
  area.autocapitalize = "off";
  area.setAttribute("autocomplete", "off");
  area.placeholder = placeholder;
  area.setAttribute("aria-describedby", `${id}-help ${id}-diag`);
  zone.append(area);
  const row = document.createElement("p");
  row.className = "help file-row";
  row.id = `${id}-help`;
  const pick = document.createElement("input");
  pick.type = "file";
  pick.id = `${id}-file`;
  pick.className = "visually-hidden";
  pick.multiple = multiple;
  pick.accept = ".pem,.crt,.cer,.key,.txt,.yaml,.yml";
  const pickLabel = document.createElement("label");
  pickLabel.htmlFor = pick.id;
  pickLabel.className = "file-button";
  pickLabel.textContent = "Choose file…";
  row.append(pick, pickLabel, ` ${helpText} Or drop a file on the box.`);
  const diag = document.createElement("div");
  diag.className = "byo-diag";
  diag.id = `${id}-diag`;
  diag.setAttribute("aria-live", "polite");
  field.append(label, zone, row, diag);
  acceptFiles(area, pick, (text) => {
    diag.textContent = text;
  });
  return field;
}
