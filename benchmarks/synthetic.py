"""Synthetic corpora in the style of the real documents, for benchmarks at scale.

``write_corpus(folder, documents=N, seed=S)`` writes N text files and a manifest.toml:
a national → province → city → district hierarchy (about 1 : 10 : 110 : 1,000, as China's
30 provinces, 330 cities and 3,000 districts and counties), each document a plan of its
jurisdiction whose preamble cites its parent's plan by title and 文号, with numbered parts
and items in varied styles (一、/（一）/1./1、/bullets), items recombined and perturbed from
the real corpus — a share of them taken from the parent plan, as lower plans do — and
responsibility clauses with agencies and deadlines in the corpus's forms.

>>> import tempfile
>>> from policykg.loaders.pipeline import load_corpus
>>> folder = write_corpus(tempfile.mkdtemp(), documents=12, seed=1)
>>> corpus = load_corpus(folder)
>>> len(corpus.documents), all(len([p for p in d.provisions if p.kind == "item"]) >= 6 for d in corpus.documents)
(12, True)
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from policykg.loaders.datafiles import DEFAULT_CORPUS

NAME_CHARS = "安平宁泰华兴永昌德清河山明光东西南北江海云阳新丰和顺嘉长远宏盛福瑞青林金石"
PARTS = [("严", "加强知识产权严保护"), ("大", "构建知识产权大保护格局"), ("快", "优化知识产权快保护机制"),
         ("同", "营造知识产权同保护环境"), ("基", "夯实知识产权保护基础"), ("组", "强化组织保障")]
AGENCIES = ["市场监管局", "司法局", "公安局", "法院", "检察院", "商务局", "文旅局", "农业农村局", "财政局", "科技局",
            "教育局", "人社局", "发改委", "委宣传部", "金融局", "统计局"]
DEADLINES = ["持续推进", "{y}年12月底前完成", "{y}年6月底前完成并持续推进", "每年4月底前完成", "{y}年底前完成"]
CN = "一二三四五六七八九十"


def _cn(n: int) -> str:
    return CN[n - 1] if n <= 10 else ("" if n < 20 else CN[n // 10 - 1]) + "十" + (CN[n % 10 - 1] if n % 10 else "")


def _pool() -> list[str]:
    """Operative sentences from the bundled corpus, without numbering or responsibility clauses."""
    from policykg.loaders.pipeline import load_corpus
    out = []
    for d in load_corpus(DEFAULT_CORPUS, tag=False).documents:
        for p in d.provisions:
            if p.kind == "item":
                for sentence in re.split(r"(?<=。)", p.body_norm.replace("\n", "")):
                    if 12 <= len(sentence) <= 160 and "责任单位" not in sentence:
                        out.append(sentence)
    return out


def _perturb(rng: random.Random, text: str, rate: float) -> str:
    chars = list(text)
    for i in range(len(chars)):
        if rng.random() < rate and chars[i] not in "。，,、；":
            chars[i] = rng.choice(NAME_CHARS)
    return "".join(chars)


def _hierarchy(n: int, rng: random.Random) -> list[tuple[str, str, str, str | None]]:
    """(id, name, level, parent) for n documents' jurisdictions, national first."""
    provinces = max(1, round(n * 30 / 3361))
    cities = max(1, round(n * 330 / 3361))
    districts = max(0, n - 1 - provinces - cities)
    names: set[str] = set()

    def name(suffix):
        for attempt in range(10_000):
            size = 2 if attempt < 50 else 3       # two-character names run out in big corpora
            candidate = "".join(rng.sample(NAME_CHARS, size)) + suffix
            if candidate not in names:
                names.add(candidate)
                return candidate
        raise RuntimeError("no unused place name left")

    out = [("cn", "中国", "national", None)]
    prov = [(f"p{i}", name("省"), "province", "cn") for i in range(provinces)]
    city = [(f"c{i}", name("市"), "city", prov[i % provinces][0]) for i in range(cities)]
    dist = [(f"d{i}", name("区"), "district", city[i % cities][0]) for i in range(districts)]
    return (out + prov + city + dist)[:n]


def write_corpus(folder, documents: int = 100, seed: int = 0) -> Path:
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pool = _pool()
    juris = _hierarchy(documents, rng)
    plans: dict[str, dict] = {}
    manifest = []
    for jid, name, level, parent in juris:
        manifest.append(f'[[jurisdictions]]\nid = "{jid}"\nname_zh = "{name}"\nname_en = "{jid}"\n'
                        f'level = "{level}"\n' + (f'parent = "{parent}"\n' if parent else ""))
    for k, (jid, name, level, parent) in enumerate(juris):
        year = rng.randint(2019, 2024)
        title = f"{name}关于强化知识产权保护的实施方案"
        number = f"{name[0]}政办〔{year}〕{rng.randint(1, 60)}号"
        prefix = {"national": "", "province": "省", "city": "市", "district": "区"}[level]
        parent_plan = plans.get(parent)
        lines = [f"{name}人民政府办公室文件", number, title]
        if parent_plan:
            lines.append(f"为深入贯彻落实《{parent_plan['title']}》（{parent_plan['number']}）精神，"
                         f"进一步强化{name}知识产权保护，结合实际，制定本方案。")
        else:
            lines.append("为全面加强知识产权保护，制定本方案。")
        items: list[str] = []
        item_style = rng.choice(["cn_paren", "arabic", "arabic_dun"])
        number_in_doc = 0
        for part_no, (_, heading) in enumerate(rng.sample(PARTS, rng.randint(3, 6)), start=1):
            lines.append(f"{_cn(part_no)}、{heading}")
            for _ in range(rng.randint(2, 6)):
                number_in_doc += 1
                if parent_plan and rng.random() < 0.35:
                    body = _perturb(rng, rng.choice(parent_plan["items"]), 0.03)
                else:
                    body = "".join(_perturb(rng, rng.choice(pool), 0.02) for _ in range(rng.randint(1, 3)))
                items.append(body)
                units = "、".join(prefix + a for a in rng.sample(AGENCIES, rng.randint(1, 3)))
                clause = (f"（责任单位：{units}）" if rng.random() < 0.5 else
                          f"（{units}按职责分工负责；{rng.choice(DEADLINES).format(y=year + 2)}）")
                label = {"cn_paren": f"（{_cn(number_in_doc)}）", "arabic": f"{number_in_doc}.",
                         "arabic_dun": f"{number_in_doc}、"}[item_style]
                lines.append(f"{label}{body}{clause}")
        lines += [f"{name}人民政府办公室", f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"]
        plans[jid] = {"title": title, "number": number, "items": items}
        (folder / f"doc{k:05d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        manifest.append(f'[[documents]]\nfile = "doc{k:05d}.txt"\njurisdiction = "{jid}"\n')
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    return folder
