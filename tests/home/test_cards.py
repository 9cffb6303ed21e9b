"""The site's identity drawn as pictures: readable colours, and words that always fit."""

import pytest
from PIL import Image

from home import cards
from home.seed_content import SITE_NAME

LONG_TITLE = "Personalised medicine and health for everyone in Leeds " * 8


@pytest.mark.parametrize(
    ("text", "background", "least"),
    [
        (cards.WHITE, cards.BRAND, 4.5),
        # Labels are small text in the accent colour, so they need 4.5:1 too.
        (cards.ACCENT, cards.BRAND, 4.5),
        (cards.DARK_TEXT, cards.LIGHT, 4.5),
    ],
)
def test_palette_meets_wcag_aa_contrast(text, background, least):
    assert cards.contrast_ratio(text, background) >= least


def test_contrast_ratio_matches_wcag_reference_values():
    assert cards.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert cards.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_wrapped_lines_never_run_wider_than_the_box():
    font = cards.font(40)
    for text in [LONG_TITLE, "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3, "a"]:
        lines = cards.wrap(text, font, 300)
        assert all(cards.text_width(line, font) <= 300 for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("text", ["Our aims", LONG_TITLE, LONG_TITLE * 5])
def test_fitted_text_shrinks_to_stay_inside_its_box(text):
    blocks = [cards.TextBlock(text, 72, bold=True)]
    fitted = cards.fit(blocks, max_width=600, max_height=200)
    height = sum(s.height for s in fitted)
    assert height <= 200
    for s in fitted:
        assert all(cards.text_width(line, s.font, s.stroke) <= 600 for line in s.lines)
    if text == "Our aims":
        assert fitted[0].size == 72  # short text keeps its full size


def test_characters_the_font_lacks_are_drawn_as_look_alikes():
    assert cards.displayable("Health – and care — café") == "Health - and care - cafe"
    assert cards.displayable("We’re ‘one Leeds’ · 2 of 3") == "We’re ‘one Leeds’ · 2 of 3"


@pytest.mark.parametrize(
    ("title", "section"),
    [
        ("One Leeds workforce", "Our programmes"),
        (LONG_TITLE * 4, "Our programmes"),
        ("", ""),
        ("X" * 400, "Y" * 200),
    ],
)
def test_share_card_is_always_1200_by_630(title, section):
    image = cards.share_card(title, section, SITE_NAME)
    assert image.size == (1200, 630)
    assert image.mode == "RGB"


def test_share_card_shows_words_on_the_brand_colour():
    image = cards.share_card("One Leeds workforce", "Our programmes", SITE_NAME)
    colours = {colour for _, colour in image.getcolors(maxcolors=1_000_000)}
    assert Image.new("RGB", (1, 1), cards.BRAND).getpixel((0, 0)) in colours
    assert (255, 255, 255) in colours  # the wordmark and the title


@pytest.mark.parametrize("size", [(1280, 720), (320, 180)])
def test_film_cards_are_drawn_at_the_size_asked(size):
    image = cards.film_card(
        label="Our aims · 2 of 3",
        heading="Reduce health inequalities",
        body=LONG_TITLE,
        site_name=SITE_NAME,
        size=size,
    )
    assert image.size == size
