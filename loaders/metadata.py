"""Metadata a document states about itself: title, issuer, 文号, dates, publisher.

* title — the last title-like line before the body; ``关于印发《X》的通知`` gives X;
  organisation names before ``关于`` on the title line are issuers; a news report
  with no title line gives the ``《X》（以下简称《Y》）`` it reports on;
* 文号 — a line of its own in the front matter, or a labelled one (文号：…);
* issuer — organisations on the title line, else the signature before the date
  in the closing or the front matter, else a ``…文件`` header;
* issued — the signature date, else a 年月日 date alone under the title, else one the text states
  (``于2021年5月8日印发``, ``…会议通过``, not one that introduces another document's title);
  published — ``发布时间`` or a bare date in the front. A document's ``date`` is issued, else published.
"""
from __future__ import annotations

import functools

import re

from policykg.loaders.citations import display_title
from policykg.loaders.datafiles import structure_vocabulary
from policykg.loaders.reading import to_simplified
from policykg.loaders.docnumbers import doc_number_line, find_doc_numbers
from policykg.loaders.relining import cn_number
from policykg.loaders.structure import DATE_LINE, SEAL_NOTE, Structure, is_organisation_line, unboxed

DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
#: a year's Chinese digits: 〇 ○ 零 O Ｏ are 0
_CN_DIGITS = {**{ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")}, "○": "0", "零": "0", "O": "0", "Ｏ": "0"}
CN_DATE_PARTS = re.compile(r"([〇○零OＯ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
STATED_ISSUE = re.compile(r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:正式)?(?:印发|发布|公布|签发|[^，。；\n（）()]{0,24}?(?:审议通过|会议通过))")
NEWS_VERB = re.compile(r"出台|印发|发布|推出|明确|出炉|亮相|聚焦|解读|获悉")
ISSUED_LABELS = ("成文日期", "印发日期", "签发日期", "颁布日期")
#: labels whose value names the issuing organisation (a legal database's 颁布部门)
ISSUER_LABELS = ("发文机关", "颁布部门", "颁布机关")
POSTED_LABELS = ("发布日期", "发布时间", "公开日期", "日期", "时间")
NUMBER_LABELS = ("发文字号", "文号", "字号")


@functools.cache
def _label_pattern() -> re.Pattern:
    labels = sorted(structure_vocabulary()["metadata_labels"], key=len, reverse=True)
    # a label starts a line, follows a space, or follows a date it is glued to (2009-07-02生效日期：)
    return re.compile(rf"(?:^|(?<=\s)|(?<=\d))({'|'.join(re.escape(l) for l in labels)})\s*[:：]\s*")


def labelled_values(line: str) -> dict[str, str]:
    """The ``label：value`` pairs of a metadata line, labels from ``data/structure.toml``.

    >>> labelled_values("发文字号：某政办发〔2024〕6号　　成文日期：2024年02月20日")
    {'发文字号': '某政办发〔2024〕6号', '成文日期': '2024年02月20日'}
    >>> labelled_values("关于加强保护的通知")
    {}
    >>> labelled_values("颁布日期:2009-07-02生效日期:2010-01-01")
    {'颁布日期': '2009-07-02', '生效日期': '2010-01-01'}
    """
    found = list(_label_pattern().finditer(line))
    return {m.group(1).replace(" ", ""): line[m.end(): found[k + 1].start() if k + 1 < len(found) else len(line)].strip()
            for k, m in enumerate(found)}


REPOSTED = re.compile(r"印发(?:了)?《(?P<title>[^《》\n]{4,80})》|《(?P<title2>[^《》\n]{4,80})》(?:\s*)全文如下")
ALIAS = re.compile(r"《([^》]{2,160})》\s*[（(]\s*(?:[^（）()《》]{0,30}?[，,、;；]\s*)?以下简称\s*[《“\"]([^》”\"]{1,40})[》”\"]\s*[）)]")
PUBLISHED_LABEL = re.compile(r"(发布时间|发布日期|日期|时间)\s*[:：]\s*")
SOURCE_LABEL = re.compile(r"(信息来源|文章来源|来\s*源)\s*[:：]\s*(.+?)\s*$")


def iso_date(text: str) -> str | None:
    """The first date of a text, ISO-formatted, in digits or in Chinese numerals.

    >>> iso_date("2021年5月8日印发"), iso_date("二○○七年六月三十日"), iso_date("二零二一年十二月二十七日")
    ('2021-05-08', '2007-06-30', '2021-12-27')
    """
    m = DATE.search(text)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        c = CN_DATE_PARTS.search(text)
        if not c:
            return None
        y = int("".join(_CN_DIGITS[ch] for ch in c.group(1)))
        mo, d = cn_number(c.group(2)), cn_number(c.group(3))
        if mo is None or d is None:
            return None
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _squash(text: str) -> str:
    return re.sub(r"(?<=[\u4e00-\u9fa5])\s+(?=[\u4e00-\u9fa5])", "", text.strip())


def split_title_line(text: str) -> tuple[str, list[str]]:
    """Title and the issuing organisations written before it on the same line.

    >>> split_title_line("中共漯河市委办公室 漯河市人民政府办公室 关于进一步加强知识产权保护工作的 通 知")
    ('关于进一步加强知识产权保护工作的通知', ['中共漯河市委办公室', '漯河市人民政府办公室'])
    >>> split_title_line("关于印发《2023-2025年贯彻落实<关于进一步 强化全区知识产权保护的具体措施> 推进计划》的通知")[0]
    '2023-2025年贯彻落实〈关于进一步强化全区知识产权保护的具体措施〉推进计划'
    """
    t = re.sub(r"\s+", " ", text.strip())
    n = to_simplified(t)             # matched in simplified characters, cut from the text as written
    if len(n) != len(t):
        n = t
    m = re.match(r"^(?P<org>.{0,40}?)\s*关于印发\s*(?P<title>《.+》)\s*的\s*(通\s*知|通\s*告)$", n)
    if m:
        orgs = [t[a:a + len(o)] for o, a in _tokens(m.group("org")) if is_organisation_line(o)]
        return display_title(t[m.start("title"):m.end("title")]), orgs
    issuers: list[str] = []
    tokens = _tokens(n)
    while len(tokens) > 1 and is_organisation_line(tokens[0][0]) and "关于" not in tokens[0][0]:
        o, a = tokens.pop(0)
        issuers.append(t[a:a + len(o)])
    rest = t[tokens[0][1]:] if tokens else ""
    glued = re.match(r"^(?P<org>[^《》\s]{4,40}?)(?=关于)", n[tokens[0][1]:]) if tokens and not issuers else None
    if glued and is_organisation_line(glued.group("org")):
        # 青川市人民政府办公室关于…的实施意见: the issuer glued to the title
        cut = tokens[0][1] + glued.end()
        issuers.append(t[tokens[0][1]:cut])
        rest = t[cut:]
    return display_title(_squash(rest)), issuers


def _tokens(text: str) -> list[tuple[str, int]]:
    """Space-separated tokens with their offsets."""
    return [(m.group(0), m.start()) for m in re.finditer(r"\S+", text)]


def _signature_before(lines: list[str], date_at: int) -> list[str]:
    """Organisation lines just above a date line; wrapped names rejoined; a seal note between
    them and the date (（国家知识产权局代章）) passed over.

    >>> _signature_before(["某某联席会议办公室", "（国家知识产权局代章）", "2021年12月27日"], 2)
    ['某某联席会议办公室']
    """
    out: list[str] = []
    i = date_at - 1
    if i >= 0 and SEAL_NOTE.match(_squash(lines[i])):
        i -= 1
    pending = ""
    while i >= 0:
        t = _squash(lines[i])
        if is_organisation_line(t + pending) and not pending:
            out.insert(0, t)
        elif pending and is_organisation_line(t + pending):
            out[0] = t + pending
            pending = ""
        elif out and len(t) <= 20 and not re.search(r"[。，,：:；;]", t) and is_organisation_line(t + out[0]):
            out[0] = t + out[0]
        else:
            break
        i -= 1
    return out


def extract_metadata(structure: Structure) -> dict:
    cleaned = structure.cleaned
    text = cleaned.source.text
    front = [(unboxed(cleaned.line_norm(l).strip()), kind, l) for l, kind in structure.front]
    closing = [(unboxed(cleaned.line_norm(l).strip()), kind, l) for l, kind in structure.closing]
    meta: dict = {"title": None, "title_source": None, "aliases": [], "issuer": [], "issuer_note": None,
                  "doc_number": None, "issued": None, "published": None, "publisher": None}

    # title
    if structure.title_lines:
        line = structure.title_lines[-1]
        title, issuers = split_title_line(cleaned.line_text(line))
        meta.update(title=title, title_source="title line")
        meta["issuer"] = issuers
        if len(issuers) == 1:          # others cite it with its issuer too: 《某市人民政府办公室关于…》
            meta["aliases"].append(issuers[0] + title)
    body_norm = "\n".join(cleaned.line_norm(l) for l in cleaned.lines)
    body_text = "\n".join(cleaned.line_text(l) for l in cleaned.lines)
    for m in ALIAS.finditer(body_norm):
        if meta["title"] is None:
            meta.update(title=display_title(body_text[m.start(1):m.end(1)]), title_source="以下简称 clause")
        if display_title(m.group(1)) == meta["title"] or meta["title_source"] == "以下简称 clause":
            meta["aliases"].append(m.group(2))
    headline = meta["title_source"] == "title line" and "《" not in meta["title"] and NEWS_VERB.search(meta["title"])
    if meta["title"] is None or headline:
        # a news page re-posting a policy: 印发《X》 / 《X》全文如下 name the policy, which is the
        # title (a headline such as 某市出台方案 is the report's, not the policy's)
        m = REPOSTED.search(body_norm)
        if m:
            a, b = m.span("title" if m.group("title") else "title2")
            meta.update(title=display_title(body_text[a:b]), title_source="印发《…》 in the text")

    # 文号: a front line that is only a 文号, or a labelled one
    for t, kind, _ in front:
        found = find_doc_numbers(t)
        alone = doc_number_line(t)
        # …, or one the title line opens with (某政发〔2024〕4号某某区人民政府关于印发…的通知)
        opens_title = kind == "title" and bool(found) and found[0].start == 0
        if found and (alone or opens_title or re.match(r"^(发文字号|文号)\s*[:：]", t)):
            meta["doc_number"] = found[0].text
            if alone and not meta["issued"]:
                meta["issued"] = iso_date(t)            # 苏政发〔2009〕1号 2009年1月5日: the date it was issued
            break

    # dates and publisher
    front_lines = [t for t, _, _ in front]
    for t, kind, _ in front + closing:
        if kind in ("metadata", "date") or DATE_LINE.match(t):
            # a portal's metadata table: 发文字号：… 成文日期：… 发布日期：… on one line or several
            table = labelled_values(t)
            for label, value in table.items():
                if label in ISSUED_LABELS and not meta["issued"]:
                    meta["issued"] = iso_date(value)
                elif label in NUMBER_LABELS and not meta["doc_number"] and find_doc_numbers(value):
                    meta["doc_number"] = find_doc_numbers(value)[0].text
                elif label in POSTED_LABELS and not meta["published"]:
                    meta["published"] = iso_date(value)
                elif label in ISSUER_LABELS and not meta["issuer"] and is_organisation_line(value):
                    meta["issuer"] = [value]
            if table:
                src = SOURCE_LABEL.search(t)
                if src and not meta["publisher"]:
                    meta["publisher"] = re.split(r"\s{2,}|(?=(发布时间|浏览))", src.group(2))[0].strip() or None
                continue
            src = SOURCE_LABEL.search(t)
            if src and not meta["publisher"]:
                meta["publisher"] = re.split(r"\s{2,}|(?=(发布时间|浏览))", src.group(2))[0].strip() or None
            if PUBLISHED_LABEL.search(t) and not meta["published"]:
                meta["published"] = iso_date(PUBLISHED_LABEL.split(t, 1)[-1])
    # issued: the first date in the closing with a signature above it, else one in the front
    closing_lines = [t for t, _, _ in closing]
    for i, t in enumerate(closing_lines):
        if DATE_LINE.match(t):
            meta["issued"] = meta["issued"] or iso_date(t)
            if not meta["issuer"]:
                meta["issuer"] = _signature_before(closing_lines, i)
            break
    for i, t in enumerate(front_lines):
        if DATE_LINE.match(t) and not PUBLISHED_LABEL.search(t):
            signature = _signature_before(front_lines, i)
            if signature:
                meta["issued"] = meta["issued"] or iso_date(t)
                if not meta["issuer"]:
                    meta["issuer"] = signature
                    meta["issuer_line"] = i
            elif i > 0 and front[i - 1][1] == "title" and "年" in t and not meta["issued"]:
                meta["issued"] = iso_date(t)        # 2021年5月8日 alone under the title: the issue date
            elif not meta["published"]:
                meta["published"] = iso_date(t)
    if not meta["issued"]:
        # stated in the text: …于2021年5月8日印发, （2021年6月18日市人民政府第12次常务会议通过）
        # — but not a date another document was issued on (…印发《另一文件》)
        own = _squash(meta["title"] or "")
        for m in STATED_ISSUE.finditer(body_norm):
            cited = re.match(r"\s*(?:了)?《([^《》]{2,120})》", body_norm[m.end():])
            if cited and _squash(cited.group(1)) != own:
                continue
            meta["issued"] = iso_date(m.group(1))
            break
    if not meta["issuer"]:
        for t in front_lines:
            m = re.match(r"^(.{4,30}?)文件$", _squash(t))
            if m and is_organisation_line(m.group(1)):
                meta["issuer"] = [m.group(1)]
                break
    # a spam removal right before the issuer's name means a place name was lost there
    if meta["issuer"]:
        first = meta["issuer"][0]
        for r in cleaned.removals:
            if r.step == "spam" and text[r.end:r.end + len(first)].strip().startswith(first[:4]):
                meta["issuer_note"] = "the place name before the issuer was injected spam and was removed"
                break
    meta.pop("issuer_line", None)
    return meta
