import { api, html, link, render, markRanges, header, params, showError } from "/common.js";
header();
const docs = await api("/api/documents");
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
      <div><div class="meta">${r.provision} ${r.number || ""}</div>${markRanges(r.text, r.provision_ranges)}</div>
      <div><div class="meta">from ${r.source} ${r.source_number || ""} · score ${r.score}</div>${markRanges(r.source_text, r.source_ranges)}</div>
    </div></div>`)}`);
} catch (e) { showError(tree, e); }
