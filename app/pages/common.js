// Shared helpers for policykg's pages: fetch JSON, build HTML safely, highlight spans, header.
//
// Every page builds its HTML with the `html` tag below: each value put into it is escaped
// (text, attributes and ids alike) unless it is itself built by `html` (or `markText`,
// `markRanges`), and `render` only accepts what `html` built. So no value from the corpus —
// an id, a title, a provision's text — can become markup or script in a page.
export async function api(path) {
  const r = await fetch(path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.message || r.statusText);
  return body;
}
const ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;"};
export function esc(s) {
  return String(s ?? "").replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
}
class Safe {
  constructor(s) { this.s = s; }
  toString() { return this.s; }
}
function piece(v) {
  if (v instanceof Safe) return v.s;
  if (Array.isArray(v)) return v.map(piece).join("");
  if (v === null || v === undefined || v === false) return "";
  return esc(v);
}
// html`<a href="${url}">${text}</a>`: the values are escaped, the template is not.
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((v, i) => { out += piece(v) + strings[i + 1]; });
  return new Safe(out);
}
// A same-site link with its query values encoded: link("/measure.html", {id: m.id}, "hanyang").
export function link(path, query = {}, fragment = "") {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const x of [].concat(v)) if (x !== undefined && x !== null) qs.append(k, x);
  const q = qs.toString();
  return path + (q ? "?" + q : "") + (fragment ? "#" + encodeURIComponent(fragment) : "");
}
// Put what `html` built into an element; anything else is shown as text.
export function render(el, content) {
  if (content instanceof Safe) el.innerHTML = content.s;
  else el.textContent = String(content ?? "");
  for (const c of el.querySelectorAll("[data-cols]")) c.style.setProperty("--n", c.dataset.cols);
}
// Mark `needle` (a matched wording) inside text.
export function markText(text, needle, cls = "") {
  const flat = String(text ?? "").replace(/\n/g, "");
  const i = needle ? flat.indexOf(String(needle).replace(/\n/g, "")) : -1;
  if (i < 0) return html`${text}`;
  return html`${flat.slice(0, i)}<mark class="${cls}">${flat.slice(i, i + needle.length)}</mark>${flat.slice(i + needle.length)}`;
}
// Highlight [start, end) ranges within a text (offsets as the API gives them).
export function markRanges(text, ranges, cls = "reuse") {
  text = String(text ?? "");
  const marks = new Array(text.length).fill(false);
  for (const [a, b] of ranges) for (let i = a; i < b && i < marks.length; i++) marks[i] = true;
  let out = "", open = false;
  for (let i = 0; i < text.length; i++) {
    if (marks[i] && !open) { out += `<mark class="${esc(cls)}">`; open = true; }
    if (!marks[i] && open) { out += "</mark>"; open = false; }
    out += text[i] === "\n" ? "<br>" : esc(text[i]);
  }
  return new Safe(out + (open ? "</mark>" : ""));
}
export const THEMES = {strict: "严保护 strict", broad: "大保护 broad", fast: "快保护 fast", equal: "同保护 equal",
  foundations: "基础保障 foundations", organisation: "组织实施 organisation", creation: "创造 creation",
  use: "运用 use", services: "服务 services", institutions: "制度建设 institutions"};
export async function jurisdictionNames() {
  const rows = await api("/api/jurisdictions");
  return Object.fromEntries(rows.map((j) => [j.id, j.name_zh + (j.name_status === "inferred" ? "（推定）" : "")]));
}
export function header() {
  const el = document.createElement("header");
  render(el, html`<a class="brand" href="/">policykg</a>
    <a href="/matrix.html">Matrix 覆盖矩阵</a><a href="/compare.html">Compare 比较</a><a href="/lineage.html">Lineage 沿革</a><a href="/responsibilities.html">Responsibilities 责任</a>
    <form action="/" method="get"><input name="q" placeholder="措施 / measure, e.g. 技术调查官, punitive damages" size="38"
      aria-label="search"><button>Search</button></form>`);
  document.body.prepend(el);
}
export function params() { return new URLSearchParams(location.search); }
export function showError(el, e) { render(el, html`<p class="card error">${e.message}</p>`); }
// Who answers for each provision, and by when: provision id → {agencies: [{name, type, role}], deadline},
// from /api/responsibilities with `query` (a measure, a jurisdiction), texts left out.
export async function dutiesOf(query) {
  const out = {};
  let offset = 0;
  for (;;) {
    const page = await api(link("/api/responsibilities", {...query, text: "false", limit: 5000, offset}));
    for (const r of page.rows) {
      const d = (out[r.provision.id] ??= {agencies: [], deadline: r.deadline});
      if (!d.agencies.some((a) => a.name === r.agency.name)) d.agencies.push(r.agency);
    }
    offset += page.rows.length;
    if (!page.rows.length || offset >= page.total) return out;
  }
}
const ROLE_ZH = {lead: "牵头", support: "配合", responsible: "负责"};
// One line under a provision: its agencies with their roles, and its deadline.
export function dutiesLine(d) {
  if (!d) return "";
  return html`<div class="duties-line muted" data-agencies="${d.agencies.length}">${d.agencies.map((a, i) =>
    html`${i ? " · " : ""}<span class="agency" data-role="${a.role}">${a.name}（${ROLE_ZH[a.role] || a.role}）</span>`)}${
    d.deadline ? html` · <span class="deadline">${d.deadline.date ? "by " + d.deadline.date : d.deadline.text}</span>` : ""}</div>`;
}
// How analysts cite a provision: 北京市《关于强化知识产权保护的行动方案》（九）, never a bare number;
// a bracketed or 第…条 number as printed, a bare 4. or 一、 as 第4项 / 第一项 (as the API's `citation`).
export function where(number, ordinal) {
  let n = String(number ?? "").trim();
  if (!/[\p{L}\p{N}]/u.test(n)) n = "";              // a bullet (-, ●) is no number
  if (!n) return ordinal ? `第${ordinal}段` : "";
  const bare = n.replace(/[、.．,，:：)）]+$/, "").replace(/^[(（]+/, "");
  if (/^\d+$/.test(bare) || /^[一二三四五六七八九十百零〇]+$/.test(bare)) return /^[(（]/.test(n) ? n : `第${bare}项`;
  return n;
}
// A function that turns a provision ({id, document, number, ordinal}) into a link to it in the
// document reader, written as its citation. Reads the document and jurisdiction lists once.
export async function citer() {
  const [docs, juris] = await Promise.all([api("/api/documents"), api("/api/jurisdictions")]);
  const byDoc = Object.fromEntries(docs.map((d) => [d.id, d]));
  const name = Object.fromEntries(juris.map((j) => [j.id, j.name_zh]));
  return (p) => {
    const d = byDoc[p.document] || {};
    const place = name[d.jurisdiction] || "";
    let title = d.title || p.document;
    if (place && title.startsWith(place) && title.length > place.length) title = title.slice(place.length);
    const ordinal = p.ordinal ?? (Number((String(p.id).match(/\.p(\d+)$/) || [])[1]) || null);   // ids end .p<ordinal>
    return html`<a class="cite" href="${link("/document.html", {id: p.document}, p.id)}">${place}《${title}》${where(p.number, ordinal)}</a>`;
  };
}
