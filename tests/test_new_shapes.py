"""Documents of shapes the bundled corpus does not have load with no code change."""
from policykg.loaders.pipeline import load_corpus
from helpers import write_corpus

CITY_PLAN = """
    某某市人民政府办公室文件
    某政办〔2022〕7号
    某某市人民政府办公室关于印发《某某市知识产权保护三年行动计划（2022—2024年）》的通知
    各县（市、区）人民政府，市政府各部门：
    《某某市知识产权保护三年行动计划（2022—2024年）》已经市政府同意，现印发给你们，请认真贯彻执行。
    某某市知识产权保护三年行动计划（2022—2024年）
    为贯彻落实《某某省知识产权保护和运用“十四五”规划》（某政〔2021〕55号），制定本计划。
    一、强化知识产权严保护
    1、加大侵权假冒打击力度，依法落实惩罚性赔偿制度。
    牵头单位：市市场监管局；配合单位：市公安局、市检察院；完成时限：2023年6月底前
    2、推行技术调查官制度，提高技术事实查明水平。
    牵头单位：市中级人民法院；完成时限：持续推进
    二、构建知识产权大保护格局
    （1）完善知识产权纠纷人民调解组织建设。
    （2）支持行业协会制定知识产权保护自律公约，修订《某某市专利促进条例》。
    某某市人民政府办公室
    2022年3月1日
"""


def test_another_citys_plan_with_lead_support_and_time_limit_lines(tmp_path):
    corpus = load_corpus(write_corpus(tmp_path, {"city.txt": CITY_PLAN.encode("gb18030")}))
    doc = corpus.documents[0]
    assert doc.encoding == "gb18030"
    assert doc.title == "某某市知识产权保护三年行动计划（2022—2024年）"
    assert doc.doc_number == "某政办〔2022〕7号"
    assert doc.issued == "2022-03-01"
    assert doc.issuer == ["某某市人民政府办公室"]
    its = [p for p in doc.provisions if p.kind == "item"]
    assert [p.number for p in its] == ["1、", "2、", "（1）", "（2）"]
    first = its[0]
    assert "牵头单位" in first.text          # the clause stays in the evidence text
    assert [(a["name"], a["role"], a["type"]) for a in first.agencies] == [
        ("市市场监管局", "lead", "market_regulation"), ("市公安局", "support", "public_security"),
        ("市检察院", "support", "procuratorate")]
    assert first.deadline["due"] == "2023-06-30"
    assert its[1].agencies[0]["type"] == "court" and its[1].deadline["kind"] == "ongoing"
    assert "strict" in first.themes and "broad" in its[2].themes
    assert [(c.title, c.doc_number, c.relation) for c in doc.citations] == [
        ("某某省知识产权保护和运用“十四五”规划", "某政〔2021〕55号", "implements"),
        ("某某市专利促进条例", None, "mentions")]


TRADITIONAL = """
    關於加強知識產權保護的實施方案
    一、嚴格知識產權保護
    （一）加大執法力度。嚴厲打擊侵權假冒行為，落實懲罰性賠償制度。（責任單位：區市場監管局、區公安分局）
    （二）推廣區塊鏈存證。運用區塊鏈技術固定電子證據。（責任單位：區法院）
    二、營造知識產權同保護環境
    （三）加強海外維權援助。支持企業開展海外維權。（責任單位：區商務局）
"""


def test_a_document_in_traditional_characters_is_matched_as_simplified_and_shown_as_written(tmp_path):
    corpus = load_corpus(write_corpus(tmp_path, {"trad.txt": TRADITIONAL}))
    doc = corpus.documents[0]
    assert doc.title == "關於加強知識產權保護的實施方案"
    first = doc.provisions[0]
    assert first.text.startswith("加大執法力度。嚴厲打擊")      # shown as written
    assert first.heading == "加大執法力度"
    # agency names are node ids, kept in simplified so that they unify across documents
    assert [(a["name"], a["type"]) for a in first.agencies] == [
        ("区市场监管局", "market_regulation"), ("区公安分局", "public_security")]
    assert "strict" in first.themes
    assert "equal" in doc.provisions[2].themes


BULLETED_NEWS = """
    首页 > 新闻中心 > 工作动态
    某市出台知识产权保护新举措
    发布时间：2023年5月6日 浏览次数：1024 来源：某市市场监管局
    记者获悉，某市《关于强化知识产权保护的实施意见》（以下简称《实施意见》）正式印发。
    完善快速保护机制
    ●建设知识产权保护中心，开展专利快速预审。
    ●推进知识产权案件繁简分流。
    强化保护基础
    夯实知识产权保护信息化基础。
    Copyright © 2023 某市人民政府 版权所有
"""


def test_a_news_report_with_bullets_and_unnumbered_tasks(tmp_path):
    doc = load_corpus(write_corpus(tmp_path, {"news.txt": BULLETED_NEWS.encode("utf-8-sig")})).documents[0]
    assert doc.encoding == "utf-8-sig"
    assert doc.title == "关于强化知识产权保护的实施意见" and doc.aliases == ["实施意见"]
    assert doc.published == "2023-05-06"
    its = [p for p in doc.provisions if p.kind == "item"]
    assert [p.text for p in its] == ["建设知识产权保护中心，开展专利快速预审。", "推进知识产权案件繁简分流。",
                                     "夯实知识产权保护信息化基础。"]
    assert {r.reason for r in doc.removals} == {"breadcrumb", "view counter", "copyright or licence footer"}
