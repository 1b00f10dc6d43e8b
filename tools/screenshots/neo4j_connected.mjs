// Open a Neo4j Browser address as a user would and report whether it is connected (no login
// form) and whether the policykg guide played on connect.
//   node tools/screenshots/neo4j_connected.mjs BROWSER_URL [OUT.png]
import { chromium } from "playwright-core";

const [url, out] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.goto(url);
let guide = false;
try {
  await page.waitForSelector("text=policykg: IP-protection policies as a graph", { timeout: 40000 });
  guide = true;
} catch (_) { /* reported below */ }
const loginForm = await page.getByRole("button", { name: /^connect$/i }).isVisible().catch(() => false);
const text = await page.evaluate(() => document.body.innerText);
if (out) await page.screenshot({ path: out });
await browser.close();
console.log(JSON.stringify({ guide, loginForm, notConnected: /Database access not available/i.test(text),
                             text: text.replace(/\s+/g, " ").slice(0, 400) }));
