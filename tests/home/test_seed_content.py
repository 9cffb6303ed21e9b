"""The seed loader: builds the site from the old page's words, and never fights editors."""

import re
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command

from wagtail.models import Page, PageLogEntry, Site

from aims.models import AimIndexPage, AimPage
from home.models import Film, HomePage, SeedRecord, StandardPage
from home.seed import FilmSettings, load_seed_content
from programmes.models import ProgrammeIndexPage, ProgrammePage
from tests.conftest import empty_tree

CAPTURE = Path(__file__).parent.parent / "data" / "vision-and-purpose.txt"

# Lines of the capture that are not page content (see the seed's README).
NOT_CONTENT = {
    "Mobile Menu Icon",  # the old menu image's alt text
    # The old page's title. The home page it became is titled with the partnership's
    # name, and the old page's address redirects there (test_redirects.py).
    "Vision and purpose",
}
# Where an editor would change the words, the new wording is what must appear.
EDITS = {
    # A slip in the original.
    "how they can to care for themselves": "how they can care for themselves",
    # The list after "we're:" was lost, so the sentence is completed, not left hanging.
    "Harnessing the power of data, information and cutting-edge technology, we're": (
        "We're harnessing the power of data, information and cutting-edge technology"
    ),
    # "here" was the link to the film; the sentence now stands beside the film itself.
    "Watch our short film here which explains our strategy": (
        "Watch our short film, which explains our strategy"
    ),
}


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", "").replace("”", "")
    return re.sub(r"\s+", " ", text).strip()


def seed_sentences() -> list[str]:
    sentences = []
    for line in CAPTURE.read_text(encoding="utf-8").splitlines():
        line = normalise(line)
        if not line or line in NOT_CONTENT:
            continue
        line = re.sub(r"^\d+\.\s+", "", line)  # the numbers of the aims list
        for sentence in re.split(r"(?<=[.:])\s+", line):
            sentence = normalise(sentence).rstrip(".:")
            for before, after in EDITS.items():
                sentence = sentence.replace(normalise(before), normalise(after))
            sentences.append(sentence)
    return sentences


@pytest.fixture
def seeded(db):
    empty_tree()
    return load_seed_content(FilmSettings())


@pytest.fixture
def transcript(tmp_path):
    path = tmp_path / "transcript.txt"
    path.write_text("Narrator: Leeds works together.\n\nThe film shows a hospital ward.")
    return path


def configured(transcript, **changes):
    values = {
        "url": "https://youtu.be/dQw4w9WgXcQ",
        "transcript_path": str(transcript),
        "captions_confirmed": True,
        **changes,
    }
    return FilmSettings(**values)


def tree_snapshot():
    return [
        (page.depth, page.specific_class.__name__, page.title, page.live, page.url_path)
        for page in Page.objects.order_by("path")
    ]


def test_the_capture_yields_the_sentences_the_test_checks():
    # Guards the test itself: if the parsing broke, the next test could pass on nothing.
    sentences = seed_sentences()
    assert len(sentences) == 32
    assert "Our vision is that the people of Leeds live healthier lives for longer" in sentences
    assert "Improve service quality and efficiency" in sentences
    assert "how they can to care" not in " ".join(sentences)


def test_loader_builds_the_site_tree_in_the_seed_order(seeded):
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page.specific == home
    assert [p.title for p in home.get_children()] == [
        "Our aims",
        "Our programmes",
        "Our members",
        "Accessibility statement",
        "Privacy notice",
        "Cookies",
    ]
    assert list(AimIndexPage.objects.get().get_children().values_list("title", flat=True)) == [
        "Improve service quality and efficiency",
        "Reduce health inequalities",
        "Create wealth to improve health",
    ]
    assert list(ProgrammeIndexPage.objects.get().get_listing().values_list("title", flat=True)) == [
        "One Leeds workforce",
        "Personalised medicine and health",
        "Information and technology",
        "A culture of health and care innovation",
    ]
    assert all(
        page.live and not page.has_unpublished_changes for page in Page.objects.filter(depth__gt=1)
    )
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_seed_words_are_editable_content_not_template_text(seeded):
    workforce = ProgrammePage.objects.get(slug="one-leeds-workforce")
    assert workforce.key_fact_values[0]["figure"] == "around 57,000"
    assert workforce.body[0].block_type == "paragraph"
    assert "Health and Care Academy" in workforce.body[0].value.source
    home_template = Path("templates/home/home_page.html").read_text()
    assert "Leeds live healthier lives" not in home_template


def test_every_sentence_of_the_seed_is_on_the_public_site(seeded, client):
    text = ""
    for page in Page.objects.live().filter(depth__gt=1):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        main = BeautifulSoup(response.content, "html.parser").find("main")
        text += " " + normalise(main.get_text(" "))
    missing = [sentence for sentence in seed_sentences() if sentence not in text]
    assert missing == []


def test_loader_invents_no_links_between_programmes_and_aims(seeded):
    # The seed does not say which programme serves which aim: editors choose.
    for programme in ProgrammePage.objects.all():
        assert programme.aims.count() == 0


def test_second_run_changes_nothing(seeded):
    before = tree_snapshot()
    revisions = [page.latest_revision_id for page in Page.objects.order_by("path")]
    outcomes = load_seed_content(FilmSettings())
    assert {outcome.action for outcome in outcomes} == {"unchanged"}
    assert tree_snapshot() == before
    assert [page.latest_revision_id for page in Page.objects.order_by("path")] == revisions


def test_second_run_says_nothing_changed(seeded, capsys):
    call_command("load_seed_content")
    assert "nothing changed" in capsys.readouterr().out


def test_editors_published_change_survives_a_rerun(seeded, capsys):
    aim = AimPage.objects.get(slug="reduce-health-inequalities")
    aim.summary = "An editor's better summary."
    aim.save_revision().publish()

    call_command("load_seed_content")

    aim.refresh_from_db()
    assert aim.summary == "An editor's better summary."
    assert "Left alone, changed in the admin since it was loaded: Reduce health inequalities" in (
        capsys.readouterr().out
    )


def test_editors_draft_survives_a_rerun(seeded):
    programme = ProgrammePage.objects.get(slug="information-and-technology")
    programme.summary = "A draft the editor is still writing."
    programme.save_revision()

    load_seed_content()

    programme.refresh_from_db()
    assert (
        programme.get_latest_revision_as_object().summary == "A draft the editor is still writing."
    )


def test_renamed_or_moved_page_is_not_duplicated(seeded):
    programme = ProgrammePage.objects.get(slug="one-leeds-workforce")
    programme.slug = "workforce"
    programme.save_revision().publish()
    load_seed_content()
    assert ProgrammePage.objects.filter(title="One Leeds workforce").count() == 1


def test_page_deleted_by_an_editor_is_not_brought_back(seeded):
    AimPage.objects.get(slug="create-wealth-to-improve-health").delete()
    outcomes = {outcome.key: outcome.action for outcome in load_seed_content()}
    assert outcomes["aim-wealth-and-health"] == "deleted"
    assert not AimPage.objects.filter(slug="create-wealth-to-improve-health").exists()


def test_corrected_seed_updates_only_pages_nobody_touched(seeded, monkeypatch):
    from home import seed, seed_content

    untouched = AimPage.objects.get(slug="improve-service-quality-and-efficiency")
    edited = AimPage.objects.get(slug="reduce-health-inequalities")
    edited.summary = "Edited in the admin."
    edited.save_revision().publish()

    corrected = []
    for spec in seed_content.PAGES:
        if spec.model == "aims.AimPage":
            spec = seed_content.SeedPage(
                spec.key, spec.model, spec.parent, {**spec.fields, "summary": "Corrected."}
            )
        corrected.append(spec)
    monkeypatch.setattr(seed, "PAGES", corrected)
    load_seed_content()

    untouched.refresh_from_db()
    edited.refresh_from_db()
    assert untouched.summary == "Corrected."
    assert untouched.live
    assert not untouched.has_unpublished_changes
    assert edited.summary == "Edited in the admin."


def test_loader_works_with_pages_editors_made_before_it_ran(root_page):
    from tests.factories import HomePageFactory

    home = HomePageFactory(parent=root_page, title="Our own home page")
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    outcomes = {outcome.key: outcome.action for outcome in load_seed_content()}
    assert outcomes["home"] == "exists"
    assert HomePage.objects.get().title == "Our own home page"
    assert AimIndexPage.objects.get().get_parent().pk == home.pk
    assert SeedRecord.objects.filter(key="home").count() == 0


# --- The strategy film -------------------------------------------------------------


def test_without_an_address_the_site_shows_its_own_film(seeded, client):
    film = Film.objects.get()
    assert film.live
    assert film.title == "Our strategy"
    assert film.is_self_hosted
    assert not film.has_sound
    assert HomePage.objects.get().film == film
    outcome = next(o for o in seeded if o.key == "film-strategy")
    assert outcome.action == "created"

    section = BeautifulSoup(client.get("/").content, "html.parser").find(class_="film-section")
    assert "Watch our short film, which explains our strategy." in section.get_text()
    assert "This film has no sound." in section.get_text()
    video = section.find("video")
    assert [source["type"] for source in video.find_all("source")] == ["video/mp4", "video/webm"]
    assert {track["kind"] for track in video.find_all("track")} == {"descriptions", "chapters"}
    for url in [video["poster"], *(tag["src"] for tag in video.find_all(["source", "track"]))]:
        assert client.get(url).status_code == 200, url
    # The transcript gives every word the film shows.
    transcript = normalise(section.find(class_="film__transcript").get_text(" "))
    assert "Innovation through collaboration" in transcript
    assert "Personalised medicine and health" in transcript


def test_film_sentence_appears_with_the_configured_film(db, client, transcript):
    empty_tree()
    load_seed_content(configured(transcript))
    film = Film.objects.get()
    assert film.live
    assert not film.video_file  # one source: the hosted film replaces the site's own
    assert film.poster is not None  # a title card made here, never the host's thumbnail
    assert film.poster.file.name.startswith("original_images/strategy-film-poster")
    assert "Narrator: Leeds works together." in film.transcript
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    section = soup.find(class_="film-section")
    assert section.find(attrs={"data-video-id": "dQw4w9WgXcQ"})
    assert "Watch our short film, which explains our strategy." in section.get_text()


def test_address_without_transcript_waits_as_a_draft_behind_the_sites_own_film(db, transcript):
    empty_tree()
    outcomes = load_seed_content(configured(transcript, transcript_path=""))
    film = Film.objects.get()
    assert film.live
    assert film.is_self_hosted  # visitors still get a film
    draft = film.get_latest_revision_as_object()
    assert draft.video_url == "https://youtu.be/dQw4w9WgXcQ"
    assert film.has_unpublished_changes
    note = next(o for o in outcomes if o.key == "film-strategy").note
    assert "a transcript (LAHP_STRATEGY_FILM_TRANSCRIPT" in note
    assert "keeps showing its own film" in note
    # Running again with the same configuration changes nothing.
    assert {o.action for o in load_seed_content(configured(transcript, transcript_path=""))} == {
        "unchanged"
    }


def test_configuring_the_film_later_publishes_it_in_place_of_the_sites_own(
    seeded, client, transcript
):
    outcomes = load_seed_content(configured(transcript))
    assert next(o for o in outcomes if o.key == "film-strategy").action == "updated"
    film = Film.objects.get()
    assert film.live
    assert film.hosted is not None
    assert b'data-video-id="dQw4w9WgXcQ"' in client.get("/").content
    assert {o.action for o in load_seed_content(configured(transcript))} == {"unchanged"}


def test_film_an_editor_changed_is_left_alone(db, transcript):
    empty_tree()
    load_seed_content(configured(transcript))
    film = Film.objects.get()
    film.title = "Our strategy, explained"
    film.save_revision().publish()
    outcomes = load_seed_content(configured(transcript, url="https://vimeo.com/76979871"))
    assert next(o for o in outcomes if o.key == "film-strategy").action == "edited"
    film.refresh_from_db()
    assert film.title == "Our strategy, explained"
    assert film.video_url == "https://youtu.be/dQw4w9WgXcQ"


def test_an_unusable_film_address_stops_the_loader_with_a_clear_message(db, capsys):
    from django.core.management.base import CommandError

    empty_tree()
    with pytest.raises(CommandError) as error:
        call_command("load_seed_content", "--film-url", "https://example.org/film")
    assert "Use a YouTube or Vimeo address" in str(error.value)
    assert not Page.objects.filter(depth__gt=1).exists()  # nothing half-loaded


def test_cookies_page_is_linked_from_every_footer(seeded, client):
    cookies = StandardPage.objects.get(slug="cookies")
    assert cookies.show_in_footer
    for url in ["/", "/aims/", "/programmes/one-leeds-workforce/"]:
        footer = BeautifulSoup(client.get(url).content, "html.parser").find("footer")
        assert footer.find("a", string="Cookies")["href"] == "/cookies/"
    page = BeautifulSoup(client.get("/cookies/").content, "html.parser")
    settings_block = page.find(attrs={"data-video-consent-settings": True})
    assert "lahp_video_consent" in settings_block.get_text()
    assert "1 year" in settings_block.get_text()


# --- Statutory pages -----------------------------------------------------------------


def test_statutory_pages_are_in_every_footer(seeded, client):
    footer = BeautifulSoup(client.get("/aims/").content, "html.parser").find("footer")
    links = {a.get_text(): a["href"] for a in footer.select(".footer-nav a")}
    assert links["Accessibility statement"] == "/accessibility-statement/"
    assert links["Privacy notice"] == "/privacy/"
    assert links["Cookies"] == "/cookies/"


def test_accessibility_statement_follows_the_public_sector_model(seeded, client):
    html = BeautifulSoup(client.get("/accessibility-statement/").content, "html.parser")
    headings = [h.get_text(strip=True) for h in html.find("main").find_all(["h2", "h3"])]
    for required in [
        "How accessible this website is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "How we tested this website",
        "Preparation of this accessibility statement",
    ]:
        assert required in headings
    text = html.find("main").get_text(" ")
    assert "WCAG" in text
    assert "2.2" in text
    assert "Equality Advisory and Support Service" in text
    assert "axe-core" in text  # the testing section says how the site is really tested
    assert "Prepared on" in text
    assert "Last reviewed on" in text


def test_statutory_pages_take_contact_details_from_settings(seeded, client):
    from wagtail.models import Site

    from home.models import SiteSettings

    page = client.get("/privacy/").content.decode()
    assert "Contact details will appear here once they are published." in page
    settings = SiteSettings.for_site(Site.objects.get())
    settings.contact_email = "hello@lahp.example"
    settings.save()
    for url in ["/privacy/", "/accessibility-statement/"]:
        main = BeautifulSoup(client.get(url).content, "html.parser").find("main")
        assert main.find("a", href="mailto:hello@lahp.example"), url


# --- Member organisations ------------------------------------------------------------

MEMBERS = Path(__file__).parent.parent / "data" / "members.md"


def test_members_from_public_sources_are_published_with_names_and_links_only(seeded, client):
    from home.models import Partner

    listed = [
        line[2:].split(", which")[0].strip()
        for line in MEMBERS.read_text(encoding="utf-8").splitlines()
        if line.startswith("- ")
    ]
    members = list(Partner.objects.members())
    assert [partner.name for partner in members] == listed
    assert all(partner.live for partner in Partner.objects.all())
    # No logos (they need permission), no descriptions nobody gave.
    assert not Partner.objects.exclude(logo=None).exists()
    assert not Partner.objects.exclude(description="").exists()
    named_in_2023 = set(Partner.objects.filter(is_member=False).values_list("name", flat=True))
    assert named_in_2023 == {
        "Leeds City College",
        "Leeds City Region Enterprise Partnership",
        "West Yorkshire Health and Care Partnership",
    }

    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert [li.get_text(strip=True) for li in home.select(".partner-names__item")] == listed
    members_page = BeautifulSoup(client.get("/members/").content, "html.parser")
    assert members_page.find("nav", attrs={"aria-label": "Main"}).find("a", href="/members/")
    lists = members_page.select("main ul.partner-list")
    assert [h.get_text(strip=True) for h in lists[0].select(".partner__name")] == listed
    # Organisations that are not members are listed apart, under their own heading.
    assert members_page.find(id="other-partners").get_text() == "Also working with the partnership"
    assert {h.get_text(strip=True) for h in lists[1].select(".partner__name")} == named_in_2023


def test_partner_an_editor_changed_or_deleted_is_left_alone(seeded):
    from home.models import Partner

    council = Partner.objects.get(name="Leeds City Council")
    council.website = "https://www.leeds.gov.uk/your-council"
    council.save_revision().publish()
    Partner.objects.get(name="Leeds City College").delete()
    outcomes = {outcome.key: outcome.action for outcome in load_seed_content()}
    assert outcomes["partner-leeds-city-council"] == "edited"
    assert outcomes["partner-leeds-city-college"] == "deleted"
    assert not Partner.objects.filter(name="Leeds City College").exists()
    council.refresh_from_db()
    assert council.website == "https://www.leeds.gov.uk/your-council"


# --- The site's address --------------------------------------------------------------


def test_the_site_address_follows_base_url_until_an_editor_sets_one(db, client, settings):
    empty_tree()
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8001"
    load_seed_content()
    html = BeautifulSoup(client.get("/aims/", HTTP_HOST="127.0.0.1:8001").content, "html.parser")
    assert html.find("link", rel="canonical")["href"] == "http://127.0.0.1:8001/aims/"
    assert html.find("meta", property="og:url")["content"] == "http://127.0.0.1:8001/aims/"

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    load_seed_content()
    site = Site.objects.get()
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)

    site.hostname, site.port = "www.lahp.example", 443
    site.save()
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8002"
    load_seed_content()
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("www.lahp.example", 443)


def _person(role: str):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    person = get_user_model().objects.create_user(role.lower(), f"{role.lower()}@lahp.example")
    person.groups.add(Group.objects.get(name=role))
    return person


def _seed_with(monkeypatch, changes: dict[str, dict]):
    """The seed as if its words had since been corrected: {key: {field: new value}}."""
    from home import seed, seed_content

    monkeypatch.setattr(
        seed,
        "PAGES",
        [
            replace(spec, fields={**spec.fields, **changes[spec.key]})
            if spec.key in changes
            else spec
            for spec in seed_content.PAGES
        ],
    )


def test_page_an_editor_unpublished_stays_unpublished_when_the_seed_changes(
    seeded, monkeypatch, client, capsys
):
    aim = AimPage.objects.get(slug="reduce-health-inequalities")
    # Unpublishing makes no revision: only the admin's history says it happened.
    aim.unpublish(user=_person("Publishers"))
    _seed_with(monkeypatch, {"aim-health-inequalities": {"summary": "Corrected."}})

    call_command("load_seed_content")

    aim.refresh_from_db()
    assert not aim.live
    assert client.get("/aims/reduce-health-inequalities/").status_code == 404
    output = capsys.readouterr().out
    assert (
        "Left alone, unpublished in the admin since it was loaded: Reduce health inequalities"
        in output
    )
    assert "Skipped 1, as editors left them: Reduce health inequalities" in output


def test_unpublished_page_stays_unpublished_when_the_seed_is_unchanged(seeded):
    aim = AimPage.objects.get(slug="reduce-health-inequalities")
    aim.unpublish(user=_person("Publishers"))

    outcomes = {outcome.key: outcome.action for outcome in load_seed_content()}

    aim.refresh_from_db()
    assert not aim.live
    assert outcomes["aim-health-inequalities"] == "unpublished"


def test_editors_title_and_body_survive_a_changed_seed(seeded, monkeypatch, client, capsys):
    editor = _person("Editors")
    programme = ProgrammePage.objects.get(slug="one-leeds-workforce")
    programme.title = "Our workforce"
    programme.summary = "The editor's words."
    programme.save_revision(user=editor).publish(user=_person("Publishers"))
    _seed_with(
        monkeypatch,
        {"programme-workforce": {"title": "Seed title", "summary": "The seed's new words."}},
    )

    call_command("load_seed_content")

    programme.refresh_from_db()
    assert (programme.title, programme.summary) == ("Our workforce", "The editor's words.")
    page = client.get(programme.url).content.decode()
    assert "The editor&#x27;s words." in page or "The editor's words." in page
    assert "The seed&#x27;s new words." not in page
    output = capsys.readouterr().out
    assert "Left alone, changed in the admin since it was loaded: Our workforce" in output
    assert "Skipped 1, as editors left them: Our workforce" in output


def test_page_an_editor_acted_on_without_a_revision_is_left_alone(seeded, monkeypatch):
    aim = AimPage.objects.get(slug="create-wealth-to-improve-health")
    # Locking (like moving or changing who may see a page) makes no revision.
    aim.locked, aim.locked_by = True, _person("Publishers")
    aim.save()
    PageLogEntry.objects.log_action(aim, "wagtail.lock", user=aim.locked_by)
    _seed_with(monkeypatch, {"aim-wealth-and-health": {"summary": "Corrected."}})

    outcomes = {outcome.key: outcome.action for outcome in load_seed_content()}

    aim.refresh_from_db()
    assert outcomes["aim-wealth-and-health"] == "touched"
    assert aim.summary != "Corrected."


def test_untouched_pages_still_follow_the_seed_beside_skipped_ones(seeded, monkeypatch, client):
    AimPage.objects.get(slug="reduce-health-inequalities").unpublish(user=_person("Publishers"))
    _seed_with(
        monkeypatch,
        {
            "aim-health-inequalities": {"summary": "Corrected."},
            "aim-service-quality": {"summary": "Corrected, and published."},
        },
    )

    outcomes = {outcome.key: outcome.action for outcome in load_seed_content()}

    assert outcomes["aim-service-quality"] == "updated"
    assert (
        "Corrected, and published."
        in client.get("/aims/improve-service-quality-and-efficiency/").content.decode()
    )
    assert outcomes["aim-health-inequalities"] == "unpublished"
