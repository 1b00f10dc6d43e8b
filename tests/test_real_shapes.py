"""Shapes real pages have, each segmented into sensible provisions (documents written for the tests,
in the genre: a flattened re-post, a news report, a regulation in articles)."""
import pytest

from policykg.loaders.pipeline import load_corpus
from helpers import write_corpus

FLATTENED = ("某市关于强化知识产权保护的若干措施 一、严格保护 （一）落实惩罚性赔偿制度，加大侵权赔偿力度。"
             "（二）建立技术调查官制度，为案件审理提供技术支持。二、快速保护 （三）建设知识产权保护中心，开展专利快速预审。"
             "（四）推行区块链存证，降低维权成本。三、协同保护 （五）建立跨区域协作机制，开展联合执法。\n")

NEWS = """
    某市出台措施强化知识产权保护
    来源：某市日报  发布时间：2022-03-05
    近日，某市人民政府办公室印发《某市强化知识产权保护工作方案》。方案提出，一是落实惩罚性赔偿制度，加大对恶意侵权的打击力度；二是建立技术调查官制度，提升审判质效；三是推进区块链存证平台建设，降低维权成本。
    下一步，该市将抓好方案落实。
"""

ARTICLES = """
    某某市知识产权保护条例
    第一章 总则
    第一条 为了加强知识产权保护，激发创新活力，根据《中华人民共和国专利法》等法律法规，结合本市实际，制定本条例。
    第二条 本条例适用于本市行政区域内的知识产权保护工作。
    第二章 行政保护
    第一节 执法
    第三条 市场监督管理部门应当加大对商标侵权、假冒专利等违法行为的查处力度，落实侵权惩罚性赔偿制度。
    第四条 知识产权管理部门应当建立技术调查官制度，为行政裁决提供技术支持。
    第二节 服务
    第五条 市人民政府应当建设知识产权保护中心，开展快速预审、快速确权、快速维权。
    第三章 附则
    第六条 本条例自2022年1月1日起施行。
"""


def _load(tmp_path, files):
    return load_corpus(write_corpus(tmp_path / "c", files))


def items(doc):
    return [p for p in doc.provisions if p.kind == "item"]


def test_a_page_flattened_onto_one_line_is_split_at_its_numbering(tmp_path):
    doc = _load(tmp_path, {"flat.txt": FLATTENED}).documents[0]
    assert doc.title == "某市关于强化知识产权保护的若干措施"
    assert [p.number for p in items(doc)] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert [s.heading for s in doc.sections] == ["严格保护", "快速保护", "协同保护"]
    measures = {m["measure"] for p in items(doc) for m in p.measures}
    assert {"punitive_damages", "technical_investigators", "blockchain_evidence"} <= measures
    source = (tmp_path / "c" / "flat.txt").read_text(encoding="utf-8")
    assert all(source[p.span[0]:p.span[1]].startswith(p.number) for p in items(doc))   # spans in the source


def test_yi_shi_er_shi_lists_in_a_news_report_are_items(tmp_path):
    doc = _load(tmp_path, {"news.txt": NEWS}).documents[0]
    texts = [p.text for p in items(doc)]
    assert len(texts) == 3 and texts[0].startswith("落实惩罚性赔偿制度") and texts[2].startswith("推进区块链存证")
    assert [p.number for p in items(doc)] == ["一是", "二是", "三是"]
    # the policy the report re-posts names the document, and is no citation of another one
    assert (doc.title, doc.title_source) == ("某市强化知识产权保护工作方案", "印发《…》 in the text")
    assert doc.citations == [] and doc.published == "2022-03-05"


def test_a_regulation_in_articles_with_chapters_and_sections(tmp_path):
    doc = _load(tmp_path, {"rules.txt": ARTICLES}).documents[0]
    numbers = [(p.number, p.kind) for p in doc.provisions]
    # 总则 articles can be duties (a government shall …), so they are items; 附则 is framing
    assert numbers == [("第一条", "item"), ("第二条", "item"), ("第三条", "item"), ("第四条", "item"),
                       ("第五条", "item"), ("第六条", "framing")]
    assert [(s.number, s.heading) for s in doc.sections] == [
        ("第一章", "总则"), ("第二章", "行政保护"), ("第一节", "执法"), ("第二节", "服务"), ("第三章", "附则")]
    by_id = {s.id: s for s in doc.sections}
    assert by_id[doc.provisions[2].section].heading == "执法" and by_id[by_id[doc.provisions[2].section].parent].heading == "行政保护"
    [basis] = doc.citations
    assert basis.title == "中华人民共和国专利法" and basis.relation == "implements" and basis.provision == 1


def test_the_issue_date_the_text_states_beats_the_posting_date(tmp_path):
    under_title = "某区知识产权保护工作方案\n2021年5月8日\n一、严格保护\n（一）落实惩罚性赔偿制度。\n"
    stated = ("某市出台方案\n发布时间：2023-02-01\n市政府办公室于2021年5月8日印发《某市知识产权保护工作方案》，"
              "方案提出，一是落实惩罚性赔偿制度；二是建立技术调查官制度。\n")
    other = ("某县知识产权保护工作方案\n发布时间：2023-02-01\n为贯彻国务院于2021年9月22日印发《知识产权强国建设纲要》，制定本方案。\n"
             "一、严格保护\n（一）落实惩罚性赔偿制度。\n")
    articles = "某市知识产权保护办法\n（2021年6月18日市人民政府第12次常务会议通过）\n第一条 为了加强保护，制定本办法。\n第二条 落实惩罚性赔偿制度。\n"
    corpus = _load(tmp_path, {"a.txt": under_title, "b.txt": stated, "c.txt": other, "d.txt": articles})
    got = {d.id: (d.issued, d.published, d.date) for d in corpus.documents}
    assert got == {"a": ("2021-05-08", None, "2021-05-08"), "b": ("2021-05-08", "2023-02-01", "2021-05-08"),
                   "c": (None, "2023-02-01", "2023-02-01"), "d": ("2021-06-18", None, "2021-06-18")}


def test_a_short_form_resolves_to_the_full_title_and_national_agencies_keep_their_names(tmp_path):
    plan = """
        某市贯彻落实知识产权强国建设纲要实施方案
        为贯彻落实《知识产权强国建设纲要（2021—2035年）》（中发〔2021〕32号，以下简称《纲要》），制定本方案。
        一、严格保护
        （一）落实《纲要》关于惩罚性赔偿的部署，加大侵权赔偿力度。（市中级人民法院、市市场监管局牵头，公安局、司法局配合）
        （二）加强进出口环节知识产权保护。（国家知识产权局、海关总署、市场监管总局负责）
    """
    corpus = _load(tmp_path, {"plan.txt": plan})
    doc = corpus.documents[0]
    assert {(c.title, c.doc_number) for c in doc.citations} == {("知识产权强国建设纲要（2021—2035年）", "中发〔2021〕32号")}
    assert not any(c.title == "纲要" for c in doc.citations)
    p1, p2 = items(doc)
    assert [(a["name"], a["type"]) for a in p1.agencies] == [
        ("市中级人民法院", "court"), ("市市场监管局", "market_regulation"), ("市公安局", "public_security"),
        ("市司法局", "justice")]
    assert [(a["name"], a["type"]) for a in p2.agencies] == [
        ("国家知识产权局", "ip_office"), ("海关总署", "customs"), ("市场监管总局", "market_regulation")]
    from policykg.graph.build import build_graph
    g = build_graph(corpus)
    assert not any(k[1] == "cited:纲要" for k in g.nodes)
    assert len([k for k, v in g.nodes.items() if k[0] == "Document" and not v["in_corpus"]]) == 1


MIRROR = """
    首頁 > 政策法規 > 地方政策
    青川市人民政府辦公室關於加強知識產權保護的實施意見
    時間:2022-05-10 來源:青川市知識產權局 瀏覽次數:1287
    青政辦發〔2022〕11號
    一、嚴格保護
    （一）落實懲罰性賠償制度，加大對惡意侵權的打擊力度。（責任單位：市中級人民法院、市市場監管局）
    （二）建立技術調查官制度。
    【打印】【關閉】
"""


def test_a_mirror_page_in_traditional_characters_reads_like_a_simplified_one(tmp_path):
    doc = _load(tmp_path, {"mirror.txt": MIRROR}).documents[0]
    assert (doc.title, doc.issuer, doc.doc_number) == ("關於加強知識產權保護的實施意見", ["青川市人民政府辦公室"],
                                                      "青政办发〔2022〕11号")
    assert "青川市人民政府辦公室關於加強知識產權保護的實施意見" in doc.aliases
    assert (doc.published, doc.publisher) == ("2022-05-10", "青川市知识产权局")
    assert {r.reason for r in doc.removals} >= {"breadcrumb", "view counter", "page control"}
    p1, p2 = items(doc)
    assert [(a["name"], a["type"]) for a in p1.agencies] == [("市中级人民法院", "court"),
                                                            ("市市场监管局", "market_regulation")]
    assert {m["measure"] for m in p1.measures} >= {"punitive_damages"}
    assert [m["measure"] for m in p2.measures] == ["technical_investigators"]


def test_a_portal_metadata_table_gives_the_number_the_issue_and_the_posting_dates(tmp_path):
    page = """
        首页 > 政务公开 > 政策文件
        索引号：11330000/2024-00123　　主题分类：市场监管
        发文机关：某某省人民政府办公厅　　成文日期：2024年02月20日
        发文字号：某政办发〔2024〕6号　　发布日期：2024年02月27日
        某某省知识产权保护推进计划
        一、严格保护
        （一）落实惩罚性赔偿制度。
    """
    doc = _load(tmp_path, {"portal.txt": page}).documents[0]
    assert (doc.doc_number, doc.issued, doc.published, doc.issuer) == (
        "某政办发〔2024〕6号", "2024-02-20", "2024-02-27", ["某某省人民政府办公厅"])


def test_lead_support_and_deadline_lines_under_an_item_belong_to_it(tmp_path):
    plan = """
        某县知识产权保护行动计划
        一、保护特色资源
        （一）加强地理标志产品保护，开展专用标志使用专项整治。
        牵头单位：县市场监管局　　配合单位：县农业农村局
        完成时限：2025年12月
        （二）建立知识产权纠纷调解网络。
        牵头单位：县司法局
        完成时限：每年开展
    """
    doc = _load(tmp_path, {"plan.txt": plan}).documents[0]
    p1, p2 = items(doc)
    assert [s.heading for s in doc.sections] == ["保护特色资源"]
    assert [(a["name"], a["role"]) for a in p1.agencies] == [("县市场监管局", "lead"), ("县农业农村局", "support")]
    assert p1.deadline["kind"] == "by_date" and p2.deadline["kind"] == "recurring"


def test_yi_shi_runs_whatever_verb_follows_and_restarting_in_each_paragraph(tmp_path):
    news = """
        某区出台知识产权行动方案
        发布时间：2024年09月03日
        在严格保护方面，一是建立侵权快速反应机制；二是对重点市场开展专项整治；三是在园区设立维权工作站。
        在优化服务方面，一是在政务服务中心设立知识产权服务窗口；二是为企业提供专利导航服务。
    """
    doc = _load(tmp_path, {"news.txt": news}).documents[0]
    assert [p.number for p in items(doc)] == ["一是", "二是", "三是", "一是", "二是"]
    assert items(doc)[2].text.startswith("在园区设立维权工作站")


def test_spam_injected_into_the_page_head_is_removed_and_the_title_kept(tmp_path):
    page = """
        bet365体育官方网站
        东岚县知识产权保护工作要点 皇冠娱乐城
        发布时间：2023-04-02
        一、严格保护
        （一）开展知识产权执法专项行动，严厉打击商标侵权。（责任单位：县市场监管局；2023年底前）
        （二）推进知识产权纠纷调解。皇冠娱乐城
    """
    doc = _load(tmp_path, {"spam.txt": page}).documents[0]
    assert doc.title == "东岚县知识产权保护工作要点" and doc.published == "2023-04-02"
    assert all("娱乐" not in p.text for p in doc.provisions)
    assert {r.step for r in doc.removals} >= {"spam"}
    assert [p.text for p in items(doc)][1] == "推进知识产权纠纷调解。"


# a district portal's page: the notice's title and the plan's title each wrapped onto two lines
# (a blank line between the halves), the date in Chinese numerals, as older and printed pages have
WRAPPED = """
    索引号：11410-2024-00031  分类：市场监管
    发布机构：青石县人民政府  文号：青政发〔2024〕6号
    县政府关于印发青石县

    知识产权保护示范县建设工作方案（2024-2026年）的通知

    各乡镇人民政府，县直各单位：
    《青石县知识产权保护示范县建设工作方案（2024-2026年）》已经县政府常务会议研究同意，现印发给你们，请认真抓好落实。

    青石县人民政府
    二〇二四年三月十二日

    青石县知识产权保护示范县建设

    工作方案（2024-2026年）

    为深入贯彻《关于强化知识产权保护的意见》，结合我县实际，制定本方案。
    一、强化司法保护
    （一）落实侵权惩罚性赔偿制度，加大对恶意侵权的赔偿力度。
    （二）推广区块链存证，降低权利人举证成本。
"""

# an older city document: its 文号 in brackets under the title, signed in Chinese numerals with
# ○ for 〇, a seal note between the signature and the date
BRACKETED = """
    石川市人民政府办公室关于印发石川市专利保护工作要点的通知
    （石政办〔2008〕17号）
    各县（市、区）人民政府，市政府各部门：
    现将《石川市专利保护工作要点》印发给你们，请遵照执行。
    石川市人民政府办公室
    （石川市知识产权局代章）
    二○○八年五月二十日
    石川市专利保护工作要点
    一、开展专利执法专项行动，严厉打击假冒专利行为。
    二、建立知识产权维权援助中心，为企业提供维权援助。
"""

# a provincial outline re-posted by a policy database: 文号 and date on one line under the title
DATED_NUMBER = """
    省政府关于印发云岭省知识产权战略纲要的通知
    云政发〔2010〕3号 2010年2月8日
    各市、县人民政府，省各委、办、厅、局：
    《云岭省知识产权战略纲要》已经省政府常务会议通过，现印发给你们，请认真组织实施。
    云岭省知识产权战略纲要
    一、战略重点
    1. 健全知识产权执法体系，加大行政执法力度。
    2. 建立知识产权质押融资风险补偿机制。
"""


def test_a_title_wrapped_onto_two_lines_is_one_title(tmp_path):
    doc = _load(tmp_path, {"wrapped.txt": WRAPPED}).documents[0]
    assert doc.title == "青石县知识产权保护示范县建设工作方案（2024-2026年）"
    assert doc.doc_number == "青政发〔2024〕6号"
    assert (doc.issued, doc.issuer) == ("2024-03-12", ["青石县人民政府"])
    # the notice names the plan by its own title: no citation of another document
    assert not [c for c in doc.citations if "示范县" in c.title]
    assert [p.number for p in items(doc)] == ["（一）", "（二）"]


def test_a_bracketed_doc_number_and_a_date_in_chinese_numerals(tmp_path):
    doc = _load(tmp_path, {"old.txt": BRACKETED}).documents[0]
    assert doc.title == "石川市专利保护工作要点"
    assert doc.doc_number == "石政办〔2008〕17号"
    assert (doc.issued, doc.issuer) == ("2008-05-20", ["石川市人民政府办公室"])
    assert [p.number for p in items(doc)] == ["一、", "二、"]


def test_a_doc_number_followed_by_its_date(tmp_path):
    doc = _load(tmp_path, {"outline.txt": DATED_NUMBER}).documents[0]
    assert doc.title == "云岭省知识产权战略纲要"
    assert (doc.doc_number, doc.issued) == ("云政发〔2010〕3号", "2010-02-08")
    assert [p.number for p in items(doc)] == ["1.", "2."]


# a regulation re-posted on one line whose punctuation a converter damaged: articles after
# commas, full stops and 、, numbers followed by 、 or a full stop
DAMAGED_ARTICLES = ("某某市专利保护办法 第一章、总则.第一条、为了加强专利保护.激发创新活力,根据有关法律法规.结合本市实际,"
                    "制定本办法,第二条、本办法适用于本市行政区域内的专利保护工作。第三条.市场监督管理部门应当依照本办法第二条"
                    "规定加大对假冒专利行为的查处力度.落实侵权惩罚性赔偿制度、第四条、市人民政府应当建设知识产权保护中心.开展专利"
                    "快速预审。第二章、附则.第五条 本办法自2023年1月1日起施行\n")


def test_a_regulation_flattened_with_damaged_punctuation_keeps_its_articles(tmp_path):
    doc = _load(tmp_path, {"damaged.txt": DAMAGED_ARTICLES}).documents[0]
    assert [p.number for p in items(doc)] == ["第一条", "第二条", "第三条", "第四条"]
    assert [p.number for p in doc.provisions if p.kind == "framing"] == ["第五条"]     # 自…起施行
    third = items(doc)[2]
    assert third.text.startswith("市场监督管理部门") and "依照本办法第二条规定" in third.text   # a reference stays
    assert "punitive_damages" in {m["measure"] for m in third.measures}
    assert [(s.number, s.heading) for s in doc.sections] == [("第一章", "总则."), ("第二章", "附则.")]


# a legal database's page: its own labels (颁布部门, 颁布日期) with the next label glued to a date
LEGAL_DATABASE = """
    法规首页 > 地方法规
    发文字号：松府〔2011〕42号
    颁布部门：松原市人民政府
    颁布日期：2011-08-15生效日期：2011-09-01
    关于加强专利保护工作的若干意见
    各县（市、区）人民政府，市政府各部门：
    为加强专利保护，结合本市实际，提出如下意见。
    一、加大专利行政执法力度，严厉查处假冒专利行为。
    二、建立专利纠纷快速调解机制。
"""


def test_a_legal_databases_labels_give_issuer_and_date(tmp_path):
    doc = _load(tmp_path, {"database.txt": LEGAL_DATABASE}).documents[0]
    assert doc.title == "关于加强专利保护工作的若干意见"
    assert (doc.doc_number, doc.issued, doc.issuer) == ("松府〔2011〕42号", "2011-08-15", ["松原市人民政府"])
    assert [p.number for p in items(doc)] == ["一、", "二、"]


# a portal's metadata as a boxed table ([ 发文字号 ] | … |), the plan's years on the line under
# its title, the plan quoted in the notice by its whole title
BOXED_TABLE = """
    [ 索引号 ] | 115001-2025-00017 | [ 发文字号 ] | 桐府发〔2025〕9号 |
    [ 发布机构 ] | 桐川区政府办公室 | [ 发布日期 ] | 2025-05-06 |
    [ 成文日期 ] | 2025-04-28 | [ 有效性 ] |
    桐川区人民政府关于印发《桐川区知识产权强区行动计划（2025—2027年）》的通知
    各镇街人民政府，区政府各部门：
    《桐川区知识产权强区行动计划（2025—2027年）》已经区政府同意，现印发给你们，请认真抓好落实。
    桐川区人民政府
    2025年4月28日
    桐川区知识产权强区行动计划
    （2025—2027年）
    为加快建设知识产权强区，制定本行动计划。
    一、重点任务
    （一）落实侵权惩罚性赔偿制度。（责任单位：区市场监管局）
    （二）推广区块链存证。
"""

# a 文号 glued before the notice's title on its first line
NUMBER_OPENS_TITLE = """
    雁政发〔2024〕4 号某某区人民政府关于印发《某某区知识产权强县建设工作方案》的通知
    各街道办事处，区政府各工作部门：
    现将《某某区知识产权强县建设工作方案》印发你们，请抓好落实。
    某某区人民政府
    2024 年 3 月 14 日
    某某区知识产权强县建设工作方案
    一、建立技术调查官制度。
    二、推进知识产权快速维权中心建设。
"""


def test_a_boxed_metadata_table_and_the_years_under_the_title(tmp_path):
    doc = _load(tmp_path, {"boxed.txt": BOXED_TABLE}).documents[0]
    assert doc.title == "桐川区知识产权强区行动计划（2025—2027年）"
    assert (doc.doc_number, doc.issued, doc.published) == ("桐府发〔2025〕9号", "2025-04-28", "2025-05-06")
    assert doc.citations == []          # its own number and title are no citation of another document
    assert [p.number for p in items(doc)] == ["（一）", "（二）"]


def test_a_doc_number_that_opens_the_title_line(tmp_path):
    doc = _load(tmp_path, {"glued.txt": NUMBER_OPENS_TITLE}).documents[0]
    assert doc.title == "某某区知识产权强县建设工作方案"
    assert (doc.doc_number, doc.issued, doc.issuer) == ("雁政发〔2024〕4号", "2024-03-14", ["某某区人民政府"])


@pytest.mark.parametrize("name", ["FLATTENED", "NEWS", "ARTICLES", "WRAPPED", "BRACKETED", "DATED_NUMBER",
                                  "DAMAGED_ARTICLES", "LEGAL_DATABASE", "BOXED_TABLE", "NUMBER_OPENS_TITLE"])
def test_every_shape_still_rebuilds_its_source_exactly(tmp_path, name):
    """Lines joined into one title, split articles and boxed tables lose no text and double none:
    the document's segments, in order and without overlap, rebuild the source file."""
    from policykg.loaders.reading import read_source
    doc = _load(tmp_path, {"doc.txt": globals()[name]}).documents[0]
    source = read_source(doc.file).text
    pos, rebuilt = 0, []
    for start, end, category in doc.segments:
        assert start >= pos, f"{category} span {start}–{end} overlaps the previous one"
        assert source[pos:start].strip() == "", f"text outside every segment at {pos}: {source[pos:start]!r}"
        rebuilt += [source[pos:start], source[start:end]]
        pos = end
    assert source[pos:].strip() == ""
    assert "".join(rebuilt) + source[pos:] == source
    for p in doc.provisions:
        assert p.text.replace("\n", "") == "".join(source[a:b] for a, b in p.fragments)


def test_a_flattened_regulation_is_not_cut_at_its_own_cross_references(tmp_path):
    text = ("某某市专利保护办法 第一条 为了加强专利保护，制定本办法。第二条 违反本办法第一条、第三条规定的，依法处理；"
            "依照专利法，第三条规定的情形除外。第三条 市场监督管理部门应当加大执法力度。第四条 本办法自2023年1月1日起施行。\n")
    doc = _load(tmp_path, {"refs.txt": text}).documents[0]
    assert [p.number for p in doc.provisions if p.number] == ["第一条", "第二条", "第三条", "第四条"]
    second = next(p for p in doc.provisions if p.number == "第二条")
    assert "违反本办法第一条、第三条规定的" in second.text and "依照专利法，第三条规定的情形除外" in second.text


def test_notes_under_a_title_and_attachment_labels_are_not_title_text(tmp_path):
    adopted = """
        某某市专利保护办法
        （2021年5月8日市政府常务会议通过）
        第一条 为了加强专利保护，制定本办法。
        第二条 市场监督管理部门应当落实侵权惩罚性赔偿制度。
    """
    attached = """
        某某区关于强化知识产权保护的通知
        各街道办事处：
        现将工作方案印发给你们，请认真落实。
        某某区人民政府办公室
        2024年5月6日
        附件
        工作方案
        一、建立技术调查官制度。
        二、推广区块链存证。
    """
    docs = {d.id: d for d in _load(tmp_path, {"adopted.txt": adopted, "attached.txt": attached}).documents}
    assert docs["adopted"].title == "某某市专利保护办法"
    assert docs["attached"].title != "附件工作方案"


def test_a_seal_note_under_the_closing_signature_is_closing(tmp_path):
    text = """
        某某省知识产权工作要点
        一、落实侵权惩罚性赔偿制度。
        二、推广区块链存证。
        某某省知识产权战略实施工作联席会议办公室
        （某某省知识产权局代章）
        2025年3月10日
    """
    doc = _load(tmp_path, {"sealed.txt": text}).documents[0]
    assert [p.number for p in items(doc)] == ["一、", "二、"] and len(doc.provisions) == 2
    assert (doc.issuer, doc.issued) == (["某某省知识产权战略实施工作联席会议办公室"], "2025-03-10")
    assert doc.sections == []


def test_a_converters_slip_is_mended_for_matching_and_kept_as_written_for_display(tmp_path):
    """A re-posted page whose converter wrote 着作权 for 著作权 is matched as 著作权; the evidence
    shows the page as written, and the page is not called traditional."""
    text = """
        某某市网络版权保护工作方案
        一、加强网络着作权保护。
        二、发挥着作用的行业协会参与调解。
    """
    doc = _load(tmp_path, {"slip.txt": text}).documents[0]
    first = items(doc)[0]
    hit = next(m for m in first.measures if m["measure"] == "online_infringement")
    assert hit["matched"] == "网络着作权"                                 # shown as the page has it
    assert doc.traditional is False
    assert "发挥着作用" in items(doc)[1].body_norm                       # the particle 着 is left alone
