"""Segmentation follows each document's own numbering, and drops no body text."""
import re

import pytest

from policykg.loaders.reading import read_source
from policykg.loaders.structure import MARKERS
from helpers import by_number, items

CN = "一二三四五六七八九十"


def cn(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    return ("" if n < 20 else CN[n // 10 - 1]) + "十" + (CN[n % 10 - 1] if n % 10 else "")


def test_beijing_has_its_26_measures_numbered_one_to_twenty_six(docs):
    labels = [p.number.strip("()（）") for p in items(docs["beijing"])]
    assert labels == [cn(i) for i in range(1, 27)]


def test_beijing_measures_sit_in_the_seven_parts(docs):
    beijing = docs["beijing"]
    heads = [s.heading for s in beijing.sections]
    assert [s.number for s in beijing.sections] == ["二、", "三、", "四、", "五、", "六、", "七、"]
    assert "严保护" in heads[0] and "大保护" in heads[1] and "快保护" in heads[2] and "同保护" in heads[3]
    assert by_number(beijing, "(九)").heading == "发挥专业技术保障作用"
    framing = [p for p in beijing.provisions if p.kind == "framing"]
    assert [p.heading for p in framing] == ["总体要求"]


def test_hanyang_has_70_items_in_six_parts(docs):
    hanyang = docs["hanyang"]
    assert [int(p.number.rstrip(".")) for p in items(hanyang)] == list(range(1, 71))
    assert len(hanyang.sections) == 6
    assert by_number(hanyang, "70").text.startswith("持续推进“知识产权服务万里行”活动")


def test_luolong_has_23_tasks_and_3_safeguard_measures(docs):
    luolong = docs["luolong"]
    its = items(luolong)
    tasks = [p for p in its if re.fullmatch(r"\d+\.", p.number)]
    assert [int(p.number[:-1]) for p in tasks] == list(range(1, 24))
    safeguards = [p for p in its if p not in tasks]
    assert [p.heading for p in safeguards] == ["强化组织领导", "加强资金保障", "强化工作落实"]
    task7 = by_number(luolong, "7")
    assert task7.heading == "健全知识产权快保护机制"
    assert "健全知识产权维权援助工作制度" in task7.text   # its second paragraph belongs to it
    # 总体要求 (guiding ideology, principles, goals) and the preamble are framing
    tasks_start = next(sec.span[0] for sec in luolong.sections if sec.heading == "重点任务和重大工程")
    before = [p for p in luolong.provisions if p.span[0] < tasks_start]
    assert len(before) == 14 and all(p.kind == "framing" for p in before)


def test_luohe_has_the_4_plus_5_numbered_paragraphs(docs):
    luohe = docs["luohe"]
    assert [p.number for p in items(luohe)] == ["(一)", "（二）", "（三）", "（四）", "（一）", "（二）", "(三)", "(四)", "(五)"]
    assert [p.heading for p in items(luohe)][:4] == [
        "打击违法行为,推动知识产权严保护", "强化协作共治，实现知识产权大保护",
        "搭建便捷通道，落实知识产权快保护", "强化对外合作，促进知识产权同保护"]


def test_luoyang_has_its_bullets_and_the_paragraphs_of_its_two_unbulleted_tasks(docs):
    luoyang = docs["luoyang"]
    bullets = [p for p in items(luoyang) if p.number]
    assert len(bullets) == 14
    assert {p.number for p in bullets} == {"-", "●"}
    plain = [p for p in items(luoyang) if not p.number]
    sections = {s.id: s.heading for s in luoyang.sections}
    assert [sections[p.section] for p in plain] == ["强化知识产权保护基础保障", "强化知识产权保护基础保障", "加大组织实施力度"]
    new_fields = next(p for p in bullets if p.heading == "完善新业态新领域保护制度")
    assert new_fields.text.endswith("道地药材等地理标志培育保护。")   # its second paragraph


@pytest.mark.parametrize("doc_id", ["beijing", "luoyang", "luohe", "hanyang", "luolong"])
def test_a_provision_never_holds_the_text_of_the_next(docs, doc_id):
    provs = docs[doc_id].provisions
    for a, b in zip(provs, provs[1:]):
        assert a.span[1] <= b.span[0], (a.id, b.id)
        for line in a.text.split("\n")[1:]:
            assert not any(pattern.match(line) for kind, pattern in MARKERS if kind != "bullet"), (a.id, line)


@pytest.mark.parametrize("doc_id", ["beijing", "luoyang", "luohe", "hanyang", "luolong"])
def test_provisions_headings_front_closing_and_noise_rebuild_the_source(docs, doc_id):
    doc = docs[doc_id]
    source = read_source(doc.file).text
    rebuilt, pos = [], 0
    for start, end, category in doc.segments:
        assert start >= pos, f"{category} span {start}–{end} overlaps the previous one"
        gap = source[pos:start]
        assert gap.strip() == "", f"text outside every segment at {pos}: {gap!r}"
        rebuilt.append(gap)
        rebuilt.append(source[start:end])
        pos = end
    assert source[pos:].strip() == ""
    rebuilt.append(source[pos:])
    assert "".join(rebuilt) == source
    # and what each provision shows is exactly its own spans
    for p in doc.provisions:
        assert p.text.replace("\n", "") == "".join(source[a:b] for a, b in p.fragments)


def test_provision_spans_point_at_the_provision_in_the_source_file(docs):
    p = by_number(docs["hanyang"], "38")
    source = read_source(docs["hanyang"].file).text
    assert source[p.span[0]:p.span[1]].startswith("38.配合建设知识产权区块链公共存证平台")
