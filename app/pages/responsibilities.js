// Who must do what by when: the rows of /api/responsibilities as a table to filter (the form,
// answered by the API), sort (click a column's heading) and download (the same filters as CSV).
import { api, html, link, render, header, params, THEMES, showError } from "/common.js";
header();
const FILTERS = ["measure", "theme", "jurisdiction", "agency_type", "role", "due_before"];
const ROLES = {lead: "lead 牵头", support: "support 配合", responsible: "responsible 负责"};
const PAGE = 200;
const chosen = Object.fromEntries(FILTERS.map((f) => [f, params().get(f) || ""]));
const offset = Math.max(0, parseInt(params().get("offset") || "0", 10) || 0);
const out = document.getElementById("result");
const [measures, juris, types] = await Promise.all([api("/api/measures"), api("/api/jurisdictions"), api("/api/agency-types")]);
const select = (name, options, all) => html`<label>${name.replace("_", " ")} <select name="${name}"><option value="">${all}</option>${
  options.map(([v, label]) => html`<option value="${v}" ${v === chosen[name] ? "selected" : ""}>${label}</option>`)}</select></label> `;
render(document.getElementById("filters"), html`
  ${select("measure", measures.map((m) => [m.id, `${m.label_zh} ${m.label_en}`]), "any measure")}
  ${select("theme", Object.entries(THEMES), "any theme")}
  ${select("jurisdiction", juris.map((j) => [j.id, j.name_zh]), "any jurisdiction")}
  ${select("agency_type", types.map((t) => [t.id, `${t.label_zh} ${t.label_en}`]), "any agency type")}
  ${select("role", Object.entries(ROLES), "any role")}
  <label>due on or before <input type="date" name="due_before" value="${chosen.due_before}"></label>
  <button>Show</button>`);
const typeLabel = Object.fromEntries(types.map((t) => [t.id, t.label_zh]));
const query = Object.fromEntries(Object.entries(chosen).filter(([, v]) => v));
const COLUMNS = [
  ["provision", "provision 条款", (r) => r.provision.citation],
  ["measure", "measure 措施", (r) => r.measure ? r.measure.label_zh : ""],
  ["agency", "agency 单位", (r) => r.agency.name],
  ["type", "type 类型", (r) => typeLabel[r.agency.type] || r.agency.type],
  ["role", "role 角色", (r) => r.agency.role],
  // by date; a deadline with no date (持续推进, 每年4月底前) sorts after every dated one
  ["deadline", "deadline 时限", (r) => r.deadline?.date || ""],
];
let rows = [];
let sort = {key: null, down: false};
function table() {
  const get = Object.fromEntries(COLUMNS.map(([k, , f]) => [k, f]));
  const shown = sort.key ? [...rows].sort((a, b) => {
    const x = get[sort.key](a), y = get[sort.key](b);
    // empty cells last either way; then Chinese-aware order
    if (!x !== !y) return !x ? 1 : -1;
    return (sort.down ? -1 : 1) * String(x).localeCompare(String(y), "zh-CN", {numeric: true});
  }) : rows;
  return html`<table class="heat duties"><thead><tr>${COLUMNS.map(([k, label]) => html`<th data-sort="${k}" class="${
    sort.key === k ? (sort.down ? "sorted-down" : "sorted-up") : ""}" tabindex="0">${label}</th>`)}</tr></thead>
    <tbody>${shown.map((r) => html`<tr data-provision="${r.provision.id}" data-agency-type="${r.agency.type}" data-role="${r.agency.role}">
      <td><a class="cite" href="${link("/document.html", {id: r.document}, r.provision.id)}">${r.provision.citation}</a><div class="muted snippet">${r.provision.text}</div></td>
      <td>${r.measure ? html`<a href="${link("/measure.html", {id: r.measure.id})}">${r.measure.label_zh}</a>` : html`<span class="muted">—</span>`}</td>
      <td>${r.agency.name}</td><td title="${r.agency.type}">${typeLabel[r.agency.type] || r.agency.type}</td><td>${ROLES[r.agency.role] || r.agency.role}</td>
      <td data-date="${r.deadline?.date || ""}">${r.deadline ? html`${r.deadline.date || ""} <span class="muted">${r.deadline.text || ""}</span>` : html`<span class="muted">—</span>`}</td>
    </tr>`)}</tbody></table>`;
}
function show(answer) {
  const prev = offset > 0 ? link("/responsibilities.html", {...query, offset: Math.max(0, offset - PAGE)}) : null;
  const next = offset + rows.length < answer.total ? link("/responsibilities.html", {...query, offset: offset + PAGE}) : null;
  render(out, html`<p id="count">${answer.total} row${answer.total === 1 ? "" : "s"}${answer.truncated
      ? html` · showing ${offset + 1}–${offset + rows.length}` : ""}
    · <a id="csv" href="${link("/api/responsibilities.csv", query)}" download="responsibilities.csv">Download CSV</a>
    ${prev ? html` · <a href="${prev}">previous</a>` : ""}${next ? html` · <a href="${next}">next</a>` : ""}</p>
    ${rows.length ? table() : html`<p class="muted">No provision names an agency for these filters.</p>`}`);
}
try {
  const answer = await api(link("/api/responsibilities", {...query, offset, limit: PAGE}));
  rows = answer.rows;
  show(answer);
  out.addEventListener("click", (e) => {
    const th = e.target.closest("th[data-sort]");
    if (!th) return;
    sort = {key: th.dataset.sort, down: sort.key === th.dataset.sort ? !sort.down : false};
    show(answer);
  });
} catch (e) { showError(out, e); }
