"""Metadata, agencies, deadlines, themes and citations, checked against the real texts."""
import pytest

from helpers import by_number


@pytest.mark.parametrize("doc_id,title,number,issued,published", [
    ("beijing", "关于强化知识产权保护的行动方案", None, None, "2020-09-03"),
    ("luoyang", "关于强化知识产权保护的若干措施", None, None, "2021-12-01"),
    ("luohe", "关于进一步加强知识产权保护工作的通知", "漯办〔2020〕19号", "2020-12-24", None),
    ("hanyang", "2023-2025年贯彻落实〈关于进一步强化全区知识产权保护的具体措施〉推进计划", None, "2024-01-31", "2024-07-12"),
    ("luolong", "洛龙区知识产权强区行动方案", None, None, None),
])
def test_document_metadata_is_extracted_from_the_text(docs, doc_id, title, number, issued, published):
    d = docs[doc_id]
    assert (d.title, d.doc_number, d.issued, d.published) == (title, number, issued, published)


def test_issuers_come_from_the_title_line_or_the_signature(docs):
    assert docs["luohe"].issuer == ["中共漯河市委办公室", "漯河市人民政府办公室"]
    assert docs["hanyang"].issuer == ["知识产权工作领导小组办公室"]
    assert "spam" in docs["hanyang"].issuer_note
    assert docs["luoyang"].aliases == ["若干措施"]
    assert docs["beijing"].publisher == "北京市人民政府网"


def agencies_of(p):
    return [(a["name"], a["type"], a["role"]) for a in p.agencies]


def test_luohe_responsible_units_with_normalised_types(docs):
    p = by_number(docs["luohe"], "(一)")
    assert agencies_of(p) == [
        ("市法院", "court", "responsible"), ("市检察院", "procuratorate", "responsible"),
        ("市公安局", "public_security", "responsible"), ("市司法局", "justice", "responsible"),
        ("市农业农村局", "agriculture", "responsible"), ("市文化广电和旅游局", "culture_tourism", "responsible"),
        ("市市场监管局", "market_regulation", "responsible"), ("漯河海关", "customs", "responsible")]
    assert "人行漯河市中心支行" in [a["name"] for a in by_number(docs["luohe"], "（二）", "luohe.s1").agencies]


def test_luolong_bare_unit_names_inherit_the_district_prefix(docs):
    assert agencies_of(by_number(docs["luolong"], "1")) == [
        ("区市场监管局", "market_regulation", "responsible"), ("区商务局", "commerce", "responsible")]


def test_hanyang_trailing_units_and_deadline(docs):
    p = by_number(docs["hanyang"], "3")
    assert agencies_of(p) == [("区市场监管局", "market_regulation", "responsible"), ("区司法局", "justice", "responsible")]
    assert p.deadline["kind"] == "by_date" and p.deadline["due"] == "2025-12-31"
    assert "(区市场监管局" not in p.body_norm   # tagging reads the text without the clause


def test_hanyang_lead_and_support_roles(docs):
    p = by_number(docs["hanyang"], "69")
    assert agencies_of(p) == [("区市场监管局", "market_regulation", "lead"), ("区委宣传部", "publicity", "lead"),
                              ("区知识产权工作领导小组各成员单位", "ip_leadership", "support")]


def test_nested_parentheses_and_comma_separated_deadline(docs):
    assert agencies_of(by_number(docs["hanyang"], "53"))[0][0] == "区委办(区委外办)"
    p43 = by_number(docs["hanyang"], "43")
    assert agencies_of(p43) == [("区科经局", "science_technology", "responsible")]
    assert p43.deadline["kind"] == "ongoing"


def test_an_agency_is_a_node_per_jurisdiction_with_a_shared_type(nx_service):
    view = nx_service.store.view
    hanyang = view.node("Agency", "hanyang:区市场监管局")
    luolong = view.node("Agency", "luolong:区市场监管局")
    assert hanyang and luolong and hanyang is not luolong
    assert hanyang["type"] == luolong["type"] == "market_regulation"


@pytest.mark.parametrize("number,kind,due,extra", [
    ("1", "ongoing", None, {}),
    ("7", "recurring", None, {"recurrence": "yearly", "month": 4}),
    ("10", "by_date", "2024-12-31", {}),
    ("29", "by_date", "2025-12-31", {}),
    ("38", "by_date", "2024-06-30", {"ongoing": True}),
])
def test_hanyang_deadlines_are_structured(docs, number, kind, due, extra):
    d = by_number(docs["hanyang"], number).deadline
    assert (d["kind"], d["due"]) == (kind, due)
    for k, v in extra.items():
        assert d[k] == v


@pytest.mark.parametrize("doc_id,number,theme", [
    ("beijing", "(二)", "strict"), ("beijing", "(六)", "broad"), ("beijing", "(十六)", "fast"),
    ("beijing", "(十八)", "equal"), ("beijing", "(二十三)", "organisation"),
    ("luohe", "(一)", "strict"), ("luohe", "（二）", "broad"), ("luohe", "（三）", "fast"), ("luohe", "（四）", "equal"),
    ("luolong", "4", "strict"), ("luolong", "7", "fast"), ("luolong", "6", "broad"),
    ("hanyang", "53", "equal"), ("hanyang", "47", "fast"), ("hanyang", "11", "strict"),
])
def test_themes_from_headings(docs, doc_id, number, theme):
    section = "luohe.s1" if doc_id == "luohe" else None
    assert theme in by_number(docs[doc_id], number, section).themes


def test_mixed_sections_take_themes_from_the_provision_wording(docs):
    # Beijing (三) stands under 严保护 but is about 繁简分流 and 速审: fast protection too
    themes = by_number(docs["beijing"], "(三)").themes
    assert themes[0] == "strict" and "fast" in themes
    # Luolong 4 and 7 stand under 大保护格局 but say 严格…司法保护 and 快保护
    assert "broad" not in by_number(docs["luolong"], "7").themes[:1]


def cites(doc, relation):
    return [(c.title, c.doc_number) for c in doc.citations if c.relation == relation]


def test_luolong_implements_the_national_outline_plan_and_the_city_work_plan(docs):
    assert cites(docs["luolong"], "implements") == [
        ("知识产权强国建设纲要(2021—2035年)", "中发〔2021〕32号"),
        ("“十四五”国家知识产权保护和运用规划", "国发〔2021〕20号"),
        ("洛阳市国家知识产权强市建设试点城市工作方案(2022—2025年)", None)]
    # regulations carried out inside provisions are mentions, and its own title is no citation
    mentions = [t for t, _ in cites(docs["luolong"], "mentions")]
    assert "洛阳市知识产权质押融资奖补和风险补偿实施办法" in mentions
    assert all("洛龙区知识产权强区行动方案" not in (t or "") for t, _ in cites(docs["luolong"], "implements") + cites(docs["luolong"], "mentions"))


def test_hanyang_implements_its_title_document_and_the_city_plans(docs):
    implements = cites(docs["hanyang"], "implements")
    assert ("关于进一步强化全区知识产权保护的具体措施", None) in implements
    assert ("2023-2025年贯彻落实〈关于进一步强化全市知识产权保护的具体措施〉推进计划", "武知战办〔2023〕4号") in implements
    assert ("关于进一步强化全市知识产权保护的具体措施", "武办发〔2020〕16号") in implements
    assert ("武汉市知识产权促进和保护条例", None) in cites(docs["hanyang"], "mentions")


def test_luohe_implements_the_henan_opinion_with_nested_quotes(docs):
    assert cites(docs["luohe"], "implements") == [
        ("中共河南省委办公厅、河南省人民政府办公厅印发〈关于强化知识产权保护的实施意见〉的通知", "豫办〔2020〕21号")]
    c = docs["luohe"].citations[0]
    assert c.evidence.startswith("为深入贯彻落实") and "精神" in c.evidence


def test_luoyang_mentions_regulations_and_not_itself(docs):
    assert cites(docs["luoyang"], "implements") == []
    assert [t for t, _ in cites(docs["luoyang"], "mentions")] == ["洛阳市专利促进与保护条例", "知识产权维权援助管理办法"]


def test_a_provision_keeps_its_parts_protection_theme_when_its_heading_adds_another(docs):
    # Beijing (一) 完善法规制度和标准体系 stands under 严保护: institutions, and strict still
    themes = by_number(docs["beijing"], "(一)").themes
    assert "strict" in themes and "institutions" in themes
    # every item under Beijing's 严/大/快/同 parts carries that part's theme
    parts = {s.id: s.themes for s in docs["beijing"].sections}
    for p in docs["beijing"].provisions:
        if p.kind == "item" and p.section in parts:
            protection = [t for t in parts[p.section] if t in ("strict", "broad", "fast", "equal")]
            assert set(protection) <= set(p.themes), (p.number, p.themes, parts[p.section])
