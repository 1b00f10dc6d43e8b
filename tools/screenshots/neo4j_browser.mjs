// Screenshot of Neo4j Browser showing part of the policykg graph.
//   npm install --prefix tools/screenshots
//   node tools/screenshots/neo4j_browser.mjs HTTP_PORT BOLT_PORT OUT.png [GRASS_FILE]
// Uses Debian's chromium (/usr/bin/chromium); Neo4j must run with auth off and hold the graph.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";

const [httpPort, boltPort, out, grassFile] = process.argv.slice(2);
const query = process.env.QUERY ||
  "MATCH (m:Measure {id: 'technical_investigators'})<-[a:ADOPTS]-(p:Provision)<-[:HAS_PROVISION]-(d:Document)-[:ISSUED_IN]->(j:Jurisdiction) RETURN m, a, p, d, j";

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
// Neo4j Browser keeps its style parsed (selector -> properties) in localStorage "neo4j.grass".
function parseGrass(text) {
  const style = {};
  for (const [, selector, body] of text.matchAll(/([^{}"]+)\{((?:[^{}"]|"[^"]*")*)\}/g)) {
    const props = {};
    for (const decl of body.split(";")) {
      const i = decl.indexOf(":");
      if (i > 0) props[decl.slice(0, i).trim()] = decl.slice(i + 1).trim().replace(/^"(.*)"$/, "$1");
    }
    style[selector.trim()] = props;
  }
  return style;
}
await page.addInitScript(([g]) => {
  if (g) window.localStorage.setItem("neo4j.grass", JSON.stringify(g));
  window.localStorage.setItem("neo4j.udc", JSON.stringify({ consentBannerShownCount: 10 }));
}, [grassFile ? parseGrass(readFileSync(grassFile, "utf8")) : null]);
await page.goto(`http://127.0.0.1:${httpPort}/browser/?dbms=bolt://127.0.0.1:${boltPort}&preselectAuthMethod=NO_AUTH`);
const connect = page.getByRole("button", { name: /^connect$/i });
if (await connect.isVisible({ timeout: 15000 }).catch(() => false)) {
  await connect.click();
}
await page.waitForSelector("text=/Connected to Neo4j|You are connected/i", { timeout: 30000 }).catch(() => {});
const editor = page.locator("#monaco-main-editor textarea, .monaco-editor textarea").first();
await editor.click();
await page.keyboard.type(query);
await page.keyboard.press("Control+Enter");
await page.waitForSelector("svg g.node, [data-testid='graphCanvas'], canvas", { timeout: 30000 });
await page.waitForTimeout(6000);   // let the force layout settle
for (const close of await page.locator("[data-testid='dismissConsentBanner'], .sc-bdVaJa button[aria-label='close']").all()) {
  await close.click().catch(() => {});
}
await page.screenshot({ path: out });
await browser.close();
console.log(`wrote ${out}`);
