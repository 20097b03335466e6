from .companies import Company, Investor
from .milestones import Milestone
from .rounds import Participation, Round
from .sources import Article, Citation, Feed, FeedItem, Proposal
from .watching import AlertDelivery, AlertPreference, Watch

__all__ = [
    "AlertDelivery",
    "AlertPreference",
    "Article",
    "Citation",
    "Company",
    "Feed",
    "FeedItem",
    "Investor",
    "Milestone",
    "Participation",
    "Proposal",
    "Round",
    "Watch",
]
