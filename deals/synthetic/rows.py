"""Row builders: one stream of COPY-ready dicts per table, in id order.

Ids are assigned here, from the first free id of each table, not by the sequences:
rounds refer to their company, participations to their round and investor, and
milestones to a company's round, all without a round trip.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections.abc import Iterator
from typing import Any

from django.db.models import Model

from deals.models import Company, Investor, Milestone, Participation, Round
from deals.synthetic.shapes import (
    AMOUNT_SIGMA,
    COUNTRIES,
    DAYS_AHEAD,
    FUND_WORDS,
    FUTURE_STATUSES,
    INVESTOR_KINDS,
    LATE_STAGES,
    MILESTONE_TITLES,
    PARTICIPANTS,
    PAST_STATUSES,
    PRECISIONS,
    PROSPECT_EVERY,
    SECTORS,
    STAGE_LADDER,
    STAGE_MEDIAN_USD,
    USD_RATE,
    YEARS_BACK,
    Plan,
    accumulate,
    draw_days_back,
    draw_rounds_per_company,
    made_up_word,
    period,
    pick,
    stream,
    two_figures,
    unique_slug,
)


class Generator:
    """Row streams, one per table; each table draws from its own seeded random stream."""

    def __init__(self, plan: Plan, *, start: dict[type[Model], int]) -> None:
        self.plan = plan
        self.start = start
        self.today = plan.today.toordinal()
        self._dates: dict[int, str] = {}
        rng = self._rng("shape")
        self.company_country = [pick(rng, COUNTRIES) for _ in range(plan.companies)]
        self.company_sector = [
            rng.choices(list(SECTORS), weights=[w for w, _ in SECTORS.values()])[0]
            for _ in range(plan.companies)
        ]
        self.company_name = [self._company_name(rng, i) for i in range(plan.companies)]
        self.rounds_per_company = draw_rounds_per_company(rng, plan.companies, plan.rounds)
        # Company i's rounds have the consecutive ids first_round[i] ... + rounds_per_company[i].
        self.first_round: list[int] = []
        next_id = start[Round]
        for n in self.rounds_per_company:
            self.first_round.append(next_id)
            next_id += n
        # Zipf over a shuffled order, so the busiest investor is not simply the first one.
        order = list(range(plan.investors))
        rng.shuffle(order)
        weights = [0.0] * plan.investors
        for rank, index in enumerate(order, start=1):
            weights[index] = 1 / (rank + 20) ** 1.1
        self.investor_cum_weights = list(accumulate(weights))

    def _rng(self, name: str) -> random.Random:
        return stream(self.plan.seed, name)

    def _date(self, ordinal: int) -> str:
        text = self._dates.get(ordinal)
        if text is None:
            text = self._dates[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def _stamp(self, ordinal: int) -> str:
        return f"{self._date(ordinal)} 09:00:00+00"

    def _company_name(self, rng: random.Random, index: int) -> str:
        word = made_up_word(rng, 2 if rng.random() < 0.6 else 3)
        suffix = rng.choice(SECTORS[self.company_sector[index]][1])
        return word if rng.random() < 0.3 else f"{word} {suffix}"

    def companies(self, taken: set[str]) -> Iterator[dict[str, Any]]:
        rng = self._rng("companies")
        for i in range(self.plan.companies):
            name = self.company_name[i]
            slug = unique_slug(name, taken)
            aliases: list[str] = []
            if rng.random() < 0.1:
                country = self.company_country[i][0]
                aliases.append(f"{name} Inc." if country == "US" else f"{name} Ltd.")
                if rng.random() < 0.3:
                    aliases.append(made_up_word(rng, 3))
            created = self.today - rng.randrange(YEARS_BACK * 365)
            yield {
                "id": self.start[Company] + i,
                "name": name,
                "slug": slug,
                "aliases": json.dumps(aliases),
                "country": self.company_country[i][0],
                "sector": self.company_sector[i],
                "website": f"https://{slug}.example.com",
                "description": "",
                "created_at": self._stamp(created),
                "updated_at": self._stamp(created),
            }

    def investors(self, taken: set[str]) -> Iterator[dict[str, Any]]:
        rng = self._rng("investors")
        kinds = list(INVESTOR_KINDS)
        kind_weights = list(INVESTOR_KINDS.values())
        for i in range(self.plan.investors):
            kind = rng.choices(kinds, weights=kind_weights)[0]
            word = made_up_word(rng, rng.choice((2, 3)))
            # Angels are people: a first and a last name.
            last = made_up_word(rng, 2) if kind == "angel" else rng.choice(FUND_WORDS)
            name = f"{word} {last}"
            slug = unique_slug(name, taken)
            created = self.today - rng.randrange(YEARS_BACK * 365)
            yield {
                "id": self.start[Investor] + i,
                "name": name,
                "slug": slug,
                "kind": kind,
                "aliases": "[]",
                "website": f"https://{slug}.example.com",
                "description": "",
                "created_at": self._stamp(created),
                "updated_at": self._stamp(created),
            }

    def rounds(self) -> Iterator[dict[str, Any]]:
        rng = self._rng("rounds")
        for company, count in enumerate(self.rounds_per_company):
            if not count:
                continue
            home = self.company_country[company][2]
            days_back = sorted((draw_days_back(rng) for _ in range(count)), reverse=True)
            for index, back in enumerate(days_back):
                yield self._round(
                    rng, self.first_round[company] + index, company, index, back, home
                )

    def _round(
        self, rng: random.Random, pk: int, company: int, index: int, back: int, home: str
    ) -> dict[str, Any]:
        u = rng.random()
        if u < 0.08:
            stage = "unknown"
        elif u < 0.11:
            stage = "grant"
        elif index == 0 and rng.random() < 0.3:
            stage = "pre_seed"
        elif index < len(STAGE_LADDER):
            stage = STAGE_LADDER[index]
        else:
            stage = rng.choice(LATE_STAGES)
        announced = self.today - back
        status, close_start, close_end, closed = "completed", None, None, None
        u = rng.random()
        if back < 120 and u < 0.25:
            status = "pending"
            close_start = self.today + rng.randrange(DAYS_AHEAD - 92)
            close_end = close_start + rng.choice((0, 30, 91))
        elif u < 0.02:
            status = "cancelled"
        elif u < 0.5:
            closed = min(announced + rng.randrange(90), self.today)
        amount = amount_usd = valuation = None
        currency = source = valuation_currency = ""
        if rng.random() >= 0.08:  # the rest are undisclosed
            currency = home if rng.random() < 0.75 else rng.choice(("USD", "USD", "USD", "EUR"))
            usd = STAGE_MEDIAN_USD[stage] * math.exp(rng.gauss(0, AMOUNT_SIGMA))
            local = two_figures(usd / USD_RATE[currency])
            amount = f"{local:.2f}"
            amount_usd = f"{local * USD_RATE[currency]:.2f}"
            source = "same" if currency == "USD" else "converted"
            if rng.random() < 0.15:
                valuation_currency = currency
                valuation = f"{two_figures(local * rng.uniform(4, 15)):.2f}"
        undated = rng.random() < 0.01
        return {
            "id": pk,
            "company_id": self.start[Company] + company,
            "stage": stage,
            "status": status,
            "amount": amount,
            "currency": currency,
            "amount_qualifier": rng.choices(("exact", "about", "above", "up_to"), (85, 8, 5, 2))[0],
            "amount_usd": amount_usd,
            "amount_usd_source": source,
            "valuation": valuation,
            "valuation_currency": valuation_currency,
            "valuation_basis": rng.choice(("pre", "post", "unknown")) if valuation else "unknown",
            "valuation_qualifier": "exact",
            "announced_on": None if undated else self._date(announced),
            "expected_close_start": close_start and self._date(close_start),
            "expected_close_end": close_end and self._date(close_end),
            "closed_on": closed and self._date(closed),
            "notes": "",
            "created_at": self._stamp(min(announced, self.today)),
            "updated_at": self._stamp(min(announced, self.today)),
        }

    def participations(self) -> Iterator[dict[str, Any]]:
        rng = self._rng("participations")
        investors = range(self.plan.investors)
        pk = self.start[Participation]
        first_investor = self.start[Investor]
        for round_id in range(self.start[Round], self.start[Round] + self.plan.rounds):
            wanted = rng.choices(*PARTICIPANTS)[0]
            chosen: list[int] = []
            for investor in rng.choices(investors, cum_weights=self.investor_cum_weights, k=wanted):
                if investor not in chosen:
                    chosen.append(investor)
            for position, investor in enumerate(chosen):
                yield {
                    "id": pk,
                    "round_id": round_id,
                    "investor_id": first_investor + investor,
                    "lead": position == 0,
                    # Every PROSPECT_EVERY-th non-lead is in talks: by id, not by the
                    # generator, so the rest of the data stays what the seed made it.
                    "commitment": "in_talks"
                    if position and pk % PROSPECT_EVERY == 0
                    else "confirmed",
                }
                pk += 1

    def milestones(self) -> Iterator[dict[str, Any]]:
        """Spread over companies like their rounds; the tail is the busy companies."""
        rng = self._rng("milestones")
        cum_weights = list(accumulate([n + 0.5 for n in self.rounds_per_company]))
        companies = rng.choices(
            range(self.plan.companies), cum_weights=cum_weights, k=self.plan.milestones
        )
        kinds = list(MILESTONE_TITLES)
        for offset, company in enumerate(companies):
            # A quarter lies ahead of today; the past grows busier towards today.
            if rng.random() < 0.25:
                day = self.today + rng.randrange(DAYS_AHEAD)
            else:
                day = self.today - 1 - draw_days_back(rng)
            precision = rng.choices(*PRECISIONS)[0]
            start, end = period(dt.date.fromordinal(day), precision)
            past = end.toordinal() < self.today
            status = rng.choices(*(PAST_STATUSES if past else FUTURE_STATUSES))[0]
            kind = rng.choice(kinds)
            round_id = None
            if kind == "funding_close" and self.rounds_per_company[company]:
                round_id = self.first_round[company] + rng.randrange(
                    self.rounds_per_company[company]
                )
            recorded = None
            if status in ("occurred", "missed"):
                recorded = self._stamp(min(end.toordinal() + rng.randrange(1, 30), self.today))
            created = min(start.toordinal(), self.today) - rng.randrange(30, 400)
            yield {
                "id": self.start[Milestone] + offset,
                "company_id": self.start[Company] + company,
                "round_id": round_id,
                "title": MILESTONE_TITLES[kind].format(
                    word=made_up_word(rng, 2), n=rng.randrange(1, 9)
                ),
                "kind": kind,
                "date_start": start.isoformat(),
                "date_end": end.isoformat(),
                "precision": precision,
                "status": status,
                "outcome_note": "Confirmed by the company." if status == "occurred" else "",
                "outcome_recorded_at": recorded,
                "description": "",
                "created_at": self._stamp(created),
                "updated_at": self._stamp(created),
            }
