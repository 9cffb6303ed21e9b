"""The site's identity drawn as pictures: the strategy film's cards and pages' share cards.

Only Pillow's bundled font (Aileron Regular) is used, so a card comes out the
same on every machine; a heavier weight is faked with a stroke in the text's
own colour. The colours are the stylesheet's.
"""

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

BRAND = "#003087"  # the background of every card
WHITE = "#ffffff"  # text on brand blue: 12.6:1
# Rules and small labels on brand blue: 5.1:1, so it passes as text too.
ACCENT = "#41b6e6"
DARK_TEXT = "#212b32"  # text on LIGHT: 13.7:1
LIGHT = "#f0f4f5"

FILM_SIZE = (1280, 720)
SHARE_CARD_SIZE = (1200, 630)

# Characters the bundled font has no glyph for, and what to draw instead.
_STAND_INS = {"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "×": "x", "\u00a0": " "}
# Below this the words would be unreadable; wrap() cuts the text short rather than go smaller.
_SMALLEST_SIZE = 8
LINE_SPACING = 1.2


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@lru_cache(maxsize=64)
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=max(1, size))


@lru_cache(maxsize=512)
def _has_glyph(character: str) -> bool:
    sample = font(40)
    return character.isspace() or bytes(sample.getmask(character)) != bytes(
        sample.getmask("\ue000")  # a private-use character: the font's "missing glyph" box
    )


def displayable(text: str) -> str:
    """The text with any character the font cannot draw replaced by its nearest look-alike."""
    out = []
    for character in text:
        character = _STAND_INS.get(character, character)
        if not _has_glyph(character):
            # "é" becomes "e"; anything with no plain form is dropped, never drawn as a box.
            character = "".join(
                c for c in unicodedata.normalize("NFKD", character) if _has_glyph(c)
            )
        out.append(character)
    return "".join(out)


def stroke_for(size: int, bold: bool) -> int:
    return max(1, round(size / 50)) if bold else 0


def text_width(text: str, type_font: ImageFont.FreeTypeFont, stroke: int = 0) -> float:
    return type_font.getlength(text) + 2 * stroke


def wrap(
    text: str, type_font: ImageFont.FreeTypeFont, max_width: float, stroke: int = 0
) -> list[str]:
    """Break text into lines no wider than max_width, between words where it can."""
    lines: list[str] = []
    for paragraph in displayable(text).split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, type_font, stroke) <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            # A word longer than the line is broken wherever it must be.
            while text_width(word, type_font, stroke) > max_width and len(word) > 1:
                cut = _longest_prefix(word, type_font, max_width, stroke)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _longest_prefix(word: str, type_font, max_width: float, stroke: int) -> int:
    """How many of the word's first characters fit max_width (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(word[:middle], type_font, stroke) <= max_width:
            low = middle
        else:
            high = middle - 1
    return low


@dataclass(frozen=True)
class TextBlock:
    """A run of text to set in a box: its largest size, its weight and its colour."""

    text: str
    size: int
    bold: bool = False
    colour: str = WHITE
    space_after: float = 0.5  # of the size; the gap before the next block


@dataclass(frozen=True)
class SetBlock:
    block: TextBlock
    font: ImageFont.FreeTypeFont
    size: int
    stroke: int
    lines: list[str]

    @property
    def line_height(self) -> int:
        return round(self.size * LINE_SPACING)

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)

    @property
    def gap(self) -> int:
        return round(self.size * self.block.space_after)


def fit(blocks: list[TextBlock], max_width: float, max_height: float) -> list[SetBlock]:
    """Set the blocks as large as they will go, keeping their proportions, within the box.

    Shrinks every block together until all of them fit; at the smallest size,
    text that still does not fit is cut short with an ellipsis. Never overflows.
    """
    blocks = [block for block in blocks if block.text.strip()]
    if not blocks:
        return []
    largest = max(block.size for block in blocks)

    def attempt(size: int) -> list[SetBlock]:
        return [_set(block, round(block.size * size / largest), max_width) for block in blocks]

    best = attempt(largest)
    if _height(best) <= max_height:
        return best
    # The size at which the smallest block reaches the smallest readable size.
    smallest = min(largest, math.ceil(_SMALLEST_SIZE * largest / min(b.size for b in blocks)))
    if _height(attempt(smallest)) > max_height:
        return _cut_to_height(attempt(smallest), max_width, max_height)
    # The largest size that fits, found by halving: it fits at `low`, not at `high`.
    low, high = smallest, largest
    while high - low > 1:
        middle = (low + high) // 2
        if _height(attempt(middle)) <= max_height:
            low = middle
        else:
            high = middle
    return attempt(low)


def _set(block: TextBlock, size: int, max_width: float) -> SetBlock:
    size = max(1, size)
    type_font, stroke = font(size), stroke_for(size, block.bold)
    return SetBlock(block, type_font, size, stroke, wrap(block.text, type_font, max_width, stroke))


def _height(set_blocks: list[SetBlock]) -> int:
    if not set_blocks:
        return 0
    return sum(s.height + s.gap for s in set_blocks) - set_blocks[-1].gap


def _cut_to_height(set_blocks: list[SetBlock], max_width: float, max_height: float):
    kept, used = [], 0
    for s in set_blocks:
        room = int((max_height - used) // s.line_height)
        if room <= 0:
            break
        lines = s.lines
        if len(lines) > room:
            lines = lines[:room]
            last = lines[-1]
            while last and text_width(last + "…", s.font, s.stroke) > max_width:
                last = last[:-1]
            lines[-1] = last.rstrip() + "…"
        kept.append(SetBlock(s.block, s.font, s.size, s.stroke, lines))
        used += s.line_height * len(lines) + s.gap
    return kept


def draw_blocks(draw: ImageDraw.ImageDraw, xy: tuple[float, float], set_blocks) -> float:
    """Draw set blocks from the top-left corner xy; returns the y below the last line."""
    x, y = xy
    for s in set_blocks:
        for line in s.lines:
            draw.text(
                (x + s.stroke, y),
                line,
                font=s.font,
                fill=s.block.colour,
                stroke_width=s.stroke,
                stroke_fill=s.block.colour,
            )
            y += s.line_height
        y += s.gap
    return y - (set_blocks[-1].gap if set_blocks else 0)


def draw_text_in_box(draw, box: tuple[float, float, float, float], blocks, valign="top"):
    """Fit the blocks into box (left, top, right, bottom) and draw them there."""
    left, top, right, bottom = box
    set_blocks = fit(blocks, right - left, bottom - top)
    height = _height(set_blocks)
    if valign == "middle":
        top += (bottom - top - height) / 2
    elif valign == "bottom":
        top = bottom - height
    return draw_blocks(draw, (left, top), set_blocks)


def draw_accent_bar(draw, xy: tuple[float, float], width: float, height: float) -> None:
    x, y = xy
    draw.rectangle((x, y, x + width - 1, y + max(1, height) - 1), fill=ACCENT)


def draw_wordmark(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    site_name: str,
    size: int,
    colour: str = WHITE,
) -> float:
    """The wordmark: a short accent bar, the first word large, the rest of the name below it.

    "Leeds" over "Academic Health Partnership". size is the large word's; returns
    the y below the wordmark.
    """
    x, y = xy
    first, _, rest = displayable(site_name).strip().partition(" ")
    draw_accent_bar(draw, (x, y), width=size * 1.1, height=size * 0.09)
    y += size * 0.3
    large = font(size)
    stroke = stroke_for(size, bold=True)
    # Set by its cap height, so the bar-to-letter gap looks the same at any size.
    top_of_caps = large.getbbox(first or "L", anchor="ls")[1]
    baseline = y - top_of_caps
    draw.text(
        (x, baseline),
        first,
        font=large,
        fill=colour,
        anchor="ls",
        stroke_width=stroke,
        stroke_fill=colour,
    )
    y = baseline + large.getmetrics()[1]
    if rest:
        small_size = max(1, round(size * 0.4))
        small = font(small_size)
        baseline = y + small_size * 0.2 - small.getbbox("A", anchor="ls")[1]
        draw.text((x + stroke, baseline), rest, font=small, fill=colour, anchor="ls")
        y = baseline + small.getmetrics()[1]
    return y


def wordmark_size_to_fit(site_name: str, size: int, max_width: float) -> int:
    """The largest wordmark size (at most size) whose two lines fit max_width."""
    first, _, rest = displayable(site_name).strip().partition(" ")
    while size > _SMALLEST_SIZE:
        wide = max(
            text_width(first, font(size), stroke_for(size, True)),
            text_width(rest, font(round(size * 0.4))) if rest else 0,
        )
        if wide <= max_width:
            break
        size -= 1
    return size


def _canvas(size: tuple[int, int]) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", size, BRAND)
    return image, ImageDraw.Draw(image)


def film_card(
    *,
    label: str,
    heading: str = "",
    body: str = "",
    lead: str = "",
    site_name: str,
    style: str = "content",
    size: tuple[int, int] = FILM_SIZE,
) -> Image.Image:
    """One card of the strategy film.

    Styles: "title" (the wordmark large, then the heading), "statement" (a
    short lead line, then the heading large), "content" (a heading, then the
    body) and "closing" (the heading, then the wordmark large).
    """
    width, height = size
    unit = width / FILM_SIZE[0]  # every measurement is for 1280 px wide, scaled
    margin = 96 * unit
    image, draw = _canvas(size)
    right = width - margin

    # The part of the film this card belongs to, top left.
    draw_accent_bar(draw, (margin, 64 * unit), 64 * unit, 6 * unit)
    label_bottom = draw_text_in_box(
        draw,
        (margin, 84 * unit, right, 140 * unit),
        [TextBlock(label, round(30 * unit), colour=ACCENT)],
    )

    if style == "title":
        mark = wordmark_size_to_fit(site_name, round(150 * unit), right - margin)
        bottom = draw_wordmark(draw, (margin, 210 * unit), site_name, mark)
        draw_text_in_box(
            draw,
            (margin, bottom + 48 * unit, right, height - 72 * unit),
            [TextBlock(heading, round(84 * unit), bold=True, colour=ACCENT)],
        )
        return image

    if style == "closing":
        draw_text_in_box(
            draw,
            (margin, label_bottom + 60 * unit, right, 330 * unit),
            [TextBlock(heading, round(64 * unit), bold=True)],
            valign="bottom",
        )
        mark = wordmark_size_to_fit(site_name, round(120 * unit), right - margin)
        draw_wordmark(draw, (margin, 400 * unit), site_name, mark)
        return image

    if style == "statement":
        blocks = [
            TextBlock(lead, round(44 * unit), space_after=0.6),
            TextBlock(heading, round(92 * unit), bold=True),
        ]
    else:
        blocks = [
            TextBlock(lead, round(40 * unit), space_after=0.5),
            TextBlock(heading, round(60 * unit), bold=True, space_after=0.6),
            TextBlock(body, round(42 * unit)),
        ]
    footer_top = height - 120 * unit
    draw_text_in_box(
        draw,
        (margin, label_bottom + 36 * unit, right, footer_top - 36 * unit),
        blocks,
        valign="middle",
    )
    # The site's name, small, at the foot of every card in between.
    draw_text_in_box(
        draw,
        (margin, footer_top + 40 * unit, right, height - 40 * unit),
        [TextBlock(site_name, round(26 * unit))],
    )
    return image


def share_card(title: str, section: str, site_name: str) -> Image.Image:
    """A page's picture for social media and messages: the wordmark, its section and title.

    Always exactly 1200 × 630, however long the title.
    """
    width, height = SHARE_CARD_SIZE
    margin = 80
    image, draw = _canvas(SHARE_CARD_SIZE)
    mark = wordmark_size_to_fit(site_name, 64, width - 2 * margin)
    top = draw_wordmark(draw, (margin, 64), site_name, mark) + 48
    band = 16  # an accent band along the foot
    draw.rectangle((0, height - band, width - 1, height - 1), fill=ACCENT)
    draw_text_in_box(
        draw,
        (margin, top, width - margin, height - band - 56),
        [
            TextBlock(section, 34, colour=ACCENT, space_after=0.6),
            TextBlock(title, 72, bold=True),
        ],
        valign="bottom",
    )
    return image
