import { api, html, link, render, markText, header, params, showError } from "/common.js";
header();
const q = params().get("q");
const out = document.getElementById("answer");
if (q) {
  document.querySelector("header input").value = q;
  try {
    const a = await api(link("/api/adoption", {q}));
    const resolved = a.route === "measure"
      ? html`<p>Resolved to measure${a.measures.length > 1 ? "s" : ""}: ${a.measures.map((m, i) =>
          html`${i ? "; " : ""}<a href="${link("/measure.html", {id: m.id})}">${m.label_zh} / ${m.label_en}</a> <span class="muted">(${m.score})</span>`)}</p>`
      : html`<p class="muted">No measure fits this phrase; provisions ranked by full-text search.</p>`;
    const cards = a.jurisdictions.map((j) => html`<div class="card" data-jurisdiction="${j.id}">
      <div class="meta"><b>${j.name_zh}</b>${j.name_status === "inferred" ? html` <span class="inferred">name inferred</span>` : ""}</div>
      ${j.provisions.map((p) => html`<div class="card"><div class="meta">${p.document} ${p.number || ""} ·
        <a href="${link("/lineage.html", {doc: p.document})}">lineage</a></div>${markText(p.text, p.evidence && p.evidence.matched)}</div>`)}
    </div>`);
    render(out, html`${resolved}<h2 id="count">${a.jurisdictions.length} jurisdiction${a.jurisdictions.length === 1 ? "" : "s"}</h2>${cards}`);
  } catch (e) { showError(out, e); }
}
