"""Draw the site's icons (favicon.ico, touch and app icons) and its logo picture.

The icons follow static/images/favicon.svg: a white L on the partnership's blue,
on a 32-unit grid. This draws the same shapes with Pillow at each size browsers
and phones ask for, so the icons always match. The logo is the wordmark, for
search engines (the organisation's structured data) when Site settings has no
logo of its own. Run it after changing either (`make icons`), and commit what
it writes.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

BRAND = "#003087"
WHITE = "#ffffff"
GRID = 32
# favicon.svg's L: M9 7h4v14h10v4H9z
L_SHAPE = [(9, 7), (13, 7), (13, 21), (23, 21), (23, 25), (9, 25)]


def draw_icon(size: int, *, corner_radius: float = 4, safe_zone: float = 1.0):
    """The icon at `size` pixels. `safe_zone` < 1 shrinks the L into the middle, for
    'maskable' icons that phones crop to a circle."""
    from PIL import Image, ImageDraw

    scale = 4  # draw large, then shrink: smooth edges at every size
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    unit = big / GRID
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=corner_radius * unit, fill=BRAND)
    centre = GRID / 2
    points = [
        ((centre + (x - centre) * safe_zone) * unit, (centre + (y - centre) * safe_zone) * unit)
        for x, y in L_SHAPE
    ]
    draw.polygon(points, fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def draw_logo():
    """The wordmark in the partnership's blue on white, with a margin: 600 × 270."""
    from PIL import Image, ImageDraw

    from home.cards import BRAND, draw_wordmark
    from home.seed_content import SITE_NAME

    logo = Image.new("RGB", (600, 270), WHITE)
    draw_wordmark(ImageDraw.Draw(logo), (40, 40), SITE_NAME, size=96, colour=BRAND)
    return logo


class Command(BaseCommand):
    help = "Draw favicon.ico and the touch and app icons from the favicon's design."

    def handle(self, *args, **options):
        static = Path(settings.BASE_DIR) / "static"
        images = static / "images"
        outputs = {
            images / "icon-192.png": draw_icon(192),
            images / "icon-512.png": draw_icon(512),
            images / "icon-maskable-512.png": draw_icon(512, corner_radius=0, safe_zone=0.7),
            # iOS rounds the corners itself and shows transparency as black.
            images / "apple-touch-icon.png": draw_icon(180, corner_radius=0),
        }
        for path, image in outputs.items():
            image.save(path, format="PNG", optimize=True)
            self.stdout.write(f"Wrote {path.relative_to(settings.BASE_DIR)}")
        logo = images / "logo.png"
        draw_logo().save(logo, format="PNG", optimize=True)
        self.stdout.write(f"Wrote {logo.relative_to(settings.BASE_DIR)}")
        favicon = static / "root" / "favicon.ico"
        draw_icon(48).save(favicon, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
        self.stdout.write(f"Wrote {favicon.relative_to(settings.BASE_DIR)}")
