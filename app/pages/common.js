// Shared helpers for policykg's pages: fetch JSON, escape, highlight spans, header and search.
export async function api(path) {
  const r = await fetch(path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.message || r.statusText);
  return body;
}
export function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
}
// Mark `needle` (a matched wording) inside text.
export function markText(text, needle, cls = "") {
  if (!needle) return esc(text);
  const i = text.replace(/\n/g, "").indexOf(needle.replace(/\n/g, ""));
  const flat = text.replace(/\n/g, "");
  if (i < 0) return esc(text);
  return esc(flat.slice(0, i)) + `<mark class="${cls}">` + esc(flat.slice(i, i + needle.length)) + "</mark>" + esc(flat.slice(i + needle.length));
}
// Highlight [start, end) ranges within a text (offsets as the API gives them).
export function markRanges(text, ranges, cls = "reuse") {
  const marks = new Array(text.length).fill(false);
  for (const [a, b] of ranges) for (let i = a; i < b && i < marks.length; i++) marks[i] = true;
  let out = "", open = false;
  for (let i = 0; i < text.length; i++) {
    if (marks[i] && !open) { out += `<mark class="${cls}">`; open = true; }
    if (!marks[i] && open) { out += "</mark>"; open = false; }
    out += text[i] === "\n" ? "<br>" : esc(text[i]);
  }
  return out + (open ? "</mark>" : "");
}
export const THEMES = {strict: "严保护 strict", broad: "大保护 broad", fast: "快保护 fast", equal: "同保护 equal",
  foundations: "基础保障 foundations", organisation: "组织实施 organisation", creation: "创造 creation",
  use: "运用 use", services: "服务 services", institutions: "制度建设 institutions"};
export async function jurisdictionNames() {
  const rows = await api("/api/jurisdictions");
  return Object.fromEntries(rows.map((j) => [j.id, j.name_zh + (j.name_status === "inferred" ? "（推定）" : "")]));
}
export function header(active) {
  const el = document.createElement("header");
  el.innerHTML = `<a class="brand" href="/">policykg</a>
    <a href="/matrix.html">Matrix 覆盖矩阵</a><a href="/compare.html">Compare 比较</a><a href="/lineage.html">Lineage 沿革</a>
    <form action="/" method="get"><input name="q" placeholder="措施 / measure, e.g. 技术调查官, punitive damages" size="38"
      aria-label="search"><button>Search</button></form>`;
  document.body.prepend(el);
}
export function params() { return new URLSearchParams(location.search); }
