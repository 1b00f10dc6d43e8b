// The coverage matrix an analyst reads: measures (grouped by theme) × jurisdictions in the
// hierarchy's order, a sticky header, totals per row and column, filters by level and theme,
// the evidence on hover (the first adopting provision's cited wording) and a CSV download.
import { api, html, link, render, header, THEMES, showError, where } from "/common.js";
header();
const el = document.getElementById("matrix");
const LEVELS = {national: "国家", province: "省级", city: "市级", district: "区县"};
try {
  const m = await api("/api/matrix");
  const js = m.jurisdictions;
  const byTheme = {};
  for (const row of m.measures) (byTheme[row.themes[0]] ??= []).push(row);
  const max = Math.max(1, ...m.measures.flatMap((r) => Object.values(r.counts)));
  // the shade is one of ten classes of style.css: no inline style, so the page's policy can forbid them
  const shade = (n) => n ? Math.min(9, 1 + Math.floor(8 * n / max)) : 0;
  const levels = [...new Set(js.map((j) => m.levels[j]))];
  const themes = Object.keys(THEMES).filter((t) => byTheme[t]);
  const rows = themes.map((theme) => html`
    <tr class="theme-row" data-theme="${theme}"><th class="theme" colspan="${js.length + 2}">${THEMES[theme]}</th></tr>
    ${byTheme[theme].map((row) => html`<tr data-theme="${theme}" data-measure-row="${row.id}"><td class="measure"><a href="${link("/measure.html", {id: row.id})}">${row.label_zh}</a> <span class="muted">${row.label_en}</span></td>
      ${js.map((j) => {
        const n = row.counts[j] || 0;
        return html`<td class="cell shade-${shade(n)}" data-measure="${row.id}" data-jurisdiction="${j}" data-level="${m.levels[j]}">${n
          ? html`<a href="${link("/measure.html", {id: row.id}, j)}">${n}</a>` : ""}</td>`;
      })}<td class="total" data-total-of="${row.id}">${row.adopters}</td></tr>`)}`);
  render(el, html`<form class="card" id="matrix-filters">
      <span>levels</span> ${levels.map((l) => html`<label><input type="checkbox" name="level" value="${l}" checked> ${LEVELS[l] || l} ${l}</label> `)}
      <label>theme <select name="theme"><option value="">all themes</option>${themes.map((t) => html`<option value="${t}">${THEMES[t]}</option>`)}</select></label>
      · <a id="csv" href="/api/matrix.csv" download="matrix.csv">Download CSV</a>
      · <span class="muted">${m.measures.length} measures × ${js.length} jurisdictions · hover a cell for its evidence</span></form>
    <div class="matrix-scroll"><table class="heat matrix"><thead><tr><th class="corner">measure</th>${js.map((j) =>
      html`<th class="jurisdiction" data-jurisdiction="${j}" data-level="${m.levels[j]}">${m.names[j]}<div class="muted">${LEVELS[m.levels[j]] || m.levels[j]}</div></th>`)}<th class="total">adopters</th></tr></thead>
    <tbody>${rows}</tbody>
    <tfoot><tr><th>measures adopted</th>${js.map((j) => html`<td class="total" data-jurisdiction="${j}" data-level="${m.levels[j]}">${m.totals[j]}</td>`)}<td></td></tr></tfoot></table></div>`);

  // filters: levels hide their columns, a theme hides every other theme's rows
  const form = document.getElementById("matrix-filters");
  form.addEventListener("change", () => {
    const shown = new Set([...form.querySelectorAll("input[name=level]:checked")].map((i) => i.value));
    const theme = form.querySelector("select[name=theme]").value;
    for (const c of el.querySelectorAll("[data-level]")) c.hidden = !shown.has(c.dataset.level);
    for (const r of el.querySelectorAll("tr[data-theme]")) r.hidden = Boolean(theme) && r.dataset.theme !== theme;
  });

  // the evidence on hover: the measure's adopting provisions, asked once per measure
  const details = {}, docs = Object.fromEntries((await api("/api/documents")).map((d) => [d.id, d]));
  el.addEventListener("mouseover", async (e) => {
    const cell = e.target.closest("td.cell");
    if (!cell || cell.title || !cell.textContent.trim()) return;
    const mid = cell.dataset.measure;
    details[mid] ??= api(`/api/measures/${encodeURIComponent(mid)}`);
    const adopter = (await details[mid]).adopters.find((a) => a.jurisdiction === cell.dataset.jurisdiction);
    const p = adopter && adopter.provisions[0];
    if (!p) return;
    const d = docs[p.document] || {};
    const snippet = p.text.replace(/\n/g, "");
    const at = Math.max(0, snippet.indexOf(p.evidence.matched) - 30);
    cell.title = `“${p.evidence.matched}” — ${m.names[cell.dataset.jurisdiction]}《${d.title || p.document}》${where(p.number)}\n…${snippet.slice(at, at + 90)}…` +
      (adopter.provisions.length > 1 ? `\n(+${adopter.provisions.length - 1} more provisions)` : "");
    cell.dataset.evidence = p.evidence.matched;
  });
} catch (e) { showError(el, e); }
