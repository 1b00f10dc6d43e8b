// End-to-end checks of policykg's pages in headless Chromium (Debian's /usr/bin/chromium),
// with a screenshot of each. Prints one JSON object of findings; exits 1 on a failed check.
//   node tools/screenshots/pages.mjs http://127.0.0.1:8000 OUT_DIR
import { chromium } from "playwright-core";

const [base, outDir] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const errors = [];
const elsewhere = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) elsewhere.push(r.url()); });
const violations = [];
page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text().slice(0, 200)); });
const found = {};
async function visit(name, path, waitFor) {
  await page.goto(base + path);
  await page.waitForSelector(waitFor, { timeout: 20000 });
  if (outDir) await page.screenshot({ path: `${outDir}/page-${name}.png`, fullPage: false });
}

await visit("adoption", "/?q=" + encodeURIComponent("技术调查官"), "#count");
found.adoption = {
  count: await page.textContent("#count"),
  jurisdictions: await page.$$eval("[data-jurisdiction]", (els) => els.map((e) => e.dataset.jurisdiction)),
  marks: await page.$$eval("mark", (els) => els.map((e) => e.textContent)),
};
await visit("english", "/?q=" + encodeURIComponent("punitive damages"), "#count");
found.english = { jurisdictions: await page.$$eval("[data-jurisdiction]", (els) => els.map((e) => e.dataset.jurisdiction)) };

await visit("theme", "/?q=" + encodeURIComponent("快保护"), "#count");
found.theme = { resolved: await page.textContent("#resolved"),
  which: await page.$$eval(".which .tag", (els) => els.length) };
await page.goto(base + "/?q=" + encodeURIComponent("online dispute resolution"));
await page.waitForSelector("#resolved");
found.suggestions = await page.$$eval("#suggestions a", (els) => els.map((e) => e.dataset.measure));
await page.goto(base + "/compare.html?j=beijing&j=luohe&j=henan");
await page.waitForSelector("#shared");
found.compareNoDocs = await page.$$eval(".no-docs", (els) => els.map((e) => e.dataset.jurisdiction));
await visit("matrix", "/matrix.html", "td.cell");
found.matrix = {
  cells: await page.$$eval("td.cell", (els) => els.length),
  themes: await page.$$eval("th.theme", (els) => els.map((e) => e.textContent)),
  technical: await page.$eval("td.cell[data-measure='technical_investigators'][data-jurisdiction='hanyang']", (e) => e.textContent),
};
found.matrix.columns = await page.$$eval("th.jurisdiction", (els) => els.map((e) => e.dataset.jurisdiction));
found.matrix.totals = await page.$$eval("tfoot td.total[data-jurisdiction]", (els) => els.map((e) => Number(e.textContent)));
found.matrix.rowTotal = await page.$eval("td.total[data-total-of='technical_investigators']", (e) => e.textContent);
found.matrix.csv = await page.getAttribute("#csv", "href");
found.matrix.stickyHeader = await page.$eval("th.jurisdiction", (e) => getComputedStyle(e).position);
await page.hover("td.cell[data-measure='technical_investigators'][data-jurisdiction='beijing']");
await page.waitForSelector("td.cell[data-measure='technical_investigators'][data-jurisdiction='beijing'][title]");
found.matrix.hover = await page.getAttribute("td.cell[data-measure='technical_investigators'][data-jurisdiction='beijing']", "title");
await page.uncheck("input[name=level][value=district]");
found.matrix.afterLevel = await page.$$eval("th.jurisdiction:not([hidden])", (els) => els.map((e) => e.dataset.jurisdiction));
await page.selectOption("select[name=theme]", "fast");
found.matrix.afterTheme = await page.$$eval("tr[data-theme]:not([hidden])", (els) => [...new Set(els.map((e) => e.dataset.theme))]);
await page.check("input[name=level][value=district]");
await page.selectOption("select[name=theme]", "");
await page.click("td.cell[data-measure='technical_investigators'][data-jurisdiction='hanyang'] a");
await page.waitForSelector("#hanyang");
found.matrixClick = { url: page.url(), adopters: await page.$$eval("main > .card", (els) => els.map((e) => e.id)) };

await visit("compare", "/compare.html?j=beijing&j=luohe", "#shared");
found.compare = {
  headings: await page.$$eval("h2", (els) => els.map((e) => e.textContent)),
  only: await page.$$eval(".card.only", (els) => els.length),
  shared: await page.$$eval(".card.shared", (els) => els.length),
};
await visit("compare-five", "/compare.html?j=beijing&j=luohe&j=luoyang&j=hanyang&j=luolong", "#shared");
found.compareFive = { widths: await page.$$eval(".card.shared .cols > div", (els) => els.slice(0, 5).map((e) => Math.round(e.getBoundingClientRect().width))),
  bodyOverflow: await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
  clampedHeight: await page.$eval(".card.shared .clamp", (e) => e.getBoundingClientRect().height) };
await visit("compare-differ", "/compare.html?j=hanyang&j=luolong", ".differ");
found.compareDiffer = {
  measures: await page.$$eval(".card.shared .differ", (els) => els.length),
  strength: await page.$$eval(".card.shared[data-measure='counterfeit_goods_crackdown'] tr[data-aspect='strength'] td",
    (els) => els.map((e) => e.textContent.trim())),
};
await visit("lineage", "/lineage.html?doc=luolong", "#reused");
found.lineage = {
  docs: await page.$$eval("li[data-doc]", (els) => els.map((e) => e.dataset.doc)),
  reusePairs: await page.$$eval(".reuse-pair", (els) => els.length),
  reuseMarks: await page.$$eval("mark.reuse", (els) => els.map((e) => e.textContent)),
};
await page.waitForSelector(".gap-ancestor");
found.gap = await page.$$eval(".gap-ancestor", (els) => els.map((e) => ({ ancestor: e.dataset.ancestor,
  took: e.querySelectorAll("ul.took li").length, left: e.querySelectorAll("ul.left li").length,
  added: e.querySelectorAll("ul.added li").length })));
await visit("lineage-hanyang", "/lineage.html?doc=hanyang", "li[data-doc]");
found.lineageHanyang = {
  nested: await page.$$eval("li[data-doc] li[data-doc]", (els) => els.map((e) => e.dataset.doc)),
};
await visit("measure", "/measure.html?id=blockchain_evidence", "main .card");
found.measure = { adopters: await page.$$eval("main > .card", (els) => els.map((e) => e.id)) };
await visit("responsibilities", "/responsibilities.html?measure=trade_secrets", "#count");
found.responsibilities = {
  count: await page.textContent("#count"),
  rows: await page.$$eval("tr[data-provision]", (els) => els.map((e) => [e.dataset.provision, e.dataset.agencyType])),
  csv: await page.getAttribute("#csv", "href"),
  selected: await page.$eval("select[name=measure]", (e) => e.value),
};
await page.click("th[data-sort=deadline]");
await page.click("th[data-sort=deadline]");
found.responsibilities.sortedDown = await page.$$eval("tr[data-provision] td[data-date]", (els) => els.map((e) => e.dataset.date));
const download = page.waitForEvent("download");
await page.click("#csv");
const file = await (await download).path();
found.responsibilities.csvLines = (await import("node:fs")).readFileSync(file, "utf8").trim().split("\r\n").length;
await page.selectOption("select[name=agency_type]", "justice");
await Promise.all([page.waitForNavigation(), page.click("#filters button")]);
await page.waitForSelector("#count");
found.responsibilities.filtered = { url: page.url(),
  types: await page.$$eval("tr[data-provision]", (els) => els.map((e) => e.dataset.agencyType)) };
await visit("measure-duties", "/measure.html?id=trade_secrets", ".duties-line");
found.measureDuties = await page.$$eval(".duties-line", (els) => els.map((e) => e.textContent.trim()));
await visit("measure-timeline", "/measure.html?id=technical_investigators", "svg.timeline");
found.timeline = {
  rows: await page.$$eval("svg.timeline g.row", (els) => els.map((e) => [e.dataset.jurisdiction, e.querySelector("circle.first").dataset.date])),
  undated: await page.$$eval("#undated [data-jurisdiction]", (els) => els.map((e) => e.dataset.jurisdiction)),
  firstYears: await page.$$eval("#years td.first-year", (els) => els.map((e) => e.closest("tr").dataset.jurisdiction + ":" + e.dataset.year)),
  years: await page.$$eval("#years thead th", (els) => els.slice(2).map((e) => e.textContent)),
  adopters: await page.$$eval("main > .card", (els) => els.map((e) => e.id)),
};
await visit("reader", "/document.html?id=hanyang", ".provision");
found.reader = {
  title: await page.textContent("article.reader h1"),
  provisions: await page.$$eval(".provision", (els) => els.length),
  p5: await page.$eval("#hanyang\\.p5", (e) => ({ cite: e.querySelector(".cite").textContent,
    measures: [...e.querySelectorAll(".tag.measure")].map((m) => m.dataset.measure),
    agencies: [...e.querySelectorAll(".agency")].map((a) => a.textContent), deadline: e.querySelector(".deadline").textContent })),
  sections: await page.$$eval("h2.section", (els) => els.length),
};
found.reader.citedLinks = await page.$$eval(".citations a.cited", (els) => els.map((e) => e.getAttribute("href")));
await page.click(".citations a.cited");
await page.waitForSelector("#cited-only");
found.reader.citedPage = await page.textContent("article.reader h1");
await visit("reader-reused-by", "/document.html?id=luoyang", ".reuse-note");
found.readerBy = { notes: await page.$$eval(".reuse-note", (els) => [...new Set(els.map((e) => e.dataset.way))]),
  marks: await page.$$eval("mark.reuse", (els) => els.length) };
await page.goto(base + "/measure.html?id=trade_secrets");
await page.waitForSelector("a.cite");
found.cardLinks = await page.$$eval("main a.cite", (els) => els.map((e) => [e.textContent, e.getAttribute("href")]));
await Promise.all([page.waitForNavigation(), page.click("main a.cite[href*='hanyang.p5']")]);
await page.waitForSelector("#hanyang\\.p5");
found.landed = { url: page.url(), inView: await page.$eval("#hanyang\\.p5", (e) => {
  const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }) };
// the API docs, with no internet: Swagger UI and ReDoc from the package, started by our own script
await page.goto(base + "/docs");
await page.waitForSelector(".opblock", { timeout: 30000 });
found.docs = { operations: await page.$$eval(".opblock", (els) => els.length) };
if (outDir) await page.screenshot({ path: `${outDir}/docs-swagger.png` });
await page.goto(base + "/redoc");
await page.waitForSelector("h1", { timeout: 30000 });
found.redoc = { title: await page.textContent("h1"),
                operations: await page.$$eval("[data-section-id^='tag/'], [data-section-id^='operation/']", (els) => els.length) };
found.elsewhere = elsewhere;
found.violations = violations;
found.errors = errors;
await browser.close();
console.log(JSON.stringify(found));
