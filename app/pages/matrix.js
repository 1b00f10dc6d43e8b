import { api, html, link, render, header, THEMES, jurisdictionNames, showError } from "/common.js";
header();
const el = document.getElementById("matrix");
try {
  const [m, names] = await Promise.all([api("/api/matrix"), jurisdictionNames()]);
  const byTheme = {};
  for (const row of m.measures) (byTheme[row.themes[0]] ??= []).push(row);
  const max = Math.max(1, ...m.measures.flatMap((r) => Object.values(r.counts)));
  // the shade is one of ten classes of style.css: no inline style, so the page's policy can forbid them
  const shade = (n) => n ? Math.min(9, 1 + Math.floor(8 * n / max)) : 0;
  const rows = Object.keys(THEMES).filter((t) => byTheme[t]).map((theme) => html`
    <tr><th class="theme" colspan="${m.jurisdictions.length + 1}">${THEMES[theme]}</th></tr>
    ${byTheme[theme].map((row) => html`<tr><td><a href="${link("/measure.html", {id: row.id})}">${row.label_zh}</a> <span class="muted">${row.label_en}</span></td>
      ${m.jurisdictions.map((j) => {
        const n = row.counts[j] || 0;
        return html`<td class="cell shade-${shade(n)}" data-measure="${row.id}" data-jurisdiction="${j}">${n
          ? html`<a href="${link("/measure.html", {id: row.id}, j)}">${n}</a>` : ""}</td>`;
      })}</tr>`)}`);
  render(el, html`<table class="heat"><thead><tr><th>measure</th>${m.jurisdictions.map((j) => html`<th>${names[j] || j}</th>`)}</tr></thead>
    <tbody>${rows}</tbody></table>`);
} catch (e) { showError(el, e); }
