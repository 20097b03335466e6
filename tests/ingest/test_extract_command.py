import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command


def run(path: Path) -> dict:
    out = StringIO()
    call_command(
        "extract",
        str(path),
        url="https://wire.example/a",
        fetched_at="2026-03-10T12:00:00Z",
        stdout=out,
    )
    return json.loads(out.getvalue())


def test_prints_one_schema_object_for_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "Corvid raises $50m\n\nLISBON, March 9 (Wire) - Corvid, the robotics "
        "start-up, has raised $50 million in a Series B round led by Tagus "
        "Ventures.\n",
        encoding="utf-8",
    )
    data = run(path)
    assert set(data) == {"published", "rounds", "milestones"}
    assert data["published"] == "2026-03-09"
    [r] = data["rounds"]
    assert (r["company"], r["stage"], r["amount"]) == (
        "Corvid",
        "series_b",
        {"value": 50000000, "currency": "USD"},
    )
    assert r["investors"] == [{"name": "Tagus Ventures", "lead": True, "commitment": "confirmed"}]


def test_reads_an_html_file(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(
        "<html><head><meta name='date' content='2026-03-01'></head><body><article>"
        "<p>Pellam has secured $12 million in seed funding from Arbor Fund to "
        "expand its clinics across the north of England and Scotland.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    data = run(path)
    assert data["published"] == "2026-03-01"
    assert [r["stage"] for r in data["rounds"]] == ["seed"]
