"""The strategy film the site ships: rendered from the seed words, committed, and up to date."""

import hashlib
import io
import json
import re
import struct
from itertools import pairwise

import av
import pytest

from django.core.management import CommandError, call_command

from home import strategy_film as film
from home.seed_content import PAGES, SITE_NAME

COMMITTED = film.FILES_DIRECTORY
EVERY_FILE = {
    film.VIDEO_NAME,
    film.WEBM_NAME,
    film.POSTER_NAME,
    film.CHAPTERS_NAME,
    film.DESCRIPTIONS_NAME,
    film.TRANSCRIPT_NAME,
}
CHAPTERS = ["Our vision", "Our aims", "Our programmes"]


def manifest(folder=COMMITTED) -> dict:
    return json.loads((folder / film.MANIFEST_NAME).read_text(encoding="utf-8"))


def seed(key: str) -> dict:
    return next(page.fields for page in PAGES if page.key == key)


def sentences_the_film_shows() -> list[str]:
    home = seed("home")
    shown = [home["vision"], home["purpose"], home["tagline_intro"], home["tagline"]]
    for page in PAGES:
        if page.key.startswith(("aim-", "programme-")):
            shown += [page.fields["title"], page.fields["summary"]]
    shown += [seed("aims")["intro"], seed("programmes")["intro"]]
    return [sentence for text in shown for sentence in re.split(r"(?<=\.)\s+", text)]


def vtt_cues(text: str) -> list[tuple[float, float, str]]:
    assert text.startswith("WEBVTT\n")

    def seconds(stamp):
        hours, minutes, rest = stamp.split(":")
        return int(hours) * 3600 + int(minutes) * 60 + float(rest)

    cues = []
    for block in text.split("\n\n")[1:]:
        lines = block.strip().split("\n")
        timing = next(line for line in lines if "-->" in line)
        start, end = (seconds(part.strip()) for part in timing.split("-->"))
        words = lines[lines.index(timing) + 1 :]
        cues.append((start, end, "\n".join(words)))
    return cues


def top_level_boxes(data: bytes) -> list[str]:
    boxes, offset = [], 0
    while offset < len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
        boxes.append(kind.decode())
        offset += size
    return boxes


def test_committed_film_shows_the_current_seed_words():
    assert manifest()["source_fingerprint"] == film.fingerprint(film.script()), (
        "The seed words or the renderer changed since the film was rendered: run make film."
    )


def test_committed_files_are_the_ones_the_manifest_describes():
    files = {entry["name"]: entry for entry in manifest()["files"]}
    assert set(files) == EVERY_FILE
    for name, entry in files.items():
        data = (COMMITTED / name).read_bytes()
        assert len(data) == entry["bytes"], name
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name


def test_manifest_describes_a_silent_film_of_one_to_two_minutes():
    described = manifest()
    assert described["title"] == "Our strategy"
    assert described["has_sound"] is False
    assert (described["width"], described["height"]) == (1280, 720)
    assert 60 <= described["duration"] <= 120
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", described["released"])


def test_mp4_is_h264_at_720p_with_no_sound_and_streams_from_the_start():
    described = manifest()
    path = COMMITTED / film.VIDEO_NAME
    with av.open(str(path)) as container:
        [video] = container.streams.video
        assert not container.streams.audio
        assert video.codec_context.name == "h264"
        assert (video.width, video.height) == (1280, 720)
        assert video.codec_context.pix_fmt == "yuv420p"
        seconds = container.duration / av.time_base
        keyframes = [
            float(packet.pts * packet.time_base)
            for packet in container.demux(video)
            if packet.is_keyframe
        ]
    assert seconds == pytest.approx(described["duration"], abs=0.1)
    assert 60 <= seconds <= 120
    # A viewer can jump anywhere quickly: never more than ten seconds from a keyframe,
    # and each chapter starts on one, so "jump to a chapter" shows its card at once.
    gaps = [later - earlier for earlier, later in pairwise(keyframes)]
    assert keyframes[0] == 0
    assert max(gaps) <= 10.0 + 1e-6
    assert seconds - keyframes[-1] <= 10.0 + 1e-6
    for chapter in described["chapters"]:
        assert any(abs(chapter["start"] - keyframe) < 0.05 for keyframe in keyframes), chapter
    # The index comes before the pictures, so playback starts before the download ends.
    boxes = top_level_boxes(path.read_bytes())
    assert boxes.index("moov") < boxes.index("mdat")


def test_mp4_first_picture_decodes_as_the_poster():
    with av.open(str(COMMITTED / film.VIDEO_NAME)) as container:
        first = next(container.decode(video=0)).to_image()
    assert first.size == (1280, 720)


def test_webm_is_vp9_at_720p_with_no_sound():
    with av.open(str(COMMITTED / film.WEBM_NAME)) as container:
        [video] = container.streams.video
        assert not container.streams.audio
        assert video.codec_context.name == "vp9"
        assert (video.width, video.height) == (1280, 720)
        seconds = container.duration / av.time_base
        first = next(container.decode(video=0))
    assert seconds == pytest.approx(manifest()["duration"], abs=0.1)
    assert (first.width, first.height) == (1280, 720)


def test_chapters_cover_the_whole_film_in_order():
    described = manifest()
    cues = vtt_cues((COMMITTED / film.CHAPTERS_NAME).read_text(encoding="utf-8"))
    assert [text for _, _, text in cues] == CHAPTERS
    assert cues[0][0] == 0
    for (_, end, _), (start, _, _) in pairwise(cues):
        assert end == start
    assert cues[-1][1] == pytest.approx(described["duration"])
    assert [(c["title"], c["start"], c["end"]) for c in described["chapters"]] == [
        (text, pytest.approx(start), pytest.approx(end)) for start, end, text in cues
    ]


def test_descriptions_give_each_card_its_words_in_turn():
    cues = vtt_cues((COMMITTED / film.DESCRIPTIONS_NAME).read_text(encoding="utf-8"))
    cards = film.script()
    assert len(cues) == len(cards)
    labels = [card.label for card in cards]
    assert cues[labels.index("Our aims · 2 of 3")][2].startswith("Our aims · 2 of 3\n")
    for (_, end, _), (start, _, _) in pairwise(cues):
        assert end == start
    shown = " ".join(" ".join(text.split()) for _, _, text in cues)
    for sentence in sentences_the_film_shows():
        assert " ".join(sentence.split()) in shown


def test_transcript_says_the_film_is_silent_and_holds_every_sentence_it_shows():
    text = (COMMITTED / film.TRANSCRIPT_NAME).read_text(encoding="utf-8")
    paragraphs = text.strip().split("\n\n")
    assert "no sound" in paragraphs[0]
    assert "on screen" in paragraphs[0]
    flowing = " ".join(text.split())
    for sentence in sentences_the_film_shows():
        assert " ".join(sentence.split()) in flowing
    assert SITE_NAME in flowing


def test_every_card_stays_long_enough_to_read():
    cards = film.script()
    for card in cards:
        assert card.seconds >= film.SHORTEST_CARD_SECONDS
        assert card.seconds >= card.word_count / film.WORDS_PER_SECOND
    assert 60 <= film.check_length(cards) <= 120
    labels = [card.label for card in cards]
    assert "Our aims · 2 of 3" in labels
    assert "Our programmes · 4 of 4" in labels


def test_film_does_not_depend_on_the_home_page_title(monkeypatch):
    home = seed("home")
    monkeypatch.setitem(home, "title", "Welcome")
    assert film.fingerprint(film.script()) == manifest()["source_fingerprint"]


def test_changed_seed_words_make_the_committed_film_stale(monkeypatch):
    monkeypatch.setitem(seed("home"), "tagline", "Collaboration for innovation")
    assert film.fingerprint(film.script()) != manifest()["source_fingerprint"]


def test_render_command_writes_every_file(tmp_path):
    report = io.StringIO()
    call_command(
        "render_strategy_film",
        output=tmp_path,
        size="320x180",
        fps=5,
        date="2025-06-30",
        stdout=report,
    )
    assert "-second film of 15 cards" in report.getvalue()
    described = manifest(tmp_path)
    assert {entry["name"] for entry in described["files"]} == EVERY_FILE
    assert {path.name for path in tmp_path.iterdir()} == EVERY_FILE | {film.MANIFEST_NAME}
    assert (described["width"], described["height"], described["fps"]) == (320, 180, 5)
    assert described["released"] == "2025-06-30"
    assert described["source_fingerprint"] == manifest()["source_fingerprint"]
    with av.open(str(tmp_path / film.VIDEO_NAME)) as container:
        assert container.duration / av.time_base == pytest.approx(described["duration"], abs=0.2)
        assert not container.streams.audio


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("size", "wide", "--size must look like 1280x720"),
        ("size", "321x180", "even numbers"),
        ("fps", 0, "--fps must be between"),
        ("date", "31/01/2025", "--date must be a date"),
    ],
)
def test_render_command_explains_bad_options(tmp_path, option, value, message):
    with pytest.raises(CommandError, match=message):
        call_command("render_strategy_film", output=tmp_path, **{option: value})
