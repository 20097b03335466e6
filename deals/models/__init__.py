from .api_tokens import ApiToken
from .claims import ClaimField, RoundClaim
from .companies import Company, CompanyRedirect, Investor, InvestorRedirect
from .imports import ImportBatch, ImportedRow
from .milestones import Milestone
from .rounds import Participation, Round
from .saved import SavedSearch
from .sources import Article, Citation, Feed, FeedItem, Proposal
from .watching import AlertDelivery, AlertPreference, Watch

__all__ = [
    "ApiToken",
    "AlertDelivery",
    "AlertPreference",
    "Article",
    "Citation",
    "ClaimField",
    "Company",
    "CompanyRedirect",
    "Feed",
    "ImportBatch",
    "ImportedRow",
    "FeedItem",
    "Investor",
    "InvestorRedirect",
    "Milestone",
    "Participation",
    "Proposal",
    "Round",
    "SavedSearch",
    "RoundClaim",
    "Watch",
]
