import { api, html, render, markText, header, params, THEMES, jurisdictionNames, showError, dutiesOf, dutiesLine, citer } from "/common.js";
import { timelineSection } from "/timeline.js";
header();
const main = document.getElementById("main");
try {
  const id = params().get("id") || "";
  const [m, names] = await Promise.all([api(`/api/measures/${encodeURIComponent(id)}`), jurisdictionNames()]);
  const [duties, timeline, cite] = await Promise.all([dutiesOf({measure: m.id}), api(`/api/measures/${encodeURIComponent(m.id)}/timeline`), citer()]);
  render(main, html`<h1>${m.label_zh} <span class="muted">${m.label_en}</span></h1><p>${m.definition}</p>
    <p>${m.themes.map((t) => html`<span class="tag">${THEMES[t] || t}</span>`)}</p>
    ${timelineSection(timeline, names)}
    <h2>${m.adopters.length} adopting jurisdiction${m.adopters.length === 1 ? "" : "s"}</h2>
    ${m.adopters.map((a) => html`<div class="card" id="${a.jurisdiction}"><div class="meta"><b>${names[a.jurisdiction] || a.name_zh}</b></div>
      ${a.provisions.map((p) => html`<div class="card"><div class="meta">${cite(p)} · matched “${p.evidence.matched}” at ${p.evidence.span.join("–")}</div>${markText(p.text, p.evidence.matched)}${dutiesLine(duties[p.id])}</div>`)}
    </div>`)}`);
  if (location.hash) {
    let target = location.hash.slice(1);
    try { target = decodeURIComponent(target); } catch { /* a malformed %-escape: look it up as written */ }
    document.getElementById(target)?.scrollIntoView();
  }
} catch (e) { showError(main, e); }
