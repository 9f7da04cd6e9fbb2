// Day-2 on the page: merging into the user's own values.yaml (the Renew card
// is renew.js's), and the small helpers both cards use.
//
// Like app.js, nothing here logs, stores or puts in a URL what the user gives:
// the values file, the CA key and the Secrets live in memory and in the
// generator worker only.

const MAX_TEXT = 4 * 1024 * 1024;

/** What one line of a core failure says, with its line number when it has one. */
export function failureText(failure) {
  const said = failure.error || "";
  const line = failure.line && !/^line \d+/i.test(said) ? `Line ${failure.line}: ` : "";
  return `${line}${failure.error || "the core refused this input"}`;
}

export function diagnostic(severity, text) {
  const item = document.createElement("div");
  item.className = `diag ${severity}`;
  const word = document.createElement("strong");
  word.className = "sev";
  word.textContent = severity === "error" ? "Error: " : "Note: ";
  const message = document.createElement("span");
  message.textContent = text;
  item.append(word, message);
  return item;
}

export async function readFile(file) {
  if (file.size > MAX_TEXT) throw new Error(`${file.name} is ${file.size} bytes; that is too large for this file.`);
  return file.text();
}

/**
 * The values-file card. `ctx`: {$, checker, currentSettings(), applySettings(settings), changed()}.
 * Returns {text(), refused(), reset()}.
 */
export function startValuesFile(ctx) {
  const { $ } = ctx;
  let seq = 0;
  let refusal = null;
  let timer = 0;

  function text() {
    return $("values-file-text").value;
  }

  function show(readLines, failure) {
    const diag = $("values-file-diag");
    diag.replaceChildren();
    const read = $("values-file-read");
    read.replaceChildren();
    if (failure) $("values-file-text").setAttribute("aria-invalid", "true");
    else $("values-file-text").removeAttribute("aria-invalid");
    if (failure) {
      diag.append(diagnostic("error", failureText(failure)));
      return;
    }
    if (!readLines) return;
    const head = document.createElement("p");
    head.className = "values-read-head";
    head.textContent = readLines.length
      ? "Read from your file, and set above:"
      : "Your file sets none of the release settings above; the defaults stay.";
    read.append(head);
    if (readLines.length) {
      const list = document.createElement("ul");
      for (const line of readLines) {
        const item = document.createElement("li");
        item.textContent = line;
        list.append(item);
      }
      read.append(list);
    }
  }

  async function readNow() {
    clearTimeout(timer);
    const mine = ++seq;
    const values = text();
    if (values.trim() === "") {
      refusal = null;
      show(null, null);
      ctx.changed();
      return;
    }
    let answer;
    try {
      answer = await ctx.checker.call("readValues", {
        settings: ctx.currentSettings(),
        values,
      });
    } catch {
      return; // a crash is reported by the wizard
    }
    if (mine !== seq) return;
    if (answer.failure) {
      refusal = answer.failure;
      show(null, answer.failure);
    } else {
      refusal = null;
      show(answer.read, null);
      ctx.applySettings(answer.settings);
    }
    ctx.changed();
  }

  $("values-file-text").addEventListener("input", () => {
    seq++;
    clearTimeout(timer);
    timer = setTimeout(readNow, 250);
  });
  $("values-file-open").addEventListener("click", () => $("values-file-input").click());
  $("values-file-input").addEventListener("change", async (event) => {
    const file = event.target.files && event.target.files[0];
    event.target.value = "";
    if (!file) return;
    try {
      $("values-file-text").value = await readFile(file);
    } catch (error) {
      show(null, { error: error.message });
      return;
    }
    await readNow();
  });
  $("values-file-clear").addEventListener("click", () => {
    $("values-file-text").value = "";
    readNow();
  });

  return {
    text: () => (text().trim() === "" ? "" : text()),
    refused: () => refusal,
    reset() {
      $("values-file-text").value = "";
      refusal = null;
      show(null, null);
    },
  };
}

/** Shows a merge's diff under the files (null hides it). */
export function renderMergeDiff($, merge) {
  const block = $("merge-diff-block");
  block.hidden = !merge;
  const pre = $("merge-diff");
  pre.replaceChildren();
  if (!merge) return;
  for (const line of merge.diff) {
    const span = document.createElement("span");
    span.className = line.startsWith("+") && !line.startsWith("+++")
      ? "add"
      : line.startsWith("-") && !line.startsWith("---")
        ? "del"
        : line.startsWith("@@")
          ? "hunk"
          : "";
    span.textContent = `${line}\n`;
    pre.append(span);
  }
}
