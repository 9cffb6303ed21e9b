"""The home page's first screen, in Chromium: who the partnership is, at a glance."""

import pytest

pytestmark = pytest.mark.browser

FIRST_SCREENS = [(1280, 800), (375, 812)]


def in_first_screen(page, locator, height) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("size", FIRST_SCREENS, ids=["desktop", "phone"])
def test_first_screen_says_who_the_partnership_is_and_offers_the_film(open_page, size):
    width, height = size
    page = open_page("/", width=width, height=height)
    heading = page.locator("h1")
    assert heading.inner_text() == "Leeds Academic Health Partnership"
    checks = {
        "the name": heading,
        "who it is": page.get_by_text("We are a partnership of NHS organisations"),
        "its vision": page.locator(".hero__vision", has_text="Our vision is that the people"),
        "its motto": page.locator(".motto", has_text="Innovation through collaboration"),
    }
    if width >= 1024:
        checks["the film itself"] = page.locator("video")
    else:
        checks["a way to the film"] = page.get_by_role("link", name="Watch our short film")
    hidden = [
        name for name, locator in checks.items() if not in_first_screen(page, locator, height)
    ]
    assert hidden == [], f"not on the first screen at {width}×{height}"


def test_phone_link_to_the_film_takes_the_visitor_to_it(open_page):
    page = open_page("/", width=375, height=812)
    page.get_by_role("link", name="Watch our short film").click()
    # The page scrolls (smoothly, unless the visitor prefers less motion) to the film.
    page.wait_for_function(
        """() => { const box = document.querySelector('.hero__film h2').getBoundingClientRect();
                   return box.top >= 0 && box.bottom <= window.innerHeight; }"""
    )
    assert page.evaluate("location.hash") == "#" + page.locator(".hero__film h2").get_attribute(
        "id"
    )


def test_wide_screens_use_the_width_aims_in_a_row_programmes_in_a_grid(open_page):
    page = open_page("/")
    aims = [card.bounding_box() for card in page.locator("ol.teaser-list .teaser").all()]
    assert len(aims) == 3
    assert len({round(box["y"]) for box in aims}) == 1, "the three aims share one row"
    programmes = [
        card.bounding_box() for card in page.locator("ul.teaser-list--grid .teaser").all()
    ]
    assert len(programmes) == 4
    assert len({round(box["x"]) for box in programmes}) == 2, "two columns"
    assert len({round(box["y"]) for box in programmes}) == 2, "two rows"
