"""Where each page type may go, and that each one is served with its content."""

from django.contrib.auth import get_user_model

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from aims.models import AimIndexPage, AimPage
from home.models import HomePage, StandardPage
from programmes.models import ProgrammeIndexPage, ProgrammePage
from tests.conftest import empty_tree
from tests.factories import (
    AimIndexPageFactory,
    AimPageFactory,
    HomePageFactory,
    ProgrammeIndexPageFactory,
    ProgrammePageFactory,
    StandardPageFactory,
)


class PageTreeRulesTests(WagtailPageTestCase):
    """Editors can only add pages where the design expects them."""

    def test_home_page_sits_at_the_root_and_holds_the_sections(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedSubpageTypes(HomePage, {AimIndexPage, ProgrammeIndexPage, StandardPage})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_aims_live_only_in_the_aims_section(self):
        self.assertAllowedParentPageTypes(AimIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(AimIndexPage, {AimPage})
        self.assertAllowedParentPageTypes(AimPage, {AimIndexPage})
        self.assertAllowedSubpageTypes(AimPage, set())
        self.assertCanNotCreateAt(ProgrammeIndexPage, AimPage)
        self.assertCanNotCreateAt(HomePage, AimPage)

    def test_programmes_live_only_in_the_programmes_section(self):
        self.assertAllowedParentPageTypes(ProgrammeIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ProgrammeIndexPage, {ProgrammePage})
        self.assertAllowedParentPageTypes(ProgrammePage, {ProgrammeIndexPage})
        self.assertAllowedSubpageTypes(ProgrammePage, set())
        self.assertCanNotCreateAt(AimIndexPage, ProgrammePage)
        self.assertCanNotCreateAt(StandardPage, ProgrammePage)

    def test_standard_pages_go_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanNotCreateAt(AimIndexPage, StandardPage)

    def test_there_is_one_home_page_and_one_of_each_section(self):
        home = HomePageFactory(parent=empty_tree())
        AimIndexPageFactory(parent=home)
        ProgrammeIndexPageFactory(parent=home)
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        self.assertFalse(AimIndexPage.can_create_at(home))
        self.assertFalse(ProgrammeIndexPage.can_create_at(home))
        self.assertTrue(StandardPage.can_create_at(home))


class PageRenderingTests(WagtailPageTestCase):
    """Every page type is reachable at its address and shows its own content."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory(parent=empty_tree())
        Site.objects.create(hostname="localhost", port=80, root_page=cls.home, is_default_site=True)
        cls.aim_index = AimIndexPageFactory(parent=cls.home)
        cls.aim = AimPageFactory(
            parent=cls.aim_index,
            title="Reduce health inequalities",
            summary="Everyone should have the same chance to lead a healthy life.",
        )
        cls.programme_index = ProgrammeIndexPageFactory(parent=cls.home)
        cls.programme = ProgrammePageFactory(
            parent=cls.programme_index,
            title="One Leeds workforce",
            summary="We’re developing ‘one Leeds workforce’.",
            key_facts=[("key_fact", {"figure": "around 57,000", "description": "staff"})],
            external_url="https://academy.example.org/",
            aims=[cls.aim],
        )
        cls.superuser = get_user_model().objects.create_superuser("admin", "", "pw")
        cls.standard = StandardPageFactory(
            parent=cls.home,
            title="About us",
            body=[("paragraph", "<p>Who we are.</p>")],
        )

    def assert_serves(self, page, *texts):
        self.assertPageIsRoutable(page)
        self.assertPageIsRenderable(page)
        response = self.client.get(page.url)
        for text in texts:
            self.assertContains(response, text)

    def test_home_page_shows_vision_purpose_and_tagline(self):
        self.assert_serves(
            self.home,
            "Our vision is that the people of Leeds live healthier lives for longer.",
            '<blockquote class="purpose__quote">',
            "Innovation through collaboration",
        )

    def test_aim_index_lists_its_aims_in_a_numbered_list(self):
        self.assert_serves(
            self.aim_index,
            "We aim to:",
            '<ol class="teaser-list teaser-list--row">',
            self.aim.title,
        )

    def test_aim_page_shows_its_summary_and_the_programmes_serving_it(self):
        self.assert_serves(self.aim, self.aim.summary, "One Leeds workforce")

    def test_programme_index_lists_its_programmes(self):
        self.assert_serves(self.programme_index, "One Leeds workforce", self.programme.summary)

    def test_programme_page_shows_facts_aims_and_website_link(self):
        self.assert_serves(
            self.programme,
            "around 57,000",
            "Reduce health inequalities",
            'href="https://academy.example.org/"',
            "Visit the programme website",
        )

    def test_standard_page_shows_its_body(self):
        self.assert_serves(self.standard, "About us", "Who we are.")

    def test_every_page_type_opens_in_the_editor(self):
        self.client.force_login(self.superuser)
        pages = [self.home, self.aim_index, self.aim, self.programme_index, self.programme]
        for page in [*pages, self.standard]:
            with self.subTest(page=page.title):
                edit = self.client.get(f"/admin/pages/{page.pk}/edit/")
                self.assertContains(edit, page.title)
