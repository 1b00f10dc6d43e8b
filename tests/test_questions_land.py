"""Questions that land: short English, theme words, nearest measures when nothing fits, answers
that span several measures, and compare by names — on both stores."""
import pytest
from click.testing import CliRunner

from policykg.cli import main as cli
from policykg.loaders.codebook import load_codebook


@pytest.mark.parametrize("q, measure", [
    ("copyright", "online_infringement"),
    ("trademark", "trademark_enforcement"),
    ("patents", "high_value_patents"),
    ("punitive", "punitive_damages"),
    ("tech investigators", "technical_investigators"),
    ("overseas", "overseas_rights_protection"),
    ("Copyrights", "online_infringement"),
])
def test_a_short_english_question_resolves_to_its_measures(client, q, measure):
    body = client.get("/api/adoption", params={"q": q}).json()
    assert body["route"] == "measure", body["route"]
    assert measure in [m["id"] for m in body["measures"]]
    assert body["jurisdictions"], q


@pytest.mark.parametrize("q, measure", [
    ("credit system", "credit_supervision"),
    ("IP credit system for infringers", "credit_supervision"),
    ("blacklist of infringers", "credit_supervision"),
    ("transfer cases to police", "admin_criminal_linkage"),
    ("patent pledge loans", "ip_pledge_financing"),
    ("burden of proof", "evidence_rules"),
    ("trademark squatting", "abnormal_applications"),
])
def test_an_analysts_own_english_words_resolve_to_the_measure(q, measure):
    from policykg.graph.questions import resolve
    from policykg.loaders.tagging import default_tagger
    assert [m for m, _ in resolve(q, load_codebook(), default_tagger())][:1] == [measure]


@pytest.mark.parametrize("q, theme", [("快保护", "fast"), ("fast protection", "fast"), ("严保护", "strict"),
                                      ("Strict protection", "strict"), ("同保护", "equal"), ("知识产权大保护", "broad"),
                                      ("big protection", "broad")])
def test_a_theme_word_answers_with_every_measure_of_the_theme(client, q, theme):
    body = client.get("/api/adoption", params={"q": q, "per_jurisdiction": 1000, "limit": 1000}).json()
    assert body["route"] == "theme" and body["theme"]["id"] == theme
    of_theme = {m.id for m in load_codebook().measures if theme in m.themes}
    assert {m["id"] for m in body["measures"]} == of_theme
    # every provision shown adopts a measure of the theme, and says which
    for j in body["jurisdictions"]:
        for p in j["provisions"]:
            assert p["measures"] and {h["measure"] for h in p["measures"]} <= of_theme
            for h in p["measures"]:
                assert h["matched"] in p["text"].replace("\n", "")


def test_an_answer_over_several_measures_lists_each_provision_once_with_its_measures(client):
    body = client.get("/api/adoption", params={"q": "copyright", "per_jurisdiction": 1000}).json()
    assert len(body["measures"]) > 1
    for j in body["jurisdictions"]:
        ids = [p["id"] for p in j["provisions"]]
        assert len(ids) == len(set(ids))
        for p in j["provisions"]:
            assert p["measure"] == p["measures"][0]["measure"]
            assert p["evidence"] == {"matched": p["measures"][0]["matched"], "span": p["measures"][0]["span"]}
            assert {h["measure"] for h in p["measures"]} <= {m["id"] for m in body["measures"]}


def test_when_nothing_fits_the_answer_offers_the_nearest_measures(client):
    body = client.get("/api/adoption", params={"q": "online dispute resolution"}).json()
    assert body["route"] == "fulltext" and body["measures"] == []
    ids = [s["id"] for s in body["suggestions"]]
    assert "diversified_dispute_resolution" in ids and len(ids) <= 5
    assert all(s["label_zh"] and s["label_en"] and s["why"] for s in body["suggestions"])
    # a Chinese phrase that full text finds: the measures its best provisions adopt come first
    body = client.get("/api/adoption", params={"q": "食品职业学院"}).json()
    assert body["route"] == "fulltext" and body["suggestions"]
    assert body["suggestions"][0]["why"] == "adopted by the provisions that match best"


@pytest.mark.parametrize("names", [["北京市", "洛阳市"], ["Beijing", "Luoyang"], ["北京", "洛阳"], ["beijing", "Luoyang City"]])
def test_compare_takes_names_as_well_as_ids(client, names):
    by_name = client.get("/api/compare", params={"j": names, "text": "false"}).json()
    by_id = client.get("/api/compare", params={"j": ["beijing", "luoyang"], "text": "false"}).json()
    assert by_name["jurisdictions"] == ["beijing", "luoyang"]
    assert by_name["asked"] == dict(zip(names, ["beijing", "luoyang"]))
    assert [m["id"] for m in by_name["shared"]] == [m["id"] for m in by_id["shared"]]


def test_compare_says_which_ids_exist_and_which_jurisdictions_have_no_document(client):
    r = client.get("/api/compare", params={"j": ["beijing", "narnia"]})
    assert r.status_code == 404
    message = r.json()["message"]
    assert "narnia" in message and all(j in message for j in ("beijing", "luohe", "luoyang", "hanyang", "luolong"))
    # henan (河南省) is in the hierarchy with no document of its own: not "adopts nothing"
    body = client.get("/api/compare", params={"j": ["beijing", "luohe", "henan"], "text": "false"}).json()
    assert body["jurisdictions"] == ["beijing", "luohe"]
    assert [n["id"] for n in body["no_documents"]] == ["henan"] and "unknown" in body["no_documents"][0]["message"]
    r = client.get("/api/compare", params={"j": ["beijing", "henan"]})
    assert r.status_code == 422 and "henan (河南省)" in r.json()["message"]
    r = client.get("/api/compare", params={"j": ["beijing", "北京市"]})
    assert r.status_code == 422 and "more than once" in r.json()["message"]


def test_cli_compare_by_names_and_a_theme_question():
    runner = CliRunner()
    out = runner.invoke(cli, ["compare", "北京市", "Luohe"])
    assert out.exit_code == 0 and "Shared by all" in out.output and "Only beijing" in out.output
    out = runner.invoke(cli, ["adoption", "快保护"])
    assert out.exit_code == 0 and out.output.startswith("Theme 快保护 / Fast protection: its ")
    out = runner.invoke(cli, ["adoption", "online dispute resolution"])
    assert out.exit_code == 0 and "Nearest measures: " in out.output and "diversified_dispute_resolution" in out.output


def test_a_whole_name_wins_over_a_bare_one_and_a_true_tie_is_refused(tmp_path):
    """吉林省 and 吉林市 both exist: each whole name is one jurisdiction; 吉林 alone is either."""
    from helpers import write_corpus
    from policykg.graph.errors import InvalidRequest
    from policykg.graph.nx_store import NetworkxStore
    from policykg.service import PolicyService
    plan = "{name}知识产权保护工作方案\n一、主要任务\n（一）健全技术调查官制度。\n"
    manifest = """
[[jurisdictions]]
id = "china"
name_zh = "中国"
name_en = "China"
level = "national"

[[jurisdictions]]
id = "jilin"
name_zh = "吉林省"
name_en = "Jilin Province"
level = "province"
parent = "china"

[[jurisdictions]]
id = "jilin_city"
name_zh = "吉林市"
name_en = "Jilin City"
level = "city"
parent = "jilin"

[[documents]]
file = "province.txt"
jurisdiction = "jilin"

[[documents]]
file = "city.txt"
jurisdiction = "jilin_city"
"""
    folder = write_corpus(tmp_path / "jilin", {"province.txt": plan.format(name="吉林省"),
                                               "city.txt": plan.format(name="吉林市")}, manifest)
    svc = PolicyService(NetworkxStore())
    svc.load(folder)
    assert svc.find_jurisdiction("吉林省") == "jilin" and svc.find_jurisdiction("Jilin Province") == "jilin"
    assert svc.find_jurisdiction("吉林市") == "jilin_city" and svc.find_jurisdiction("jilin city") == "jilin_city"
    with pytest.raises(InvalidRequest, match="names several jurisdictions: jilin, jilin_city"):
        svc.find_jurisdiction("吉林")


@pytest.mark.parametrize("q", ["protection", "IP protection", "enforcement"])
def test_a_word_too_general_to_name_a_measure_goes_to_full_text(client, q):
    body = client.get("/api/adoption", params={"q": q}).json()
    assert body["route"] == "fulltext"


@pytest.mark.parametrize("q", ["IP services", "use", "服务"])
def test_only_the_protection_themes_are_asked_for_as_themes(client, q):
    assert client.get("/api/adoption", params={"q": q}).json()["route"] != "theme"
