// Not a test: takes screenshots of the pages for people to look at.
//   node tests/e2e/screenshots.mjs [out-dir]      (default /tmp/shots)
// Full pages at 320 and 1280 px, light and dark, of index.html before and
// after generating and of the example docs page (examples/docs.html) after
// generating in both wizards; plus www/examples/screenshot.png, the README's
// picture (desktop, light).

import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { startServer, launchBrowser, openPage, fill, waitChecked, waitWizardReady, generate, ROOT } from "./helpers.js";

const out = process.argv[2] || "/tmp/shots";
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const scheme of ["light", "dark"]) {
    for (const width of [320, 1280]) {
      const { context, page } = await openPage(browser, server.url, { width, height: 900, colorScheme: scheme });
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
        const top = await page.locator("#generate-section").boundingBox();
        const note = await page.locator("#key-note").boundingBox();
        const scroll = await page.evaluate(() => window.scrollY);
        const clip = { x: top.x - 16, y: top.y + scroll - 16, width: top.width + 32, height: note.y + note.height - top.y + 32 };
        await page.screenshot({ path: file, fullPage: true, clip });
        console.log(`${file}: ${statSync(file).size} bytes`);
      }
      await context.close();

      const docs = await openPage(browser, `${server.url}examples/docs.html`, { width, height: 900, colorScheme: scheme, ready: false });
      const wizards = docs.page.locator("internal-tls-wizard");
      for (const index of [0, 1]) {
        await waitWizardReady(wizards.nth(index));
        await generate(wizards.nth(index));
      }
      await docs.page.mouse.move(0, 0);
      await docs.page.screenshot({ path: path.join(out, `docs-${width}-${scheme}.png`), fullPage: true });
      await docs.context.close();
    }
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
