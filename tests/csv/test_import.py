"""CSV import of rounds: a preview with each row's errors and name matches that writes
nothing, a confirm that writes the valid rows once, each cited to the file, and files
refused whole with a clear message (too big, binary, not UTF-8, malformed)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from deals.csv_rows import MAX_ROWS
from deals.models import Citation, ImportBatch, ImportedRow, Round
from tests.factories import CompanyFactory, InvestorFactory, UserFactory

pytestmark = pytest.mark.django_db
NEW = reverse("deals:import_new")
GOOD = (
    "company,announced,stage,status,amount,currency,lead_investors,other_investors\n"
    "Zhipu AI,2026-03-02,Series B,completed,2000000000,CNY,"
    "Beijing AI Fund,Alpha Capital; Beta Partners\n"
    "Brand New Robotics,2026-04-10,seed,completed,5000000,USD,,Alpha Capital\n"
)


def _upload(client, content: bytes | str, name: str = "rounds.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(NEW, {"file": SimpleUploadedFile(name, data, "text/csv")})


def _preview(client, content: str) -> tuple[ImportBatch, str]:
    response = _upload(client, content)
    assert response.status_code == 302, response.content[:500]
    batch = ImportBatch.objects.latest("pk")
    return batch, client.get(response["Location"]).content.decode()


def test_the_preview_resolves_names_and_writes_nothing(editor_client):
    CompanyFactory(name="Zhipu", aliases=["Zhipu AI"])
    InvestorFactory(name="Alpha Capital")
    batch, html = _preview(editor_client, GOOD)
    assert Round.objects.count() == 0
    zhipu, robotics = batch.rows
    assert zhipu["company_id"] is not None and robotics["company_id"] is None
    assert zhipu["new_investors"] == ["Beijing AI Fund", "Beta Partners"]
    assert "on file" in html and "new" in html and "2 rows ready" in html


def test_each_bad_row_says_why_and_is_left_out(editor_client):
    bad = (
        "company,announced,stage,amount,currency\n"
        ",2026-01-01,seed,1,USD\n"
        "Acme,2026-13-45,seed,1,USD\n"
        "Acme,,series_zz,1,USD\n"
        "Acme,,seed,-5,USD\n"
        "Acme,,seed,5,XYZ\n"
        "Acme,,seed,5,\n"
        "Acme,,seed,5,EUR\n"
    )
    batch, html = _preview(editor_client, bad)
    errors = [row["errors"] for row in batch.rows]
    assert errors[0] == ["No company."]
    assert "is not a date" in errors[1][0]
    assert "Unknown stage" in errors[2][0]
    assert "is not an amount" in errors[3][0]
    assert "Unknown currency" in errors[4][0]
    assert "without a currency" in errors[5][0]
    assert errors[6] == []
    assert "6 with errors" in html
    editor_client.post(reverse("deals:import_preview", kwargs={"pk": batch.pk}))
    assert list(Round.objects.values_list("company__name", "currency")) == [("Acme", "EUR")]


def test_confirm_writes_rounds_with_investors_each_cited_to_the_file(editor_client):
    zhipu = CompanyFactory(name="Zhipu", aliases=["Zhipu AI"])
    batch, _ = _preview(editor_client, GOOD)
    response = editor_client.post(
        reverse("deals:import_preview", kwargs={"pk": batch.pk}), follow=True
    )
    assert "Imported 2 rounds" in response.content.decode()
    first = Round.objects.get(company=zhipu)
    assert (first.stage, first.currency, str(first.amount)) == ("series_b", "CNY", "2000000000.00")
    assert first.amount_usd is not None  # converted at the announcement's ECB rate
    leads = list(first.participations.filter(lead=True).values_list("investor__name", flat=True))
    assert leads == ["Beijing AI Fund"]
    assert first.participations.count() == 3
    citation = Citation.objects.get(round=first)
    assert citation.article.origin == "upload" and "rounds.csv" in citation.article.title
    assert "Zhipu AI" in citation.sentence


def test_importing_the_same_rows_again_creates_nothing(editor_client):
    for _ in range(2):
        batch, _ = _preview(editor_client, GOOD)
        editor_client.post(reverse("deals:import_preview", kwargs={"pk": batch.pk}))
    batch.refresh_from_db()
    assert (batch.created_rounds, batch.skipped_rows) == (0, 2)
    assert Round.objects.count() == 2
    # Confirming the same batch twice is one import too.
    editor_client.post(reverse("deals:import_preview", kwargs={"pk": batch.pk}))
    assert Round.objects.count() == 2


def test_a_fingerprint_is_imported_once_whatever_the_race():
    batch = ImportBatch.objects.create(user=UserFactory(), filename="a.csv", text="")
    ImportedRow.objects.create(fingerprint="f" * 64, batch=batch)
    with pytest.raises(IntegrityError):
        ImportedRow.objects.create(fingerprint="f" * 64, batch=batch)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"company,amount\n\x00\x01\x02", "not a text file"),
        ("company,amount\nCaf\u00e9,1\n".encode("latin-1"), "not UTF-8"),
        ("name,amount\nAcme,1\n", "No “company” column"),
        ('company,amount\n"Acme,1\n', "malformed"),
        ("company,amount\n", "no rows"),
        ("company\n" + "Acme\n" * (MAX_ROWS + 1), f"More than {MAX_ROWS} rows"),
    ],
    ids=["binary", "latin-1", "no-company", "open-quote", "empty", "too-many-rows"],
)
def test_a_file_that_cannot_be_read_is_refused_with_its_reason(editor_client, content, message):
    response = _upload(editor_client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_50_mb_file_is_refused_by_its_size(editor_client):
    response = _upload(editor_client, b"company\n" + b"A" * (50 * 1024 * 1024))
    assert response.status_code == 200
    assert "at most 5 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_formula_in_an_imported_cell_stays_text_and_exports_neutralised(editor_client):
    batch, _ = _preview(editor_client, "company,stage\n\"=cmd|' /C calc'!A0\",seed\n")
    editor_client.post(reverse("deals:import_preview", kwargs={"pk": batch.pk}))
    assert Round.objects.get().company.name == "=cmd|' /C calc'!A0"
    export = editor_client.get(reverse("deals:round_export"))
    assert "'=cmd|' /C calc'!A0" in b"".join(export.streaming_content).decode()
