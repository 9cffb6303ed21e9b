"""Render the strategy film from the seed content: video, poster, tracks, transcript, manifest."""

import hashlib
import json
import re
import time
from datetime import date
from fractions import Fraction
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from home import strategy_film as film
from home.cards import film_card
from home.seed_content import SITE_NAME, STRATEGY_FILM

INSTALL_HINT = (
    "Rendering the film needs PyAV, one of the development tools. Install them with "
    "`make install-dev` (or `.venv/bin/pip install --require-hashes -r requirements/dev.txt`)."
)
# Encoders that give the same bytes from the same frames: one thread, no
# timestamps or version strings in the files. Each new card starts with a
# keyframe, and there is one at least every ten seconds, so seeking is quick.
KEYFRAME_SECONDS = 10
# The qualities are the lowest that keep the words' edges clean; nearly all of
# each file is its keyframes, since nothing moves between them.
MP4_OPTIONS = {
    "crf": "26",
    "preset": "medium",
    "tune": "stillimage",
    "profile": "high",
    "forced-idr": "1",
}
WEBM_OPTIONS = {
    "crf": "42",
    "b": "0",
    "deadline": "good",
    "cpu-used": "4",
    "row-mt": "0",
    "tile-columns": "0",
}

ENCODINGS = [
    (film.VIDEO_NAME, "mp4", "libx264", MP4_OPTIONS),
    (film.WEBM_NAME, "webm", "libvpx-vp9", WEBM_OPTIONS),
]


def _size(value: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)x(\d+)", value)
    if not match:
        raise CommandError(f"--size must look like 1280x720, not {value!r}.")
    width, height = int(match[1]), int(match[2])
    # The video formats store colour at half resolution: sizes must be even.
    if width < 64 or height < 36 or width % 2 or height % 2:
        raise CommandError("--size must be even numbers of pixels, at least 64x36.")
    return width, height


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date like 2025-01-31, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Render the strategy film (a silent film of the strategy's own words) from the "
        "seed content, with its poster, chapters, text description, transcript and "
        "manifest. Run it after changing the seed words: make film."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=film.FILES_DIRECTORY,
            metavar="DIR",
            help=f"where to write the files (default: {film.FILES_DIRECTORY})",
        )
        parser.add_argument("--size", default="1280x720", help="WIDTHxHEIGHT (default: 1280x720)")
        parser.add_argument("--fps", type=int, default=25, help="frames a second (default: 25)")
        parser.add_argument(
            "--date",
            default=date.today().isoformat(),
            metavar="YYYY-MM-DD",
            help="the release date recorded in the manifest (default: today)",
        )

    def handle(self, *args, **options):
        try:
            import av
        except ImportError:
            raise CommandError(INSTALL_HINT) from None

        size = _size(options["size"])
        fps = options["fps"]
        if not 1 <= fps <= 60:
            raise CommandError("--fps must be between 1 and 60.")
        released = _date(options["date"])
        output: Path = options["output"]
        output.mkdir(parents=True, exist_ok=True)

        cards = film.script()
        try:
            seconds = film.check_length(cards)
        except ValueError as error:
            raise CommandError(str(error)) from None

        started = time.monotonic()
        images = [
            film_card(
                label=card.label,
                heading=card.heading,
                body=card.body,
                lead=card.lead,
                site_name=SITE_NAME,
                style=card.style,
                size=size,
            )
            for card in cards
        ]
        images[0].save(output / film.POSTER_NAME, format="PNG")
        frames = _frame_plan(film.timeline(cards), fps)
        for name, container_format, codec, codec_options in ENCODINGS:
            _encode(av, output / name, container_format, codec, codec_options, images, frames, fps)
        (output / film.CHAPTERS_NAME).write_text(
            film.webvtt(film.chapters(cards)), encoding="utf-8"
        )
        (output / film.DESCRIPTIONS_NAME).write_text(
            film.webvtt(film.descriptions(cards)), encoding="utf-8"
        )
        (output / film.TRANSCRIPT_NAME).write_text(film.transcript(cards), encoding="utf-8")

        names = [
            film.VIDEO_NAME,
            film.WEBM_NAME,
            film.POSTER_NAME,
            film.CHAPTERS_NAME,
            film.DESCRIPTIONS_NAME,
            film.TRANSCRIPT_NAME,
        ]
        manifest = {
            "title": STRATEGY_FILM.title,
            "duration": seconds,
            "width": size[0],
            "height": size[1],
            "fps": fps,
            "released": released.isoformat(),
            "has_sound": False,
            "chapters": [
                {"title": cue.text, "start": cue.start, "end": cue.end}
                for cue in film.chapters(cards)
            ],
            "files": [_describe(output / name) for name in names],
            "source_fingerprint": film.fingerprint(cards),
        }
        (output / film.MANIFEST_NAME).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )

        took = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Rendered a {seconds:.1f}-second film of {len(cards)} cards at "
                f"{size[0]}x{size[1]}, {fps} fps, in {took:.1f} s, into {output}:"
            )
        )
        for entry in manifest["files"]:
            self.stdout.write(f"  {entry['name']}: {_file_size(entry['bytes'])}")


def _file_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} kB"
    return f"{size} bytes"


def _describe(path: Path) -> dict:
    data = path.read_bytes()
    return {"name": path.name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _frame_plan(cues, fps: int) -> list[int]:
    """For each frame, the card on screen."""
    plan, index = [], 0
    for number in range(round(cues[-1].end * fps)):
        while index + 1 < len(cues) and number / fps >= cues[index].end:
            index += 1
        plan.append(index)
    return plan


def _encode(av, path: Path, container_format, codec, options, images, plan, fps) -> None:
    from av.video.frame import PictureType
    from av.video.reformatter import ColorPrimaries, ColorRange, Colorspace, ColorTrc, Interpolation

    def to_frame(image):
        # BT.709, limited range, as players expect of HD video; swscale's
        # bit-exact path so every machine makes the same pixels.
        return av.VideoFrame.from_image(image).reformat(
            format="yuv420p",
            src_colorspace=Colorspace.ITU709,
            dst_colorspace=Colorspace.ITU709,
            dst_color_range=ColorRange.MPEG,
            interpolation=Interpolation.BITEXACT | Interpolation.ACCURATE_RND,
        )

    container_options = {"fflags": "+bitexact"}
    if container_format == "mp4":
        container_options["movflags"] = "+faststart"
    width, height = images[0].size
    with av.open(
        str(path), mode="w", format=container_format, container_options=container_options
    ) as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        context = stream.codec_context
        context.time_base = Fraction(1, fps)
        context.gop_size = KEYFRAME_SECONDS * fps
        context.thread_count = 1
        context.color_range = ColorRange.MPEG
        context.colorspace = Colorspace.ITU709
        context.color_primaries = ColorPrimaries.BT709
        context.color_trc = ColorTrc.BT709
        context.options = {**options, "threads": "1", "flags": "+bitexact"}

        frames = {}
        for number, shown in enumerate(plan):
            if shown not in frames:
                frames[shown] = to_frame(images[shown])
            frame = frames[shown]
            # Each card starts on a keyframe, so a jump to a chapter shows it at once.
            starts_a_card = number == 0 or plan[number - 1] != shown
            frame.pict_type = PictureType.I if starts_a_card else PictureType.NONE
            frame.pts = number
            frame.time_base = Fraction(1, fps)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
