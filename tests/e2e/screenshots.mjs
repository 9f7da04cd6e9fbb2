// Not a test: takes screenshots of the page for people to look at.
//   node tests/e2e/screenshots.mjs [out-dir]      (default /tmp/shots)
// Full pages at 320 and 1280 px, light and dark, before and after generating;
// plus www/examples/screenshot.png, the README's picture (desktop, light).

import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { startServer, launchBrowser, openPage, fill, waitChecked, generate, ROOT } from "./helpers.js";

const out = process.argv[2] || "/tmp/shots";
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const scheme of ["light", "dark"]) {
    for (const width of [320, 1280]) {
      const { context, page } = await openPage(browser, server.url, { width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await fill(page, "Release name", "acme");
      await fill(page, "Namespace", "prod-tls");
      await waitChecked(page);
      await page.screenshot({ path: path.join(out, `${width}-${scheme}-before.png`), fullPage: true });
      await generate(page);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(out, `${width}-${scheme}-after.png`), fullPage: true });
      if (width === 1280 && scheme === "light") {
        const file = path.join(ROOT, "www", "examples", "screenshot.png");
        mkdirSync(path.dirname(file), { recursive: true });
        // The part that shows what the page is for: Generate and the files.
        const clip = await page.evaluate(() => {
          const top = document.getElementById("generate-section").getBoundingClientRect();
          const note = document.getElementById("key-note").getBoundingClientRect();
          return { x: top.x - 16, y: top.y + window.scrollY - 16, width: top.width + 32, height: note.bottom - top.y + 32 };
        });
        await page.screenshot({ path: file, fullPage: true, clip });
        console.log(`${file}: ${statSync(file).size} bytes`);
      }
      await context.close();
    }
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
