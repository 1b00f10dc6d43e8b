"""Accountability: who must do what, by when (:mod:`policykg.accountability`)."""
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from policykg.accountability import ROLES, to_csv
from policykg.deps import ServiceDep
from policykg.graph.ids import MAX_ID, PATTERN
from policykg.loaders.agencies import agency_types
from pydantic import BeforeValidator

from policykg.routers.questions import _digits_only
from policykg.routes import OffLoopRoute
from policykg.schemas import Responsibilities, ThemeId

router = APIRouter(tags=["questions"], route_class=OffLoopRoute)

MeasureFilter = Annotated[str | None, Query(max_length=MAX_ID, pattern=PATTERN, description="a measure id",
                                            examples=["trade_secrets"])]
JurisdictionFilter = Annotated[str | None, Query(max_length=MAX_ID, pattern=PATTERN, description="a jurisdiction id",
                                                 examples=["hanyang"])]
AgencyType = Literal[tuple(t["id"] for t in agency_types())]
Role = Literal[ROLES]
#: a day written YYYY-MM-DD, and nothing else (a bare 0 is no date, though pydantic would read it as 1970)
DueBefore = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"},
                                        description="keep provisions whose dated deadline falls on or before this "
                                                    "day (YYYY-MM-DD)", examples=["2024-12-31"])]
RowLimit = Annotated[int, Query(ge=1, le=5000, description="rows per page"), BeforeValidator(_digits_only)]
RowOffset = Annotated[int, Query(ge=0, le=1_000_000, description="skip this many rows"), BeforeValidator(_digits_only)]
CSV = {200: {"description": "The rows as CSV (UTF-8 with a byte-order mark)", "content": {"text/csv": {}}}}


def _rows(service, measure, theme, jurisdiction, agency_type, role, due_before, offset=0, limit=None, text=True):
    return service.responsibilities(measure, theme, jurisdiction, agency_type, role, due_before, offset, limit, text)


@router.get("/api/responsibilities", response_model=Responsibilities)
def responsibilities(service: ServiceDep, measure: MeasureFilter = None, theme: ThemeId | None = None,
                     jurisdiction: JurisdictionFilter = None, agency_type: AgencyType | None = None,
                     role: Role | None = None, due_before: DueBefore = None, offset: RowOffset = 0,
                     limit: RowLimit = 200, text: bool = True):
    """Who must do what by when: one row per responsible agency of a provision and per measure it
    adopts, with the provision (its citation, text and span), the agency (name, type, role) and the
    deadline (kind, date, text). Every filter given must hold; paged by `limit` rows from `offset`,
    with `total` and `truncated`; `text=false` leaves the provision texts out."""
    return _rows(service, measure, theme, jurisdiction, agency_type, role, due_before, offset, limit, text)


@router.get("/api/responsibilities.csv", response_class=Response, responses=CSV)
def responsibilities_csv(service: ServiceDep, measure: MeasureFilter = None, theme: ThemeId | None = None,
                         jurisdiction: JurisdictionFilter = None, agency_type: AgencyType | None = None,
                         role: Role | None = None, due_before: DueBefore = None):
    """Every row that matches the filters, as a CSV file to open in a spreadsheet (cells that a
    spreadsheet would run as a formula are written with a leading apostrophe)."""
    answer = _rows(service, measure, theme, jurisdiction, agency_type, role, due_before)
    return Response(to_csv(answer["rows"]), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="responsibilities.csv"'})
