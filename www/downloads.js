// Downloads through Blob object URLs (revoked right after use) and copying
// text. Nothing here ever puts file contents in a URL, storage or the console.

const TYPES = {
  yaml: "application/yaml",
  json: "application/json",
  md: "text/markdown",
  crt: "application/x-pem-file",
  key: "application/x-pem-file",
  zip: "application/zip",
  ics: "text/calendar",
};

function typeOf(name) {
  const extension = name.split(".").pop();
  return TYPES[extension] || "application/octet-stream";
}

/** Offers `data` (a string or bytes) as a download named `name`. */
export function saveFile(name, data) {
  const blob = new Blob([data], { type: typeOf(name) });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken its own reference once the download started; give
  // it a moment, then drop ours so the contents are not reachable by URL.
  setTimeout(() => URL.revokeObjectURL(url), 1500);
}

/** Copies text to the clipboard; falls back to selecting `element` for a manual copy. */
export async function copyText(text, element) {
  try {
    await navigator.clipboard.writeText(text);
    return "Copied.";
  } catch {
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return "Selected: press Ctrl+C (or ⌘C) to copy.";
  }
}
