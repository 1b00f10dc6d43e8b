"""Cleaning removes chrome, OCR artefacts and spam, records each removal, and keeps the body."""
import pytest

from policykg.loaders.cleaning import find_spam


def removed(doc, step=None):
    return [r for r in doc.removals if step is None or r.step == step]


def all_text(doc):
    return "\n".join([p.text for p in doc.provisions] + [f["text"] for f in doc.front + doc.closing]
                     + [s.heading for s in doc.sections])


def test_luohe_scanner_watermarks_and_page_numbers_are_removed(docs):
    luohe = docs["luohe"]
    reasons = [r.reason for r in removed(luohe, "ocr")]
    assert reasons.count("scanner watermark") == 3
    assert sorted(r.text for r in luohe.removals if r.reason == "page number") == ["— 1 —", "— 7 —", "— 8 —"]
    assert "扫描全能王" not in all_text(luohe)


def test_luohe_page_breaks_are_rejoined_and_the_repeated_character_dropped(docs):
    luohe = docs["luohe"]
    text = all_text(luohe)
    for joined in ["重点环节，加强对高价值专利".replace("，", ","), "知识产权保护协会等第三方", "推进知识产权保护合作交流",
                   "知识产权法官、检察官", "进学校", "〈关于强化知识产权保护的实施意见》的通知》"]:
        assert joined in text.replace("，", ","), joined
    assert "加加强" not in text
    repeat = [r for r in luohe.removals if r.reason == "character repeated across a page break"]
    assert [r.text for r in repeat] == ["加"]


def test_hanyang_spam_appears_in_no_node_of_the_graph(nx_service):
    view = nx_service.store.view
    for key in view.G.nodes:
        props = view.G.nodes[key]
        for value in props.values():
            if isinstance(value, str):
                assert "果博" not in value and "官方网站" not in value, (key, value)
    for _, _, props in view.G.edges(data=True):
        assert all("果博" not in str(v) for v in props.values())


def test_hanyang_spam_is_recorded_where_it_stood(docs):
    spam = removed(docs["hanyang"], "spam")
    assert len(spam) == 5
    assert {r.text.strip() for r in spam} == {"果博东方(中国)官方网站", "果博东方"}
    assert {r.reason for r in spam} == {"injected spam"}
    assert "果博" not in all_text(docs["hanyang"])


def test_spam_detector_is_general_not_a_one_off_replace():
    text = ("来源：金沙娱乐城(澳门)官方网站 市场监督管理局。提升金沙娱乐城(澳门)官方网站 知识产权保护能力。"
            "打造“金沙娱乐城 造”品牌。请访问市人民政府官方网站查询。")
    found = {t for _, _, t in find_spam(text)}
    assert found == {"金沙娱乐城(澳门)官方网站", "金沙娱乐城"}


def test_real_words_that_look_like_spam_are_kept(docs):
    assert "演艺娱乐" in all_text(docs["luolong"])
    assert removed(docs["luolong"], "spam") == []


@pytest.mark.parametrize("doc_id,reasons", [
    ("beijing", {"copyright or licence footer"}),
    ("luoyang", {"site greeting", "site contact bar", "breadcrumb", "view counter"}),
    ("luolong", {"breadcrumb"}),
    ("hanyang", {"share or QR prompt", "page control", "link list"}),
])
def test_web_chrome_is_removed_and_recorded(docs, doc_id, reasons):
    assert {r.reason for r in removed(docs[doc_id], "chrome")} == reasons
    text = all_text(docs[doc_id])
    for chrome in ["Copyright", "欢迎访问", "浏览人数", "首页 >", "扫一扫", "友情链接"]:
        assert chrome not in text


RUBY_PAGE = """
    某(mǒu)市(shì)知(zhī)識(shí)產(chǎn)權(quán)保(bǎo)護(hù)工(gōng)作(zuò)方(fāng)案(àn)
    某府辦發(fā)〔2019〕7號(hào)
    為(wèi)貫(guàn)徹(chè)落(luò)實(shí)《知(zhī)識(shí)產(chǎn)權(quán)強(qiáng)國(guó)建(jiàn)設(shè)綱(gāng)要(yào)》，制(zhì)定(dìng)本(běn)方(fāng)案(àn)。
    一、加(jiā)強(qiáng)保(bǎo)護(hù)
    （一）建(jiàn)立(lì)懲(chéng)罰(fá)性(xìng)賠(péi)償(cháng)制(zhì)度(dù)。
    （二）推（tuī）進（jìn）技（jì）術（shù）調（diào）查（chá）官（guān）制度建設。
"""


def test_pinyin_ruby_is_removed_before_anything_reads_the_text(tmp_path):
    from policykg.loaders.pipeline import load_corpus
    from helpers import write_corpus
    folder = write_corpus(tmp_path / "c", {"ruby.txt": RUBY_PAGE})
    doc = load_corpus(folder).documents[0]
    source = (folder / "ruby.txt").read_text(encoding="utf-8")
    assert doc.title == "某市知識產權保護工作方案" and doc.doc_number == "某府办发〔2019〕7号"
    [p1, p2] = [p for p in doc.provisions if p.kind == "item"]
    assert "(" not in p1.text and (p2.number, p2.text) == ("（二）", "推進技術調查官制度建設。")
    assert [c.title for c in doc.citations] == ["知識產權強國建設綱要"] and doc.citations[0].relation == "implements"
    assert {m["measure"] for m in p1.measures} >= {"punitive_damages"}
    assert "technical_investigators" in {m["measure"] for m in p2.measures}
    # spans still point into the source file, and every removal is recorded where it stood
    a, b = p1.measures[0]["span"]
    assert "(" in source[a:b] or source[a:b] == p1.measures[0]["matched"]
    ruby = [r for r in doc.removals if r.reason == "pinyin ruby annotation"]
    import re
    every = re.findall(r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǚ]+[）)]", source)
    assert len(ruby) == len(every) > 50 and all(source[r.start:r.end].strip() == r.text.strip() for r in ruby)
    assert all(r.step == "repair" for r in ruby)


def test_latin_words_in_brackets_are_no_ruby():
    from policykg.loaders.cleaning import pinyin_ruby
    assert pinyin_ruby("开发移动应用(app)，建设网站(www)，推广小程序(mini)和平台(B2B)。") == []
    assert pinyin_ruby("知识产权(IP)保护") == []
