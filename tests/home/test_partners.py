"""Partner organisations: editors add them, visitors see only the published ones."""

import pytest
from bs4 import BeautifulSoup

from django.core.exceptions import ValidationError

from tests.factories import PartnerFactory, ProgrammePageFactory, StandardPageFactory


@pytest.fixture
def partners_page(home_page):
    return StandardPageFactory(
        parent=home_page, title="Our partners", slug="partners", body=[("partner_list", None)]
    )


def test_programme_lists_the_partners_that_deliver_it(client, programme_index):
    trust = PartnerFactory(name="Leeds Teaching Hospitals NHS Trust")
    university = PartnerFactory(name="University of Example", partner_type="university")
    PartnerFactory(name="A partner not on this programme")
    programme = ProgrammePageFactory(parent=programme_index, partners=[trust, university])

    html = BeautifulSoup(client.get(programme.url).content, "html.parser")
    section = html.find(id="related-partners").find_parent("section")
    names = [h.get_text(strip=True) for h in section.select(".partner__name")]
    assert names == ["Leeds Teaching Hospitals NHS Trust", "University of Example"]
    assert section.find("a", href=trust.website)
    logo = section.find("img")
    assert logo["alt"] == "Leeds Teaching Hospitals NHS Trust"
    assert "University" in section.get_text()


def test_a_draft_partner_is_not_shown_anywhere(client, programme_index, partners_page):
    draft = PartnerFactory(name="Not yet signed up", live=False)
    live = PartnerFactory(name="Signed up")
    programme = ProgrammePageFactory(parent=programme_index, partners=[draft, live])
    for url in [programme.url, partners_page.url, "/"]:
        page = client.get(url).content.decode()
        assert "Not yet signed up" not in page, url
        assert "Signed up" in page, url


def test_partners_page_lists_every_live_partner_in_the_editors_order(client, partners_page):
    PartnerFactory(name="Second", sort_order=2)
    PartnerFactory(name="First", sort_order=1)
    html = BeautifulSoup(client.get(partners_page.url).content, "html.parser")
    assert [h.get_text(strip=True) for h in html.select(".partner__name")] == ["First", "Second"]


def test_partners_page_says_so_when_there_are_none_yet(client, partners_page):
    assert (
        "There are no partner organisations to show yet."
        in client.get(partners_page.url).content.decode()
    )


def test_a_logo_needs_alt_text(db):
    partner = PartnerFactory.build(logo=PartnerFactory().logo, logo_alt_text="")
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "logo_alt_text" in error.value.message_dict


def test_partner_types_match_the_partnership(db):
    from home.models import Partner

    assert [label for _, label in Partner.Type.choices] == [
        "NHS trust",
        "NHS organisation",
        "University",
        "Council",
        "College",
        "Regional partner",
    ]
