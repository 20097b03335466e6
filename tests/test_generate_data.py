import datetime as dt
import statistics

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q

from deals.models import Company, Investor, Milestone, Participation, Round
from deals.models.choices import (
    Commitment,
    MilestoneKind,
    MilestoneStatus,
    Precision,
    Qualifier,
    RoundStatus,
    Stage,
)

TODAY = dt.date(2026, 1, 15)
TABLES = [m._meta.db_table for m in (Company, Investor, Round, Participation, Milestone)]

pytestmark = pytest.mark.django_db


def generate(**options) -> None:
    call_command("generate_data", scale="small", today=TODAY, verbosity=0, **options)


def checksum() -> dict[str, str]:
    sums = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM {table} t")
            sums[table] = cursor.fetchone()[0]
    return sums


def test_the_same_seed_gives_the_same_rows():
    generate(seed=7)
    first = checksum()
    generate(seed=7, flush=True)
    assert checksum() == first
    generate(seed=8, flush=True)
    assert checksum()["deals_round"] != first["deals_round"]


def test_refuses_a_database_that_holds_deal_data():
    generate(seed=1)
    with pytest.raises(CommandError, match="--append"):
        generate(seed=1)


def test_append_adds_rows_after_the_existing_ones():
    generate(seed=1)
    before = Round.objects.count()
    generate(seed=2, append=True)
    assert Round.objects.count() == 2 * before
    assert Company.objects.values("slug").distinct().count() == Company.objects.count()
    # The sequences moved past the copied ids, so ordinary inserts still work.
    assert Company.objects.create(name="After", slug="after-the-load").pk > 400


def test_small_scale_has_the_sizes_asked_for():
    generate(seed=1)
    assert Company.objects.count() == 200
    assert Round.objects.count() == 2000
    assert Milestone.objects.count() == 2000


def test_rounds_per_company_are_skewed():
    generate(seed=1)
    per_company = list(Round.objects.values("company").annotate(n=Count("id")).values_list("n"))
    counts = sorted(n for (n,) in per_company)
    assert statistics.median(counts) <= 2
    assert counts[-1] >= 20
    busiest = Participation.objects.values("investor").annotate(n=Count("id"))
    assert max(row["n"] for row in busiest) >= 3 * statistics.median(row["n"] for row in busiest)


def test_money_is_a_currency_mix_with_usd_filled():
    generate(seed=1)
    currencies = dict(
        Round.objects.exclude(currency="").values_list("currency").annotate(n=Count("id"))
    )
    assert len(currencies) >= 5
    assert max(currencies, key=currencies.get) == "USD"
    assert not Round.objects.filter(amount__isnull=False, amount_usd__isnull=True).exists()
    assert not Round.objects.filter(currency="USD").exclude(amount_usd=F("amount")).exists()
    assert Round.objects.filter(amount__isnull=True).exists()  # some are undisclosed


def test_every_round_has_one_lead_and_one_to_five_investors():
    generate(seed=1)
    shape = Round.objects.annotate(
        n_investors=Count("participations"),
        leads=Count("participations", filter=Q(participations__lead=True)),
    )
    assert not shape.exclude(leads=1).exists()
    assert not shape.filter(Q(n_investors__lt=1) | Q(n_investors__gt=5)).exists()


def test_a_few_non_lead_investors_are_only_in_talks():
    generate(seed=1)
    talks = Participation.objects.filter(commitment="in_talks")
    assert talks.exists() and not talks.filter(lead=True).exists()
    assert talks.count() * 20 < Participation.objects.count()
    assert set(Participation.objects.values_list("commitment", flat=True)) <= set(Commitment.values)


def test_values_are_valid_choices_and_dates_in_range():
    generate(seed=1)
    choice_sets = [
        (Round, "stage", Stage),
        (Round, "status", RoundStatus),
        (Round, "amount_qualifier", Qualifier),
        (Milestone, "kind", MilestoneKind),
        (Milestone, "status", MilestoneStatus),
        (Milestone, "precision", Precision),
    ]
    for model, field, choices in choice_sets:
        used = set(model.objects.values_list(field, flat=True).distinct())
        assert used <= set(choices.values), (model, field)
    assert len(set(Milestone.objects.values_list("precision", flat=True))) == len(Precision)
    assert len(set(Milestone.objects.values_list("status", flat=True))) == len(MilestoneStatus)
    earliest = TODAY - dt.timedelta(days=15 * 365 + 1)
    latest = TODAY + dt.timedelta(days=2 * 365 + 1)
    assert not Round.objects.filter(announced_on__gt=TODAY).exists()
    assert not Round.objects.filter(announced_on__lt=earliest).exists()
    # A fuzzy date covers its whole month, quarter, half or year: up to a year more.
    year = dt.timedelta(days=366)
    assert not Milestone.objects.filter(
        Q(date_start__lt=earliest - year) | Q(date_end__gt=latest + year)
    ).exists()
    assert Milestone.objects.filter(status="upcoming", date_end__lt=TODAY).exists()  # overdue
    assert Milestone.objects.filter(status="upcoming", date_end__gte=TODAY).exists()


def test_a_sample_of_rows_passes_model_validation():
    generate(seed=1)
    for model in (Company, Investor, Round, Milestone):
        for obj in model.objects.order_by("id")[:25]:
            obj.full_clean()
    assert Company.objects.exclude(aliases=[]).exists()


def test_a_column_the_row_builders_leave_out_takes_the_model_default(monkeypatch):
    # A field added to a model after the row builders were written: COPY must not
    # leave it NULL (a NOT NULL violation) but give it the model's default.
    from deals.synthetic.rows import Generator

    built = Generator.companies

    def without_description(self, taken):
        for row in built(self, taken):
            row.pop("description")
            row["id"] = row.pop("id")  # column order differs from the model's too
            yield row

    monkeypatch.setattr(Generator, "companies", without_description)
    generate(seed=3)
    assert Company.objects.count() > 0
    assert set(Company.objects.values_list("description", flat=True)) == {""}
