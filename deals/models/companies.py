from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .choices import InvestorKind
from .facts import FactManager


class Company(models.Model):
    objects = FactManager()
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    # Other names the company goes by ("Hangzhou DeepSeek"), for matching and search.
    aliases = models.JSONField(default=list, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code")
    sector = models.CharField(max_length=100, blank=True)
    website = models.URLField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]
        indexes = [
            # The rounds list filters by country and sector through the company.
            models.Index(fields=["country"], name="company_country_idx"),
            models.Index(fields=["sector"], name="company_sector_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("deals:company_detail", kwargs={"slug": self.slug})


class Investor(models.Model):
    objects = FactManager()
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=20, choices=InvestorKind.choices, default=InvestorKind.OTHER)
    # A corporate investor is often a company in its own right (CATL invests and is covered).
    company = models.OneToOneField(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="investor_profile"
    )
    aliases = models.JSONField(default=list, blank=True)
    website = models.URLField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("deals:investor_detail", kwargs={"slug": self.slug})


class CompanyRedirect(models.Model):
    """The slug of a company merged into another: its old links lead to the kept one."""

    # Unique, and never given to a new company (deals.services.companies.unique_slug),
    # so an old link cannot start pointing at an unrelated company.
    slug = models.SlugField(max_length=220, unique=True)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.slug} → {self.company.slug}"


class InvestorRedirect(models.Model):
    """The slug of an investor merged into another (see CompanyRedirect)."""

    slug = models.SlugField(max_length=220, unique=True)
    investor = models.ForeignKey(Investor, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.slug} → {self.investor.slug}"
