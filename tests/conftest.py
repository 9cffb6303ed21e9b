import pytest

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from wagtail.models import Collection, Locale, Page, Site

from home.seed_content import SITE_NAME
from tests.factories import (
    AimIndexPageFactory,
    AimPageFactory,
    HomePageFactory,
    ProgrammeIndexPageFactory,
    ProgrammePageFactory,
    make_user,
)


def empty_tree() -> Page:
    """The page tree's root with nothing under it and no site.

    Works whether or not the migrations' rows are still there: tests that use
    `live_server` run after a flush that removes them.
    """
    Locale.objects.get_or_create(language_code="en-gb")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                content_type=ContentType.objects.get_for_model(Page),
                locale=Locale.get_default(),
            )
        )
    for child in root.get_children():
        child.delete()
    Site.objects.all().delete()
    cache.clear()
    root.refresh_from_db()
    return root


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing kept from another test's content."""
    cache.clear()


@pytest.fixture
def root_page(db) -> Page:
    return empty_tree()


@pytest.fixture
def home_page(root_page):
    home = HomePageFactory(parent=root_page)
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name=SITE_NAME,
    )
    return home


@pytest.fixture
def aim_index(home_page):
    return AimIndexPageFactory(parent=home_page)


@pytest.fixture
def programme_index(home_page):
    return ProgrammeIndexPageFactory(parent=home_page)


@pytest.fixture
def aims(aim_index):
    return [AimPageFactory(parent=aim_index) for _ in range(3)]


@pytest.fixture
def programmes(programme_index):
    return [ProgrammePageFactory(parent=programme_index) for _ in range(4)]


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} ({database['NAME']})"


@pytest.fixture(scope="session")
def migrated_site(tmp_path_factory):
    """A folder with an SQLite database that `manage.py migrate` has set up, to copy from.

    For tests that run the site as a developer does (`make run`), apart from the
    suite's own database.
    """
    from tests.dev_server import manage, require_make

    require_make()
    folder = tmp_path_factory.mktemp("migrated-site")
    manage(folder, "migrate", "--noinput", timeout=300)
    return folder


# People in the site's roles, for tests of what each may do in the admin.
@pytest.fixture
def editor(db):
    return make_user("Editors", "erin")


@pytest.fixture
def publisher(db):
    return make_user("Publishers", "priya")


@pytest.fixture
def administrator(db):
    return make_user(None, "ada")
