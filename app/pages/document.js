// The document reader: a document as published — title, 文号, issuer, dates, level — with its
// sections and provisions, each provision's measures, themes, agencies and deadline, its
// citations (linked when the cited document is in the corpus) and the passages it reused from
// other documents or that others reused from it, highlighted.
import { api, html, link, render, markRanges, header, params, THEMES, showError, jurisdictionNames } from "/common.js";
header();
const main = document.getElementById("main");
const ROLE = {lead: "牵头", support: "配合", responsible: "负责"};
const id = params().get("id") || "";
try {
  const [doc, lineage, names] = await Promise.all([
    api(`/api/documents/${encodeURIComponent(id)}`), api(`/api/lineage/${encodeURIComponent(id)}`), jurisdictionNames()]);
  // passages this document reused (from) and passages others reused from it (by)
  const ranges = {}, notes = {};
  const add = (pid, rs, note) => { (ranges[pid] ??= []).push(...rs); (notes[pid] ??= []).push(note); };
  for (const r of lineage.reuse) add(r.provision, r.provision_ranges, {way: "from", document: r.source_document, provision: r.source, score: r.score});
  const derived = [...new Set(lineage.descendants.filter((d) => d.depth === 1 && d.routes.some((r) => r.relation === "derived"))
    .map((d) => d.document.id))];
  for (const other of await Promise.all(derived.map((d) => api(`/api/lineage/${encodeURIComponent(d)}`)))) {
    for (const r of other.reuse) if (r.source_document === id) add(r.source, r.source_ranges, {way: "by", document: other.document.id, provision: r.provision, score: r.score});
  }
  const sections = Object.fromEntries(doc.sections.map((s) => [s.id, s]));
  let lastSection = null;
  const body = doc.provisions.map((p) => {
    const heading = p.section && p.section !== lastSection ? sectionHeadings(p.section, sections, lastSection) : "";
    lastSection = p.section || lastSection;
    return html`${heading}${provisionCard(p)}`;
  });
  render(main, html`<article class="reader">
    <h1>${doc.title}</h1>
    <p class="doc-meta">${doc.doc_number ? html`<span id="doc-number">${doc.doc_number}</span> · ` : ""}${
      (doc.issuer || []).join("、") || names[doc.jurisdiction] || ""}${doc.level ? html` · <span class="tag">${doc.level}</span>` : ""}
      ${doc.issued ? html` · issued 印发 <b id="issued">${doc.issued}</b>` : ""}${doc.published ? html` · posted 发布 ${doc.published}` : ""}
      · <a href="${link("/lineage.html", {doc: doc.id})}">lineage 沿革</a></p>
    ${doc.in_corpus ? "" : html`<p class="card muted" id="cited-only">Known only from the documents that cite it: not in the corpus,
      so its provisions are unknown. ${lineage.descendants.length ? "Cited by the documents in its lineage." : ""}</p>`}
    ${doc.citations.length ? html`<div class="card citations"><div class="meta">Cites 引用</div><ul>${doc.citations.map((c) => html`<li data-relation="${c.relation}">
      <span class="rel-${c.relation === "implements" ? "implements" : "derived"}">${c.relation === "implements" ? "implements 贯彻落实" : "mentions 提及"}</span>
      <a class="cited" href="${link("/document.html", {id: c.target})}">《${c.title || c.cited_title}》</a>
      ${c.doc_number || ""}${c.in_corpus ? "" : html` <span class="muted">not in the corpus</span>`}</li>`)}</ul></div>` : ""}
    ${body}</article>`);
  if (location.hash) {
    let target = location.hash.slice(1);
    try { target = decodeURIComponent(target); } catch { /* a malformed %-escape: look it up as written */ }
    document.getElementById(target)?.scrollIntoView();
  }

  function provisionCard(p) {
    const reuse = notes[p.id] || [];
    return html`<div class="card provision ${p.kind}" id="${p.id}" data-kind="${p.kind}">
      <div class="meta"><span class="cite">${p.citation}</span>${p.heading ? html` <b>${p.heading}</b>` : ""}</div>
      <div class="text">${markRanges(p.text, ranges[p.id] || [])}</div>
      ${p.measures.length ? html`<div class="facts">${p.measures.map((m) => html`<a class="tag measure" data-measure="${m.measure}" title="matched “${m.matched}”"
        href="${link("/measure.html", {id: m.measure})}">${m.label_zh}</a>`)}</div>` : ""}
      ${p.themes.length ? html`<div class="facts">${p.themes.map((t) => html`<span class="tag theme">${THEMES[t] || t}</span>`)}</div>` : ""}
      ${p.agencies.length || p.deadline ? html`<div class="facts muted">${p.agencies.map((a, i) => html`${i ? " · " : ""}<span class="agency">${a.name}（${ROLE[a.role] || a.role}）</span>`)}${
        p.deadline ? html` · <span class="deadline">${p.deadline.due ? "by " + p.deadline.due : p.deadline.text}</span>` : ""}</div>` : ""}
      ${reuse.map((n) => html`<div class="muted reuse-note" data-way="${n.way}">${n.way === "from" ? "wording reused from" : "wording reused by"}
        <a href="${link("/document.html", {id: n.document}, n.provision)}">${n.document} ${n.provision}</a> (score ${n.score})</div>`)}
    </div>`;
  }
} catch (e) { showError(main, e); }

function sectionHeadings(sid, sections, previous) {
  // the section and those above it not shown yet, outermost first
  const chain = [];
  for (let s = sections[sid]; s; s = sections[s.parent]) chain.unshift(s);
  const shownBefore = new Set();
  for (let s = sections[previous]; s; s = sections[s.parent]) shownBefore.add(s.id);
  return chain.filter((s) => !shownBefore.has(s.id)).map((s) =>
    html`<h2 class="section level-${s.level}" id="${s.id}">${s.number || ""}${s.heading}</h2>`);
}
