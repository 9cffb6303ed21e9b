"""The old site's known addresses: seeded redirects that lead partners' links to the new pages."""

import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect

from home.models import HomePage, SeedRecord
from home.seed import FilmSettings, load_seed_content
from programmes.models import ProgrammePage
from tests.conftest import empty_tree

OLD_ADDRESSES = {
    "/about-us/vision-and-purpose/": "/",
    "/projects/leeds-centre-personalised-medicine-health/": (
        "/programmes/personalised-medicine-and-health/"
    ),
    "/lahp-blog/one-leeds-workforce-the-role-of-the-leeds-health-and-care-academy/": (
        "/programmes/one-leeds-workforce/"
    ),
}


@pytest.fixture
def seeded(db):
    empty_tree()
    return load_seed_content(FilmSettings())


def redirect_outcomes(outcomes):
    return {o.key: o for o in outcomes if o.key.startswith("redirect-")}


@pytest.mark.parametrize(("old", "new"), OLD_ADDRESSES.items())
def test_each_known_old_address_moves_permanently_to_its_new_page(seeded, client, old, new):
    for address in (old, old.rstrip("/")):
        response = client.get(address)
        assert response.status_code == 301, address
        assert response["Location"] == new
        assert client.get(response["Location"]).status_code == 200


def test_an_old_address_with_a_query_string_still_redirects(seeded, client):
    response = client.get("/about-us/vision-and-purpose/?utm_source=newsletter")
    assert response.status_code == 301
    assert response["Location"] == "/"


def test_mixed_case_old_address_still_redirects(seeded, client):
    # The old site wrote its addresses in lower case; a link typed with capitals
    # still arrives, although Wagtail matches redirects by exact address.
    response = client.get("/About-Us/Vision-And-Purpose/")
    assert response.status_code == 301
    assert response["Location"] == "/"
    response = client.get("/Projects/Leeds-Centre-Personalised-Medicine-Health", follow=True)
    assert response.redirect_chain[-1] == ("/programmes/personalised-medicine-and-health/", 301)
    assert response.status_code == 200


def test_seeded_redirects_are_editable_permanent_redirects_to_pages(seeded):
    redirects = {r.old_path: r for r in Redirect.objects.select_related("redirect_page")}
    assert set(redirects) == {old.rstrip("/") for old in OLD_ADDRESSES}
    for redirect in redirects.values():
        assert redirect.is_permanent
        assert redirect.site is None  # every site the partnership runs
        assert redirect.redirect_page is not None  # follows the page, not a fixed address
        assert redirect.redirect_link == ""
    assert (
        redirects["/about-us/vision-and-purpose"].redirect_page.specific == HomePage.objects.get()
    )


def test_loader_reports_the_redirects_it_made(db, capsys):
    empty_tree()
    call_command("load_seed_content")
    out = capsys.readouterr().out
    assert (
        "Created and published: Redirect from /projects/leeds-centre-personalised-medicine-health/"
        " to Personalised medicine and health (/programmes/personalised-medicine-and-health/)"
    ) in out


def test_a_redirect_follows_its_page_when_the_page_moves(seeded, client):
    programme = ProgrammePage.objects.get(slug="personalised-medicine-and-health")
    programme.slug = "personalised-medicine"
    programme.save_revision().publish()
    response = client.get("/projects/leeds-centre-personalised-medicine-health/")
    assert response["Location"] == "/programmes/personalised-medicine/"


def test_second_run_duplicates_no_redirect(seeded):
    outcomes = redirect_outcomes(load_seed_content(FilmSettings()))
    assert {o.action for o in outcomes.values()} == {"unchanged"}
    assert Redirect.objects.count() == 3
    assert SeedRecord.objects.filter(redirect__isnull=False).count() == 3


def test_an_editors_change_to_a_seeded_redirect_survives_a_rerun(seeded, client):
    redirect = Redirect.objects.get(old_path="/about-us/vision-and-purpose")
    redirect.redirect_page = ProgrammePage.objects.get(slug="one-leeds-workforce")
    redirect.is_permanent = False
    redirect.save()

    outcome = redirect_outcomes(load_seed_content())["redirect-vision-and-purpose"]

    assert outcome.action == "edited"
    assert outcome.describe().startswith("Left alone, changed in the admin since it was loaded")
    response = client.get("/about-us/vision-and-purpose/")
    assert response.status_code == 302
    assert response["Location"] == "/programmes/one-leeds-workforce/"


def test_a_seeded_redirect_an_editor_deleted_is_not_recreated(seeded, client):
    Redirect.objects.get(old_path="/about-us/vision-and-purpose").delete()

    outcome = redirect_outcomes(load_seed_content())["redirect-vision-and-purpose"]

    assert outcome.action == "deleted"
    assert not Redirect.objects.filter(old_path="/about-us/vision-and-purpose").exists()
    assert client.get("/about-us/vision-and-purpose/").status_code == 404


def test_redirect_to_a_deleted_page_is_skipped_and_says_why(db):
    empty_tree()
    load_seed_content()
    ProgrammePage.objects.get(slug="one-leeds-workforce").delete()  # takes its redirect with it

    outcome = redirect_outcomes(load_seed_content())["redirect-one-leeds-workforce"]

    assert outcome.action == "no_target"
    assert "the page it leads to is missing" in outcome.describe()
    assert Redirect.objects.count() == 2


def test_first_run_without_the_target_page_creates_no_redirect(db):
    empty_tree()
    load_seed_content()
    # As if the loader met this seed for the first time after the page had gone.
    SeedRecord.objects.filter(key="redirect-personalised-medicine").delete()
    ProgrammePage.objects.get(slug="personalised-medicine-and-health").delete()

    outcome = redirect_outcomes(load_seed_content())["redirect-personalised-medicine"]

    assert outcome.action == "no_target"
    assert not Redirect.objects.filter(old_path__startswith="/projects/").exists()


def test_a_redirect_editors_made_for_the_same_address_is_left_alone(db, client):
    empty_tree()
    load_seed_content()
    SeedRecord.objects.filter(key__startswith="redirect-").delete()
    Redirect.objects.all().delete()
    Redirect.add_redirect("/about-us/vision-and-purpose/", "https://example.org/about/")

    outcome = redirect_outcomes(load_seed_content())["redirect-vision-and-purpose"]

    assert outcome.action == "redirect_exists"
    assert Redirect.objects.filter(old_path="/about-us/vision-and-purpose").count() == 1
    assert client.get("/about-us/vision-and-purpose/")["Location"] == "https://example.org/about/"


def test_corrected_seed_updates_an_untouched_redirect(seeded, monkeypatch):
    from home import seed, seed_content

    corrected = [
        seed_content.SeedRedirect(spec.key, spec.old_path, "programmes")
        if spec.key == "redirect-vision-and-purpose"
        else spec
        for spec in seed_content.REDIRECTS
    ]
    monkeypatch.setattr(seed, "REDIRECTS", corrected)

    outcome = redirect_outcomes(load_seed_content())["redirect-vision-and-purpose"]

    assert outcome.action == "updated"
    redirect = Redirect.objects.get(old_path="/about-us/vision-and-purpose")
    assert redirect.redirect_page.url == "/programmes/"
    assert {o.action for o in redirect_outcomes(load_seed_content()).values()} == {"unchanged"}


def test_the_guides_example_file_imports_through_the_admin(seeded, admin_client, client):
    # The CSV example in docs/editors.md, imported as the guide says.
    guide = (Path(__file__).parents[2] / "docs" / "editors.md").read_text()
    example = guide.split("## Redirects", 1)[1].split("```csv\n", 1)[1].split("```", 1)[0]
    csv_file = SimpleUploadedFile("redirects.csv", textwrap.dedent(example).encode())

    confirm = admin_client.post(reverse("wagtailredirects:start_import"), {"import_file": csv_file})
    html = BeautifulSoup(confirm.content, "html.parser")
    form = {field["name"]: field.get("value", "") for field in html.select("form input[name]")}
    form.update({"from_index": "0", "to_index": "1", "permanent": "on", "site": ""})
    admin_client.post(reverse("wagtailredirects:process_import"), form)

    response = client.get("/lahp-blog/an-old-post/")
    assert response.status_code == 301
    assert response["Location"] == "https://www.example.org/programmes/one-leeds-workforce/"
    assert Redirect.objects.count() == 3 + 2
