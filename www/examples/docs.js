// What a documentation page can do with the wizards' events: here it only
// says, under each wizard, what it heard. It never shows or keeps a file's
// contents (those of secrets.yaml and ca.key are private keys).

for (const wizard of document.querySelectorAll("internal-tls-wizard")) {
  const log = document.getElementById(`${wizard.id}-log`);
  wizard.addEventListener("change", (event) => {
    const { release } = event.detail.settings;
    log.textContent = `Settings changed: release ${release.name} in ${release.namespace}${event.detail.valid ? "" : " (with errors)"}.`;
  });
  wizard.addEventListener("generated", (event) => {
    const names = event.detail.files.map((file) => (file.sensitive ? `${file.name} (private)` : file.name));
    log.textContent = `This page received ${names.join(", ")}.`;
  });
}
