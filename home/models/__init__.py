from .content_version import ContentVersion
from .film import Film, FilmForm
from .pages import (
    SUMMARY_HELP_TEXT,
    BasePage,
    HomePage,
    IndexPage,
    SitePage,
    SitePageQuerySet,
    StandardPage,
    private_q,
)
from .partners import Partner
from .scheduler import SchedulerLease
from .seed import SeedRecord
from .settings import SiteSettings

__all__ = [
    "SUMMARY_HELP_TEXT",
    "BasePage",
    "ContentVersion",
    "Film",
    "FilmForm",
    "HomePage",
    "IndexPage",
    "Partner",
    "SchedulerLease",
    "SeedRecord",
    "SitePage",
    "SitePageQuerySet",
    "SiteSettings",
    "StandardPage",
    "private_q",
]
