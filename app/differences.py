"""Differences inside a shared measure: two jurisdictions can both adopt technical investigators
and still differ on who leads, by when, how much and how strongly.

For each adopter of a measure its provisions give the facets below; an aspect *differs* when two
or more adopters state it and they do not state it alike (an adopter that states nothing is shown,
not counted as a difference — Beijing's plan names no agencies at all).

* ``lead_agency_type`` — the types of the agencies that lead (牵头), else of the first named;
* ``deadline`` — the earliest dated deadline, else the kinds (ongoing, recurring);
* ``quantity`` — what the provisions commit to in numbers (3个 商业秘密保护指导站);
* ``frequency`` — how often (quarterly ×1 会商);
* ``strength`` — operative where a provision acts on the measure, listed where it only names it in
  an enumeration.

>>> a = [{"agencies": [{"type": "court", "role": "lead"}], "deadline": {"date": "2021-12-31", "kind": "by_date"},
...       "quantities": [], "frequencies": [], "strength": "operative"}]
>>> b = [{"agencies": [{"type": "market_regulation", "role": "lead"}], "deadline": {"date": "2022-12-31", "kind": "by_date"},
...       "quantities": [], "frequencies": [], "strength": "operative"}]
>>> [d["aspect"] for d in differences({"city": facets(a), "district": facets(b)})]
['lead_agency_type', 'deadline']
"""
from __future__ import annotations

import json

ASPECTS = ("lead_agency_type", "deadline", "quantity", "frequency", "strength")


def shaped(p: dict) -> dict:
    """A compare row's provision with its deadline, quantities and frequencies as values."""
    out = {k: v for k, v in p.items() if k not in ("deadline_kind", "deadline_due", "deadline_text",
                                                    "quantities_json", "frequencies_json")}
    out["deadline"] = ({"kind": p.get("deadline_kind"), "date": p.get("deadline_due"), "text": p.get("deadline_text")}
                       if p.get("deadline_kind") or p.get("deadline_text") else None)
    out["quantities"] = json.loads(p["quantities_json"]) if p.get("quantities_json") else []
    out["frequencies"] = json.loads(p["frequencies_json"]) if p.get("frequencies_json") else []
    return out


def facets(provisions: list[dict]) -> dict:
    """What one adopter's provisions for a measure state, aspect by aspect (None: states nothing)."""
    agencies = [a for p in provisions for a in p.get("agencies") or []]
    lead = sorted({a["type"] for a in agencies if a["role"] == "lead"}) or \
        sorted({(p.get("agencies") or [])[0]["type"] for p in provisions if p.get("agencies")})
    dated = sorted(p["deadline"]["date"] for p in provisions if p.get("deadline") and p["deadline"].get("date"))
    kinds = sorted({p["deadline"]["kind"] for p in provisions if p.get("deadline") and p["deadline"].get("kind")})
    quantities = sorted({f"{_number(q['value'])}{q['unit']} {q['object'] or ''}".strip()
                         for p in provisions for q in p.get("quantities") or []})
    frequencies = sorted({f["period"] + (f" ×{f['times']}" if f.get("times") else "") +
                          (f" {f['action']}" if f.get("action") else "")
                          for p in provisions for f in p.get("frequencies") or []})
    strengths = {p.get("strength") for p in provisions} - {None}
    return {"lead_agency_type": lead or None,
            "deadline": dated[0] if dated else (kinds or None),
            "quantity": quantities or None,
            "frequency": frequencies or None,
            "strength": "operative" if "operative" in strengths else ("listed" if strengths else None)}


def _number(value: float) -> str:
    """3.0 → '3', 2.5 → '2.5', 2000000.0 → '2000000' (never 2e+06)."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _key(aspect: str, value):
    if aspect == "frequency":            # periods compared (quarterly against monthly), not the wording
        return tuple(sorted({v.split(" ")[0] for v in value}))
    if aspect == "quantity":             # numbers and units compared (3个 against 5个)
        return tuple(sorted({v.split(" ")[0] for v in value}))
    return json.dumps(value, sort_keys=True)


def differences(by_jurisdiction: dict[str, dict]) -> list[dict]:
    """``[{aspect, values: {jurisdiction: value}}]`` for each aspect that two or more adopters state
    and state differently; `values` holds every adopter's, None where it states nothing."""
    out = []
    for aspect in ASPECTS:
        stated = {j: f[aspect] for j, f in by_jurisdiction.items() if f[aspect] is not None}
        if len(stated) >= 2 and len({_key(aspect, v) for v in stated.values()}) > 1:
            out.append({"aspect": aspect, "values": {j: f[aspect] for j, f in by_jurisdiction.items()}})
    return out
