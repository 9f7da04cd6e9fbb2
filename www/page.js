// The page around the wizard: it loads the element (which does everything)
// and shows the engine's version in the footer once it is ready.

import "./element.js";

const wizard = document.querySelector("internal-tls-wizard");
wizard.addEventListener("ready", (event) => {
  document.getElementById("version").textContent = event.detail.version;
  document.body.classList.add("ready");
});
