import { api, html, link, render, markRanges, header, params, showError, citer } from "/common.js";
header();
const [docs, cite] = await Promise.all([api("/api/documents"), citer()]);
const current = params().get("doc") || (docs[0] && docs[0].id);
render(document.getElementById("docs"), html`${docs.map((d) =>
  html`<option value="${d.id}" ${d.id === current ? "selected" : ""}>${d.title || d.id}${d.status === "set_aside" ? " (set aside: " + d.set_aside_reason + ")" : ""}</option>`)}`);
function label(d) {
  return html`<b>${d.title || d.id}</b> ${d.doc_number || ""} <span class="tag">${d.level || "?"}</span>${d.in_corpus
    ? html`<a href="${link("/lineage.html", {doc: d.id})}">open</a>` : html`<span class="muted">cited</span>`}${
    d.issuer && d.issuer.length ? html` <span class="muted">${d.issuer.join("、")}</span>` : ""}`;
}
const tree = document.getElementById("tree");
try {
  const l = await api(`/api/lineage/${encodeURIComponent(current)}`);
  // build the tree from the paths: each step hangs under the step one shorter on the same path
  const children = {};
  // every route to an ancestor is drawn where it leads (a document reached two ways shows twice in the tree)
  for (const s of l.ancestors) for (const r of s.routes) (children[JSON.stringify(r.path.slice(0, -1))] ??= []).push({...r, document: s.document});
  const branch = (path) => (children[JSON.stringify(path)] || []).map((s) => html`<li data-doc="${s.document.id}">
      <span class="rel-${s.relation === "implements" ? "implements" : "derived"}">${s.relation === "implements" ? "implements" : "reuses wording of"}</span>
      ${label(s.document)}${s.evidence ? html`<div class="muted">“${s.evidence}”</div>` : ""}<ul>${branch(s.path)}</ul></li>`);
  const carriedOut = [...new Set(l.descendants.filter((d) => d.depth === 1).map((d) => d.document.title || d.document.id))];
  render(tree, html`<div class="card">${label(l.document)}<ul>${branch([current])}</ul>
    ${carriedOut.length ? html`<div class="muted">carried out by: ${carriedOut.join("; ")}</div>` : ""}</div>`);
  render(document.getElementById("reuse"), html`${l.reuse.length ? html`<h2 id="reused">Reused text (${l.reuse.length} alignments)</h2>` : ""}
    ${l.reuse.map((r) => html`<div class="card reuse-pair"><div class="cols" data-cols="2">
      <div><div class="meta">${cite({id: r.provision, document: current, number: r.number})}</div>${markRanges(r.text, r.provision_ranges)}</div>
      <div><div class="meta">from ${cite({id: r.source, document: r.source_document, number: r.source_number})} · score ${r.score}</div>${markRanges(r.source_text, r.source_ranges)}</div>
    </div></div>`)}`);
} catch (e) { showError(tree, e); }
// the implementation gap: each ancestor in the corpus, what this document took up, left out, added
const gapEl = document.getElementById("gap");
const gapList = (entries, cls, doc, side) => entries.length
  ? html`<ul class="gap ${cls}">${entries.map((e) => html`<li data-measure="${e.measure.id}"><a href="${link("/measure.html", {id: e.measure.id})}">${e.measure.label_zh}</a>
      <span class="muted">${e.measure.label_en}</span> ${(side === "ancestor" ? e.ancestor_provisions : e.provisions).map((p, i) =>
        html`${i ? "、" : ""}${cite({...p, document: doc})}`)}</li>`)}</ul>`
  : html`<p class="muted">none</p>`;
try {
  const gap = await api(`/api/documents/${encodeURIComponent(current)}/implementation`);
  render(gapEl, gap.ancestors.length ? html`<h2 id="implementation">Implementation gap 落实情况</h2>${gap.ancestors.map((a) => html`
    <div class="card gap-ancestor" data-ancestor="${a.ancestor.id}"><div class="meta">against <b>${a.ancestor.title || a.ancestor.id}</b> ${a.ancestor.doc_number || ""}
      · ${a.relations.map((r) => r === "implements" ? "cited as implemented" : "wording reused").join(" and ")}
      · took up ${a.took_up.length} of ${a.took_up.length + a.left_out.length} measures${a.coverage !== null ? html` (${Math.round(100 * a.coverage)}%)` : ""}</div>
      <div class="cols" data-cols="3">
        <div><h3>Took up 落实 (${a.took_up.length})</h3>${gapList(a.took_up, "took", current, "here")}</div>
        <div><h3>Left out 未落实 (${a.left_out.length})</h3>${gapList(a.left_out, "left", a.ancestor.id, "ancestor")}</div>
        <div><h3>Added 新增 (${a.added.length})</h3>${gapList(a.added, "added", current, "here")}</div>
      </div></div>`)}` : "");
} catch (e) { showError(gapEl, e); }
