"""The analysts' pages end to end, in headless Chromium (Debian's), driven by playwright-core."""
import json
import os
import subprocess


import pytest

from helpers import CHROMIUM, TOOLS, serving
from policykg.main import create_app
from policykg.settings import Settings
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@pytest.fixture(scope="module")
def server(nx_service):
    with serving(create_app(Settings(), nx_service)) as url:
        yield url


@pytest.fixture(scope="module")
def found(playwright_ready, server, tmp_path_factory):
    out = tmp_path_factory.mktemp("shots")
    result = subprocess.run(["node", str(TOOLS / "pages.mjs"), server, str(out)], capture_output=True, text=True,
                            timeout=180, env={**os.environ, "CHROMIUM": CHROMIUM})
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["shots"] = sorted(p.name for p in out.glob("*.png"))
    return data


def test_pages_raise_no_script_errors(found):
    assert found["errors"] == []
    assert len(found["shots"]) == 16


def test_pages_ask_nothing_of_any_other_origin_and_break_no_policy(found):
    # no CDN: the docs' assets come from the package. ReDoc's footer asks for its maker's logo,
    # which the docs' policy (img-src 'self') refuses; nothing else is asked of another origin
    assert set(found["elsewhere"]) <= {REDOC_LOGO}
    assert all(REDOC_LOGO in v for v in found["violations"]), found["violations"]


def test_api_docs_work_with_no_internet(found):
    assert found["docs"]["operations"] >= 20
    assert found["redoc"]["title"].startswith("policykg") and found["redoc"]["operations"] > 10


def test_search_box_answers_in_chinese_and_english_with_evidence(found):
    assert found["adoption"]["count"] == "3 jurisdictions"
    assert found["adoption"]["jurisdictions"] == ["beijing", "hanyang", "luolong"]
    assert set(found["adoption"]["marks"]) == {"技术调查官"}
    assert found["english"]["jurisdictions"] == ["beijing", "luoyang", "luolong"]


def test_heatmap_groups_by_theme_and_cells_link_to_evidence(found):
    assert found["matrix"]["themes"][:4] == ["严保护 strict", "大保护 broad", "快保护 fast", "同保护 equal"]
    assert found["matrix"]["cells"] == 120 * 5
    assert found["matrix"]["technical"] == "3"
    assert found["matrixClick"]["url"].endswith("/measure.html?id=technical_investigators#hanyang")
    assert "hanyang" in found["matrixClick"]["adopters"]


def test_compare_page_marks_shared_and_only(found):
    headings = found["compare"]["headings"]
    assert headings[0].startswith("Shared by all") and any(h.startswith("Only 北京市") for h in headings)
    assert found["compare"]["only"] > 0 and found["compare"]["shared"] > 0


def test_lineage_page_draws_the_chain_and_highlights_reused_text(found):
    assert "cited:中发〔2021〕32号" in found["lineage"]["docs"] and "luoyang" in found["lineage"]["docs"]
    assert found["lineage"]["reusePairs"] == 9
    assert "知识产权民事、刑事、行政案件“三合一”审判机制改革" in found["lineage"]["reuseMarks"]
    assert "cited:武办发〔2020〕16号" in found["lineageHanyang"]["nested"]     # drawn under 武知战办〔2023〕4号


def test_measure_page_lists_adopters(found):
    assert found["measure"]["adopters"] == ["beijing", "hanyang", "luolong"]


def test_responsibilities_table_filters_sorts_and_downloads(found):
    r = found["responsibilities"]
    assert r["count"].startswith("3 rows") and r["selected"] == "trade_secrets"
    assert r["rows"] == [["hanyang.p5", "market_regulation"], ["hanyang.p5", "justice"], ["hanyang.p33", "market_regulation"]]
    assert r["csv"] == "/api/responsibilities.csv?measure=trade_secrets"
    assert r["csvLines"] == 4                       # the header and the three rows
    assert r["sortedDown"] == ["2025-12-31", "2025-12-31", ""]  # dated first, the undated (持续推进) last
    assert "agency_type=justice" in r["filtered"]["url"] and r["filtered"]["types"] == ["justice"]


def test_measure_page_shows_each_provisions_agencies_and_deadline(found):
    assert "区市场监管局（负责） · 区司法局（负责） · by 2025-12-31" in found["measureDuties"]


def test_a_theme_word_and_a_question_no_measure_fits(found):
    assert "快保护" in found["theme"]["resolved"] and found["theme"]["which"] > 0
    assert "diversified_dispute_resolution" in found["suggestions"]
    assert found["compareNoDocs"] == ["henan"]


def test_lineage_page_shows_the_implementation_gap(found):
    [gap] = found["gap"]
    assert gap["ancestor"] == "luoyang"
    assert gap["took"] > 10 and gap["left"] > 0 and gap["added"] > 0


def test_measure_page_draws_its_spread_over_time(found):
    t = found["timeline"]
    assert t["rows"] == [["beijing", "2020-09-03"], ["hanyang", "2024-01-31"]]
    assert t["undated"] == ["luolong"]                  # no date in the document: shown apart, not guessed
    assert t["firstYears"] == ["beijing:2020", "hanyang:2024"]
    assert t["years"] == ["2020", "2021", "2022", "2023", "2024"]
    assert t["adopters"] == ["beijing", "hanyang", "luolong"]


def test_compare_page_marks_what_shared_measures_state_differently(found):
    assert found["compareDiffer"]["measures"] > 10
    assert found["compareDiffer"]["strength"] == ["汉阳区（推定）: listed", "洛龙区: operative"]


def test_the_document_reader_shows_the_document_as_published(found):
    r = found["reader"]
    assert r["title"].startswith("2023-2025年贯彻落实") and r["provisions"] == 71 and r["sections"] > 2
    assert r["p5"]["cite"] == "汉阳区《2023-2025年贯彻落实〈关于进一步强化全区知识产权保护的具体措施〉推进计划》第4项"
    assert "trade_secrets" in r["p5"]["measures"]
    assert r["p5"]["agencies"] == ["区市场监管局（负责）", "区司法局（负责）"] and r["p5"]["deadline"] == "by 2025-12-31"
    assert found["readerBy"]["notes"] == ["by"] and found["readerBy"]["marks"] > 0
    # every citation links, a cited document not in the corpus to a page that says so
    assert len(r["citedLinks"]) == 10 and all(h.startswith("/document.html?id=cited%3A") for h in r["citedLinks"])
    assert r["citedPage"] == "2023-2025年贯彻落实〈关于进一步强化全市知识产权保护的具体措施〉推进计划"


def test_cards_cite_provisions_and_link_to_them_in_the_reader(found):
    links = found["cardLinks"]
    assert links and all("《" in text and href.startswith("/document.html?id=") for text, href in links)
    assert ["汉阳区《2023-2025年贯彻落实〈关于进一步强化全区知识产权保护的具体措施〉推进计划》第4项",
            "/document.html?id=hanyang#hanyang.p5"] in links
    assert found["landed"]["url"].endswith("/document.html?id=hanyang#hanyang.p5")
    assert found["landed"]["inView"] is True


def test_the_matrix_reads_in_hierarchy_order_with_totals_filters_evidence_and_csv(found):
    m = found["matrix"]
    assert m["columns"] == ["beijing", "luohe", "luoyang", "luolong", "hanyang"]   # Luolong under Luoyang
    assert len(m["totals"]) == 5 and all(t > 10 for t in m["totals"]) and m["rowTotal"] == "3"
    assert m["csv"] == "/api/matrix.csv" and m["stickyHeader"] == "sticky"
    assert m["hover"].startswith("“技术调查官” — 北京市《") and "…" in m["hover"]
    assert m["afterLevel"] == ["beijing", "luohe", "luoyang"]
    assert m["afterTheme"] == ["fast"]


def test_five_jurisdictions_side_by_side_stay_readable(found):
    f = found["compareFive"]
    assert len(f["widths"]) == 5 and min(f["widths"]) >= 200
    assert f["bodyOverflow"] is False and f["clampedHeight"] < 200
