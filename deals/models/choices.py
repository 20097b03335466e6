"""Vocabularies shared by models, forms, filters and the extractor."""

from django.db import models


class InvestorKind(models.TextChoices):
    VENTURE = "venture", "Venture capital"
    CORPORATE = "corporate", "Corporate"
    ANGEL = "angel", "Angel"
    GOVERNMENT = "government", "Government"
    SOVEREIGN = "sovereign", "Sovereign fund"
    BANK = "bank", "Bank"
    PRIVATE_EQUITY = "private_equity", "Private equity"
    OTHER = "other", "Other"


class Stage(models.TextChoices):
    PRE_SEED = "pre_seed", "Pre-seed"
    SEED = "seed", "Seed"
    SERIES_A = "series_a", "Series A"
    SERIES_B = "series_b", "Series B"
    SERIES_C = "series_c", "Series C"
    SERIES_D = "series_d", "Series D"
    SERIES_E = "series_e", "Series E"
    SERIES_F_PLUS = "series_f_plus", "Series F+"
    GROWTH = "growth", "Growth"
    STRATEGIC = "strategic", "Strategic"
    DEBT = "debt", "Debt"
    GRANT = "grant", "Grant"
    IPO = "ipo", "IPO"
    SECONDARY = "secondary", "Secondary"
    UNKNOWN = "unknown", "Undisclosed stage"


class RoundStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class Commitment(models.TextChoices):
    """How far an investor has got with a round. Only a confirmed participation is an
    investment: the others are shown as such and left out of every count and total."""

    CONFIRMED = "confirmed", "Confirmed"
    IN_TALKS = "in_talks", "In talks"
    CONSIDERING = "considering", "Considering"


class UsdSource(models.TextChoices):
    ARTICLE = "article", "Stated in the source"
    CONVERTED = "converted", "Converted at ECB rate"
    SAME = "same", "Amount is in USD"


class ValuationBasis(models.TextChoices):
    PRE = "pre", "Pre-money"
    POST = "post", "Post-money"
    UNKNOWN = "unknown", "Unspecified"


class Qualifier(models.TextChoices):
    EXACT = "exact", "Exactly"
    ABOVE = "above", "More than"
    ABOUT = "about", "About"
    UP_TO = "up_to", "Up to"


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    HALF = "half", "Half-year"
    YEAR = "year", "Year"


class MilestoneKind(models.TextChoices):
    PRODUCT_RELEASE = "product_release", "Product release"
    FUNDING_CLOSE = "funding_close", "Funding close"
    FACILITY = "facility", "Facility"
    REGULATORY = "regulatory", "Regulatory"
    PARTNERSHIP = "partnership", "Partnership"
    LISTING = "listing", "Listing"
    OTHER = "other", "Other"


class MilestoneStatus(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    OCCURRED = "occurred", "Occurred"
    MISSED = "missed", "Missed"
    RESCHEDULED = "rescheduled", "Rescheduled"
    CANCELLED = "cancelled", "Cancelled"
