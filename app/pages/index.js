import { api, html, link, render, markText, header, params, showError, citer } from "/common.js";
header();
const q = params().get("q");
const offset = Number(params().get("offset") || 0);
const PAGE = 50;
const out = document.getElementById("answer");
if (q) {
  document.querySelector("header input").value = q;
  try {
    const [a, cite] = await Promise.all([api(link("/api/adoption", {q, offset, limit: PAGE, per_jurisdiction: 20})), citer()]);
    const measureLinks = (ms, score) => ms.map((m, i) =>
      html`${i ? "; " : ""}<a href="${link("/measure.html", {id: m.id})}">${m.label_zh} / ${m.label_en}</a>${score ? html` <span class="muted">(${m.score})</span>` : ""}`);
    const label = Object.fromEntries(a.measures.map((m) => [m.id, m.label_zh]));
    const resolved = a.route === "measure"
      ? html`<p id="resolved">Resolved to measure${a.measures.length > 1 ? "s" : ""}: ${measureLinks(a.measures, true)}</p>`
      : a.route === "theme"
      ? html`<p id="resolved">The theme <b>${a.theme.label_zh} ${a.theme.label_en}</b>: its ${a.measures.length} measures — ${measureLinks(a.measures, false)}</p>`
      : html`<p class="muted" id="resolved">No measure fits this phrase; provisions ranked by full-text search.</p>${
          a.suggestions && a.suggestions.length ? html`<p id="suggestions">Nearest measures: ${a.suggestions.map((m, i) =>
            html`${i ? " · " : ""}<a href="${link("/", {q: m.label_zh})}" data-measure="${m.id}">${m.label_zh} / ${m.label_en}</a>`)}</p>` : ""}`;
    // when the answer spans several measures, each provision says which of them it adopts
    const which = (p) => a.measures.length > 1 && p.measures
      ? html`<div class="muted which">${p.measures.map((h, i) => html`${i ? " · " : ""}<span class="tag" data-measure="${h.measure}">${label[h.measure] || h.measure}</span>`)}</div>` : "";
    const cards = a.jurisdictions.map((j) => html`<div class="card" data-jurisdiction="${j.id}">
      <div class="meta"><b>${j.name_zh}</b>${j.name_status === "inferred" ? html` <span class="inferred">name inferred</span>` : ""}</div>
      ${j.provisions.map((p) => html`<div class="card"><div class="meta">${cite(p)} ·
        <a href="${link("/lineage.html", {doc: p.document})}">lineage</a></div>${which(p)}${markText(p.text, p.evidence && p.evidence.matched)}</div>`)}
      ${j.truncated ? html`<p class="muted">${j.provisions.length} of ${j.provision_total} provisions shown</p>` : ""}
    </div>`);
    const more = a.total > offset + a.jurisdictions.length
      ? html`<p><a id="next" href="${link("/", {q, offset: offset + PAGE})}">next ${PAGE} jurisdictions</a></p>` : "";
    render(out, html`${resolved}<h2 id="count">${a.total} jurisdiction${a.total === 1 ? "" : "s"}${a.total > a.jurisdictions.length
      ? html` <span class="muted">(${offset + 1}–${offset + a.jurisdictions.length} shown)</span>` : ""}</h2>${cards}${more}`);
  } catch (e) { showError(out, e); }
}
