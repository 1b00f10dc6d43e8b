from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from policykg.graph.ids import MAX_ID, PATTERN
from policykg.deps import MeasureId, ServiceDep
from policykg.schemas import Matrix, ThemeId, MeasureAgencies, MeasureDetail, MeasureSummary, Timeline
from policykg.routes import OffLoopRoute, kept_as, per_graph_response

NOT_MODIFIED = {304: {"description": "Not modified: the client's copy (If-None-Match) is this graph's"}}

router = APIRouter(tags=["measures"], route_class=OffLoopRoute)


@router.get("/api/measures", response_model=list[MeasureSummary], responses=NOT_MODIFIED)
@kept_as("measures")
def list_measures(request: Request, service: ServiceDep):
    """Every measure of the codebook with the number of jurisdictions that adopt it."""
    return per_graph_response(request, service.measures_answer())


@router.get("/api/measures/{measure_id}", response_model=MeasureDetail)
def get_measure(measure_id: MeasureId, service: ServiceDep):
    """A measure with its adopters: each jurisdiction with the provisions tagged with it and the matched wording."""
    return service.measure(measure_id)


@router.get("/api/measures/{measure_id}/timeline", response_model=Timeline)
def measure_timeline(measure_id: MeasureId, service: ServiceDep):
    """How a measure spread: when each jurisdiction first adopted it (by its documents' issue dates,
    else posting dates), the first adopters and the spread by level and year; adopters with no
    dated document are listed apart."""
    return service.timeline(measure_id)


@router.get("/api/agencies/responsible", response_model=list[MeasureAgencies])
def responsible_agencies(service: ServiceDep,
                         measure: Annotated[str | None, Query(max_length=MAX_ID, pattern=PATTERN, examples=["technical_investigators"])] = None,
                         theme: ThemeId | None = None):
    """Agencies responsible, in each jurisdiction, for provisions adopting a measure or carrying a theme."""
    return service.measure_agencies(measure, theme)


@router.get("/api/matrix.csv", response_class=Response,
            responses={200: {"description": "The matrix as CSV", "content": {"text/csv": {}}}})
def coverage_matrix_csv(service: ServiceDep):
    """Measures × jurisdictions as a CSV file: a row per measure with its themes, adopters and the
    number of provisions of each jurisdiction adopting it, then a row of each jurisdiction's total."""
    from policykg import csvfile
    m = service.matrix()
    js = m["jurisdictions"]
    rows = [[r["id"], r["label_zh"], r["label_en"], " ".join(r["themes"]), r["adopters"], *(r["counts"][j] for j in js)]
            for r in m["measures"]]
    rows.append(["total", "采用措施数", "measures adopted", "", "", *(m["totals"][j] for j in js)])
    body = csvfile.to_csv(["measure", "label_zh", "label_en", "themes", "adopters",
                           *(f"{j} {m['names'][j]}" for j in js)], rows)
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="matrix.csv"'})


@router.get("/api/matrix", response_model=Matrix, responses=NOT_MODIFIED)
@kept_as("matrix")
def coverage_matrix(request: Request, service: ServiceDep):
    """Measures × jurisdictions with the number of provisions adopting each measure."""
    return per_graph_response(request, service.matrix_answer())
