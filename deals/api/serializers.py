"""What the API shows of each record. Money is a decimal string (no float rounding)."""

from __future__ import annotations

from rest_framework import serializers

from deals.models import Citation, Company, Investor, Milestone, Participation, Round
from deals.models.rounds import ROUND_FIELDS


class CompanyBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["slug", "name", "country"]


class CompanySerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["id", "slug", "name", "aliases", "country", "sector", "website", "description"]


class InvestorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Investor
        fields = ["id", "slug", "name", "kind", "aliases", "website", "description"]


class ParticipationSerializer(serializers.ModelSerializer):
    investor = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    investor_name = serializers.CharField(source="investor.name", read_only=True)
    confirmed = serializers.BooleanField(source="is_confirmed", read_only=True)

    class Meta:
        model = Participation
        # commitment: "confirmed", or "in_talks"/"considering" for a prospective investor.
        fields = ["investor", "investor_name", "lead", "commitment", "confirmed"]


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="article.url", read_only=True)
    title = serializers.CharField(source="article.title", read_only=True)
    publisher = serializers.CharField(source="article.publisher", read_only=True)

    class Meta:
        model = Citation
        fields = ["url", "title", "publisher", "sentence"]


class RoundSerializer(serializers.ModelSerializer):
    company = CompanyBriefSerializer(read_only=True)
    participations = ParticipationSerializer(many=True, read_only=True)
    sources = SourceSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = Round
        # The round's own fields are the model's one list (ROUND_FIELDS), as on the forms.
        fields = ["id", "company", *ROUND_FIELDS, "closed_on", "participations", "sources"]


class MilestoneSerializer(serializers.ModelSerializer):
    company = CompanyBriefSerializer(read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "company",
            "round",
            "title",
            "kind",
            "date_start",
            "date_end",
            "precision",
            "status",
        ]
