// Visit pages served from a corpus full of injection strings and report whether any of them
// became markup or script. Prints one JSON object: per path, what was found.
//   node tools/screenshots/hostile.mjs http://127.0.0.1:8000 PATH [PATH …]
import { chromium } from "playwright-core";

const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage();
const found = {};
for (const path of paths) {
  const errors = [], dialogs = [];
  page.removeAllListeners("pageerror");
  page.on("pageerror", (e) => errors.push(String(e)));
  page.removeAllListeners("dialog");
  page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));
  });
  await page.goto(base + path, { waitUntil: "networkidle" });
  await page.waitForTimeout(300);
  // hover and click every element that a handler could have been put on
  for (const el of await page.$$("main *")) {
    try { await el.hover({ timeout: 50, force: true }); } catch (_) { /* not visible */ }
  }
  found[path] = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    violations: window.__violations,
    handlers: [...document.querySelectorAll("*")].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${el.tagName}.${a.name}`)),
    injected: [...document.querySelectorAll("main img, main svg, main iframe, main object, main embed, script:not([src]), main b[onmouseover]")]
      .map((el) => el.outerHTML.slice(0, 80)),
    text: document.querySelector("main")?.innerText.slice(0, 40000) ?? "",
  }));
  found[path].errors = errors;
  found[path].dialogs = dialogs;
}
await browser.close();
console.log(JSON.stringify(found));
