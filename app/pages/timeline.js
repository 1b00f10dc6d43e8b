// A measure's spread over time, drawn by the page itself: an SVG timeline (one row per adopting
// jurisdiction, a dot at its first adoption, rings at its later adopting documents, coloured by
// level) and a jurisdictions × years grid. Adopters with no dated document are listed apart.
import { html } from "/common.js";

const LEVELS = {national: "国家 national", province: "省级 province", city: "市级 city", district: "区县 district"};

export function timelineSection(t, names) {
  if (!t.jurisdictions.length && !t.undated.length) return "";
  const name = (j) => names[j.jurisdiction] || j.name_zh;
  const first = t.first_adopters.map((j) => names[j] || j).join("、");
  return html`<section id="spread"><h2 id="timeline">Spread over time 扩散时间线</h2>
    ${t.jurisdictions.length ? html`<p>First adopted by <b>${first}</b> (${t.jurisdictions[0].first.date}); ${
      t.by_level.map((l, i) => html`${i ? " · " : ""}${LEVELS[l.level] || l.level}: ${l.adopters}${l.undated ? html` (+${l.undated} undated)` : ""}`)}</p>
      ${chart(t, name)}${grid(t, name)}` : ""}
    ${t.undated.length ? html`<div class="card undated" id="undated"><div class="meta">No date known 日期不详 — not placed on the timeline</div>${
      t.undated.map((j) => html`<div data-jurisdiction="${j.jurisdiction}">${name(j)}: ${j.documents.map((d) => d.title || d.document).join("；")}</div>`)}</div>` : ""}</section>`;
}

function chart(t, name) {
  const rows = t.jurisdictions;
  const left = 150, right = 30, top = 28, step = 26;
  const width = 900, plot = width - left - right;
  const y0 = t.years[0], y1 = t.years[t.years.length - 1] + 1;      // a year spans its own width
  const x = (date) => {
    const [y, m = 1, d = 1] = date.split("-").map(Number);
    return left + plot * ((y - y0) + ((m - 1) * 30.4 + (d - 1)) / 366) / (y1 - y0);
  };
  const height = top + step * rows.length + 10;
  const ticks = [...t.years, y1].map((y) => html`<line class="tick" x1="${left + plot * (y - y0) / (y1 - y0)}" y1="${top - 6}"
      x2="${left + plot * (y - y0) / (y1 - y0)}" y2="${height - 6}"/>${y < y1 ? html`<text class="year" x="${left + plot * (y - y0 + 0.5) / (y1 - y0)}" y="${top - 10}">${y}</text>` : ""}`);
  const marks = rows.map((j, i) => {
    const cy = top + step * i + step / 2;
    return html`<g class="row level-${j.level}" data-jurisdiction="${j.jurisdiction}">
      <text class="who" x="${left - 8}" y="${cy + 4}">${name(j)}</text>
      <line class="lane" x1="${left}" y1="${cy}" x2="${left + plot}" y2="${cy}"/>
      ${j.documents.filter((d) => d.date && d !== j.first && d.date !== j.first.date).map((d) =>
        html`<circle class="later" cx="${x(d.date)}" cy="${cy}" r="5"><title>${d.title || d.document} ${d.date}</title></circle>`)}
      <circle class="first" data-date="${j.first.date}" cx="${x(j.first.date)}" cy="${cy}" r="7"><title>${name(j)}: ${j.first.title || j.first.document} ${j.first.doc_number || ""} ${j.first.date}</title></circle>
    </g>`;
  });
  return html`<svg class="timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img"
      aria-label="first adoption of the measure by jurisdiction and date">${ticks}${marks}</svg>
    <p class="muted legend"><span class="dot level-national"></span> national <span class="dot level-province"></span> province
      <span class="dot level-city"></span> city <span class="dot level-district"></span> district · filled: first adoption, ring: a later document</p>`;
}

function grid(t, name) {
  return html`<table class="heat years" id="years"><thead><tr><th>jurisdiction</th><th>level</th>${t.years.map((y) => html`<th>${y}</th>`)}</tr></thead>
    <tbody>${t.jurisdictions.map((j) => html`<tr data-jurisdiction="${j.jurisdiction}"><td>${name(j)}</td><td>${LEVELS[j.level] || j.level}</td>${
      t.years.map((y) => {
        const docs = j.documents.filter((d) => d.year === y);
        const isFirst = j.first.year === y;
        return html`<td class="cell ${isFirst ? "shade-6 first-year" : docs.length ? "shade-2" : ""}" data-year="${y}">${
          isFirst ? "●" : docs.length ? "○" : ""}</td>`;
      })}</tr>`)}</tbody></table>`;
}
