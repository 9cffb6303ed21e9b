"""The seed loader: builds the site from the old page's words, and never fights editors."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command

from wagtail.models import Page, Site

from aims.models import AimIndexPage, AimPage
from home.models import HomePage, SeedRecord
from home.seed import load_seed_content
from programmes.models import ProgrammeIndexPage, ProgrammePage
from tests.conftest import empty_tree

CAPTURE = Path(__file__).parent.parent / "data" / "vision-and-purpose.txt"

# Lines of the capture that are not page content (see the seed's README).
NOT_CONTENT = {
    "Mobile Menu Icon",  # the old menu image's alt text
    # The film's address was not captured; the strategy film feature shows this
    # sentence with the film once an address is configured.
    "Watch our short film here which explains our strategy.",
}
# Where an editor would change the words, the new wording is what must appear.
EDITS = {
    # A slip in the original.
    "how they can to care for themselves": "how they can care for themselves",
    # The list after "we're:" was lost, so the sentence is completed, not left hanging.
    "Harnessing the power of data, information and cutting-edge technology, we're": (
        "We're harnessing the power of data, information and cutting-edge technology"
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
    return load_seed_content()


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
    assert [p.title for p in home.get_children()] == ["Our aims", "Our programmes"]
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
    outcomes = load_seed_content()
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
