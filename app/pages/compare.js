import { api, html, link, render, markText, header, params, THEMES, jurisdictionNames, showError, dutiesOf, dutiesLine, citer } from "/common.js";
header();
const [names, cite] = await Promise.all([jurisdictionNames(), citer()]);
const docs = await api("/api/documents");
const withDocs = [...new Set(docs.filter((d) => d.status !== "set_aside").map((d) => d.jurisdiction))];
const chosen = params().getAll("j");
const theme = params().get("theme") || "";
const name = (j) => names[j] || j;
render(document.getElementById("pick"), html`${withDocs.map((j) =>
  html`<label><input type="checkbox" name="j" value="${j}" ${chosen.includes(j) ? "checked" : ""}> ${name(j)}</label> `)}
  <select name="theme"><option value="">all themes</option>${Object.entries(THEMES).map(([k, v]) =>
  html`<option value="${k}" ${k === theme ? "selected" : ""}>${v}</option>`)}</select> <button>Compare</button>`);
const out = document.getElementById("result");
let duties = {};
const ASPECTS = {lead_agency_type: "lead 牵头单位", deadline: "deadline 时限", quantity: "quantity 数量",
  frequency: "frequency 频次", strength: "strength 力度"};
const shown = (v) => v === null || v === undefined ? "—" : Array.isArray(v) ? v.join("；") : String(v);
// where adopters of a shared measure differ: one line per aspect, each side's value
function differ(m, js) {
  if (!m.differences || !m.differences.length) return "";
  return html`<div class="differ"><span class="tag warn">differs on: ${m.differences.map((d) => ASPECTS[d.aspect] || d.aspect).join(", ")}</span>
    <table class="diff">${m.differences.map((d) => html`<tr data-aspect="${d.aspect}"><th>${ASPECTS[d.aspect] || d.aspect}</th>${
      js.map((j) => html`<td data-jurisdiction="${j}">${name(j)}: ${shown(d.values[j])}</td>`)}</tr>`)}</table></div>`;
}
function row(m, js, cls) {
  return html`<div class="card ${cls}" data-measure="${m.id}"><div class="meta"><a href="${link("/measure.html", {id: m.id})}"><b>${m.label_zh}</b></a> ${m.label_en}</div>${differ(m, js)}
    <div class="cols" data-cols="${js.length}">${js.map((j) => html`<div>${(m.provisions[j] || []).length
      ? html`${m.provisions[j].map((p) => html`<div class="muted">${cite(p)}</div><div class="clamp" title="click to read it all">${markText(p.text, p.matched)}</div>${dutiesLine(duties[p.id])}`)}${
        m.provision_totals && m.provision_totals[j] > m.provisions[j].length
          ? html`<div class="muted">${m.provisions[j].length} of ${m.provision_totals[j]} provisions shown</div>` : ""}`
      : html`<div class="muted">${name(j)}: —</div>`}</div>`)}</div></div>`;
}
if (chosen.length >= 2) {
  try {
    const c = await api(link("/api/compare", {j: chosen, theme: theme || undefined}));
    duties = Object.assign({}, ...await Promise.all(c.jurisdictions.map((j) => dutiesOf({jurisdiction: j}))));
    render(out, html`${(c.no_documents || []).map((n) => html`<p class="card error no-docs" data-jurisdiction="${n.id}">${name(n.id)}: ${n.message}</p>`)}<h2 id="shared">Shared by all (${c.shared.length})</h2>${c.shared.map((m) => row(m, c.jurisdictions, "shared"))}
      ${c.jurisdictions.map((j) => html`<h2 class="only-heading" data-jurisdiction="${j}">Only ${name(j)} (${c.only[j].length})</h2>
        ${c.only[j].map((m) => row(m, c.jurisdictions, "only"))}`)}
      ${c.partial.length ? html`<h2>Some but not all (${c.partial.length})</h2>${c.partial.map((m) => row(m, c.jurisdictions, ""))}` : ""}`);
  } catch (e) { showError(out, e); }
} else {
  render(out, html`<p class="muted">Pick two or more jurisdictions.</p>`);
}
// long provisions are cut to a few lines so that five columns stay readable; a click opens one
out.addEventListener("click", (e) => { const c = e.target.closest(".clamp"); if (c && !e.target.closest("a")) c.classList.toggle("open"); });
