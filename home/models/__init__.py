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
from .seed import SeedRecord

__all__ = [
    "SUMMARY_HELP_TEXT",
    "BasePage",
    "Film",
    "FilmForm",
    "HomePage",
    "IndexPage",
    "SeedRecord",
    "SitePage",
    "SitePageQuerySet",
    "StandardPage",
    "private_q",
]
