"""The strategy film's script, built from the seed content: its cards, timings and tracks.

The film has no sound: it shows the strategy's own words on cards, one at a
time. How long each card stays on screen comes from how long its words take
to read. Rendering the script into video (manage.py render_strategy_film)
needs PyAV; nothing here does.
"""

import hashlib
import json
import math
import re
from dataclasses import asdict, dataclass
from html import unescape
from pathlib import Path

from home.seed_content import PAGES, SITE_NAME, STRATEGY_FILM

# Bump when the way cards are drawn or encoded changes, so the committed film
# is known to be out of date.
RENDERER_VERSION = 2

# Reading pace: about a fluent reader's (210 words a minute), which the
# strategy's 277 words need to fit the film in two minutes. Anyone who reads
# more slowly, in a second language for example, has the player's pause
# button, the chapters and the transcript on the same page.
WORDS_PER_SECOND = 3.5
SECONDS_TO_TAKE_IN_A_CARD = 1.5
SHORTEST_CARD_SECONDS = 4.0
SHORTEST_FILM_SECONDS, LONGEST_FILM_SECONDS = 60, 120
# A purpose longer than this many words is split between cards at a sentence.
MOST_WORDS_ON_A_CARD = 45

FILES_DIRECTORY = Path(__file__).resolve().parent / "seed_files" / "strategy-film"
VIDEO_NAME = "strategy-film.mp4"
WEBM_NAME = "strategy-film.webm"
POSTER_NAME = "strategy-film-poster.png"
CHAPTERS_NAME = "strategy-film-chapters.vtt"
DESCRIPTIONS_NAME = "strategy-film-descriptions.vtt"
TRANSCRIPT_NAME = "strategy-film-transcript.txt"
MANIFEST_NAME = "manifest.json"

VISION, AIMS, PROGRAMMES = "Our vision", "Our aims", "Our programmes"
NO_SOUND = "This film has no sound. It shows the words below on screen, one card at a time."


@dataclass(frozen=True)
class Card:
    """One card of the film: which chapter it is in, and the words it shows."""

    chapter: str
    label: str  # which part of the film it is, e.g. "Our aims · 2 of 3"
    style: str  # how it is laid out: see home.cards.film_card
    heading: str = ""
    body: str = ""
    lead: str = ""  # a short line before the heading, e.g. "Or, put simply:"

    @property
    def paragraphs(self) -> list[str]:
        """The card's words as a reader meets them, one paragraph per line of thought."""
        paragraphs: list[str] = []
        for part in (self.lead, self.heading, self.body):
            if not part:
                continue
            # A line ending in a colon leads into the words after it.
            if paragraphs and paragraphs[-1].endswith(":"):
                paragraphs[-1] += f" {part}"
            else:
                paragraphs.append(part)
        return paragraphs

    @property
    def word_count(self) -> int:
        return sum(len(paragraph.split()) for paragraph in self.paragraphs)

    @property
    def seconds(self) -> float:
        """How long the card stays on screen, to a tenth of a second."""
        reading = SECONDS_TO_TAKE_IN_A_CARD + self.word_count / WORDS_PER_SECOND
        return max(SHORTEST_CARD_SECONDS, math.ceil(reading * 10) / 10)


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def _fields(key: str) -> dict:
    for page in PAGES:
        if page.key == key:
            return page.fields
    raise LookupError(f"The seed content has no page with the key {key!r}.")


def _plain(text: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z‘“])", _plain(text))


def _share_out(sentences: list[str]) -> list[str]:
    """Sentences grouped into as few cards as keep each to a comfortable number of words."""
    groups: list[str] = []
    for sentence in sentences:
        if groups and len(f"{groups[-1]} {sentence}".split()) <= MOST_WORDS_ON_A_CARD:
            groups[-1] = f"{groups[-1]} {sentence}"
        else:
            groups.append(sentence)
    return groups


def _numbered(chapter: str, cards: list[dict]) -> list[Card]:
    total = len(cards)
    return [
        Card(chapter=chapter, label=f"{chapter} · {n} of {total}", **card)
        for n, card in enumerate(cards, start=1)
    ]


def _children(parent_prefix: str) -> list[dict]:
    return [
        {"heading": _plain(page.fields["title"]), "body": _plain(page.fields["summary"])}
        for page in PAGES
        if page.key.startswith(parent_prefix)
    ]


def script(site_name: str = SITE_NAME) -> list[Card]:
    """Every card of the film, in order, with the seed content's words."""
    home, aims, programmes = _fields("home"), _fields("aims"), _fields("programmes")

    purpose_cards = [
        {"style": "content", "body": part} for part in _share_out(_sentences(home["purpose"]))
    ]
    # The purpose's introduction leads into its first card only.
    purpose_cards[0]["lead"] = _plain(home["purpose_intro"])
    vision_cards = [
        {"style": "content", "heading": _plain(home["vision"])},
        *purpose_cards,
        {
            "style": "statement",
            "lead": _plain(home["tagline_intro"]),
            "heading": _plain(home["tagline"]),
        },
    ]
    aim_cards = [{"style": "content", **aim} for aim in _children("aim-")]
    programme_cards = [{"style": "content", **item} for item in _children("programme-")]

    return [
        Card(
            chapter=VISION,
            label="A short film with no sound",
            style="title",
            lead=site_name,
            heading=STRATEGY_FILM.title,
        ),
        *_numbered(VISION, vision_cards),
        Card(chapter=AIMS, label=AIMS, style="statement", heading=_plain(aims["intro"])),
        *_numbered(AIMS, aim_cards),
        Card(
            chapter=PROGRAMMES,
            label=PROGRAMMES,
            style="statement",
            heading=_plain(programmes["intro"]),
        ),
        *_numbered(PROGRAMMES, programme_cards),
        Card(
            chapter=PROGRAMMES,
            label=STRATEGY_FILM.title,
            style="closing",
            heading=_plain(programmes["teaser_link_text"]),
            body=site_name,
        ),
    ]


def timeline(cards: list[Card]) -> list[Cue]:
    """When each card is on screen. Cards change with a cut: a fade would redraw every
    pixel for many frames, more than doubling the file for no gain in reading."""
    cues, start = [], 0.0
    for card in cards:
        end = round(start + card.seconds, 1)
        cues.append(Cue(start, end, "\n".join(card.paragraphs)))
        start = end
    return cues


def duration(cards: list[Card]) -> float:
    return timeline(cards)[-1].end


def check_length(cards: list[Card]) -> float:
    seconds = duration(cards)
    if not SHORTEST_FILM_SECONDS <= seconds <= LONGEST_FILM_SECONDS:
        raise ValueError(
            f"The film would last {seconds:.1f} seconds; it must last between "
            f"{SHORTEST_FILM_SECONDS} and {LONGEST_FILM_SECONDS}. Change WORDS_PER_SECOND "
            "in home/strategy_film.py."
        )
    return seconds


def chapters(cards: list[Card]) -> list[Cue]:
    """The film's chapters: consecutive runs of cards in the same chapter."""
    result: list[Cue] = []
    for card, cue in zip(cards, timeline(cards), strict=True):
        if result and result[-1].text == card.chapter:
            result[-1] = Cue(result[-1].start, cue.end, card.chapter)
        else:
            result.append(Cue(cue.start, cue.end, card.chapter))
    return result


def descriptions(cards: list[Card]) -> list[Cue]:
    """A text description of each card, for the film's "descriptions" track."""
    return [
        Cue(cue.start, cue.end, "\n".join([card.label, *card.paragraphs]))
        for card, cue in zip(cards, timeline(cards), strict=True)
    ]


def transcript(cards: list[Card]) -> str:
    paragraphs = [NO_SOUND] + [paragraph for card in cards for paragraph in card.paragraphs]
    return "\n\n".join(paragraphs) + "\n"


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _vtt_text(text: str) -> str:
    # A cue's text may not hold "-->" or a blank line, and & < > are markup.
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(line for line in text.split("\n") if line.strip())


def webvtt(cues: list[Cue]) -> str:
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues, start=1):
        blocks.append(
            f"{number}\n{_timestamp(cue.start)} --> {_timestamp(cue.end)}\n{_vtt_text(cue.text)}"
        )
    return "\n\n".join(blocks) + "\n"


def fingerprint(cards: list[Card]) -> str:
    """Changes whenever the film would: its words, its timing or the way it is drawn."""
    source = {
        "renderer_version": RENDERER_VERSION,
        "timing": [
            WORDS_PER_SECOND,
            SECONDS_TO_TAKE_IN_A_CARD,
            SHORTEST_CARD_SECONDS,
        ],
        "cards": [asdict(card) for card in cards],
    }
    encoded = json.dumps(source, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()
