"""Draw the demo shop's product pictures into ``demo/images/`` (run once; the pictures are committed).

    .venv/bin/python scripts/generate_demo_images.py

Each product of ``demo.catalogue`` gets a simple, flat illustration of its shape, drawn from the front,
the side, the back (if it has one worth showing) and as a close-up. Nothing is downloaded. The output is
deterministic, so re-running the script only rewrites identical files.
"""

import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demo.catalogue import CATEGORIES, PRODUCTS, DemoProduct, product_image_filename, product_image_views  # noqa: E402

OUTPUT_DIR = ROOT / "demo" / "images"
SIZE = 600
SCALE = 2  # draw at twice the size and scale down: cheap anti-aliasing
CANVAS = SIZE * SCALE
FLOOR_Y = 1000

Colour = tuple[int, int, int]
Draw = ImageDraw.ImageDraw


def rgb(hex_colour: str) -> Colour:
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def shade(colour: Colour, factor: float) -> Colour:
    """factor < 1 darkens, > 1 lightens towards white."""
    if factor <= 1:
        return tuple(int(c * factor) for c in colour)  # type: ignore[return-value]
    return tuple(int(c + (255 - c) * (factor - 1)) for c in colour)  # type: ignore[return-value]


# --- Shapes: each draws one object into a 1200 × 1200 layer, standing on FLOOR_Y ----------------------


def draw_tumbler(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.polygon([(470, 330), (730, 330), (705, FLOOR_Y), (495, FLOOR_Y)], fill=main)
    d.rounded_rectangle([455, 260, 745, 340], radius=30, fill=shade(main, 0.7))
    d.rectangle([520, 240, 680, 262], fill=shade(main, 0.55))
    d.polygon([(500, 360), (540, 360), (528, 960), (512, 960)], fill=shade(main, 1.25))
    if label:
        d.ellipse([555, 600, 645, 690], fill=accent)


def draw_mug(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([380, 560, 740, FLOOR_Y], radius=50, fill=main)
    d.ellipse([700, 640, 880, 880], outline=main, width=46)
    d.ellipse([380, 525, 740, 600], fill=shade(main, 0.75))
    d.ellipse([400, 535, 720, 590], fill=(70, 45, 30))
    if label:
        d.rectangle([380, 860, 740, 900], fill=accent)
    d.rounded_rectangle([410, 620, 440, 940], radius=14, fill=shade(main, 1.2))


def draw_pot(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([290, 560, 910, FLOOR_Y], radius=90, fill=main)
    d.rounded_rectangle([220, 620, 320, 680], radius=25, fill=shade(main, 0.7))
    d.rounded_rectangle([880, 620, 980, 680], radius=25, fill=shade(main, 0.7))
    d.ellipse([270, 490, 930, 600], fill=shade(main, 0.85))
    d.rounded_rectangle([540, 430, 660, 500], radius=30, fill=accent)
    if label:
        d.rounded_rectangle([330, 640, 380, 920], radius=20, fill=shade(main, 1.2))


def draw_board(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([260, 560, 940, FLOOR_Y - 40], radius=50, fill=main)
    d.rounded_rectangle([300, 600, 900, FLOOR_Y - 80], radius=36, outline=shade(main, 0.8), width=10)
    for y in range(640, 920, 46):
        d.line([(330, y), (870, y + 8)], fill=shade(main, 0.9), width=5)
    d.rectangle([260, FLOOR_Y - 40, 940, FLOOR_Y], fill=accent)
    if label:
        d.ellipse([820, 620, 860, 660], fill=shade(main, 0.6))


def draw_jar(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([420, 420, 780, FLOOR_Y], radius=60, fill=main + (230,))
    d.rounded_rectangle([405, 360, 795, 440], radius=25, fill=accent)
    d.rounded_rectangle([450, 600, 750, 960], radius=40, fill=(226, 204, 150))
    d.rounded_rectangle([440, 460, 475, 940], radius=15, fill=shade(main, 1.3))
    if label:
        d.rounded_rectangle([500, 680, 700, 780], radius=12, fill=(255, 255, 255))


def draw_knife(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.polygon([(160, 700), (700, 650), (700, 760), (250, 760)], fill=main)
    d.line([(190, 735), (690, 735)], fill=shade(main, 1.3), width=8)
    d.rounded_rectangle([690, 640, 1040, 770], radius=50, fill=accent)
    for x in (770, 870, 970):
        d.ellipse([x - 14, 690, x + 14, 718], fill=shade(main, 1.1))
    if label:
        d.rectangle([690, 640, 720, 770], fill=shade(main, 0.7))


def draw_kettle(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.polygon([(400, 600), (800, 600), (870, FLOOR_Y), (330, FLOOR_Y)], fill=main)
    d.polygon([(820, 760), (990, 620), (1010, 650), (860, 860)], fill=main)
    d.ellipse([470, 560, 730, 630], fill=shade(main, 0.8))
    d.arc([420, 360, 780, 720], start=200, end=340, fill=(60, 60, 60), width=22)
    d.rounded_rectangle([520, 380, 680, 430], radius=20, fill=(160, 110, 60))
    d.ellipse([575, 520, 625, 570], fill=shade(main, 0.6))
    if label:
        d.rectangle([350, 900, 850, 930], fill=accent)


def draw_lamp(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.polygon([(400, 260), (800, 260), (900, 560), (300, 560)], fill=accent)
    d.polygon([(400, 260), (460, 260), (380, 560), (300, 560)], fill=shade(accent, 0.9))
    d.rectangle([585, 560, 615, 640], fill=(150, 130, 90))
    d.ellipse([430, 620, 770, FLOOR_Y], fill=main)
    if label:
        d.ellipse([480, 700, 560, 780], fill=shade(main, 1.35))
        d.ellipse([300, 520, 900, 600], fill=(255, 236, 170))


def draw_candle(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([400, 560, 800, FLOOR_Y], radius=40, fill=(214, 226, 222))
    d.rectangle([420, 620, 780, FLOOR_Y - 20], fill=accent)
    d.line([(600, 560), (600, 500)], fill=(40, 40, 40), width=8)
    d.ellipse([570, 380, 630, 500], fill=(255, 190, 70))
    d.ellipse([585, 420, 615, 490], fill=(255, 240, 190))
    if label:
        d.rounded_rectangle([460, 700, 740, 880], radius=16, fill=main)
        d.polygon([(600, 720), (660, 850), (540, 850)], fill=shade(main, 1.5))


def draw_vase(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.ellipse([360, 480, 840, FLOOR_Y], fill=main)
    d.rectangle([540, 300, 660, 560], fill=main)
    d.ellipse([520, 280, 680, 330], fill=shade(main, 0.7))
    d.line([(590, 300), (540, 120)], fill=(90, 120, 70), width=10)
    d.ellipse([480, 80, 600, 170], fill=accent)
    if label:
        for y in (640, 700, 760):
            d.arc([380, y - 120, 820, y + 120], start=20, end=160, fill=accent, width=12)


def draw_clock(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.ellipse([250, 250, 950, 950], fill=main)
    d.ellipse([280, 280, 920, 920], outline=shade(main, 0.85), width=8)
    for angle_step in range(12):
        box = [590, 300, 610, 350] if angle_step == 0 else None
        if box:
            d.rectangle(box, fill=accent)
    for x, y in ((600, 320), (880, 600), (600, 880), (320, 600)):
        d.ellipse([x - 14, y - 14, x + 14, y + 14], fill=accent)
    if label:
        d.line([(600, 600), (600, 390)], fill=accent, width=18)
        d.line([(600, 600), (760, 680)], fill=accent, width=12)
        d.ellipse([580, 580, 620, 620], fill=(200, 60, 40))


def draw_lantern(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.arc([470, 180, 730, 420], start=180, end=360, fill=main, width=20)
    d.polygon([(440, 300), (760, 300), (700, 380), (500, 380)], fill=main)
    d.rectangle([480, 380, 720, 900], fill=shade(accent, 1.4))
    for x in (480, 600, 720):
        d.rectangle([x - 12, 380, x + 12, 900], fill=main)
    d.rounded_rectangle([440, 900, 760, FLOOR_Y], radius=10, fill=main)
    if label:
        d.ellipse([540, 560, 660, 760], fill=accent)


def draw_blanket(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    for i, y in enumerate(range(620, FLOOR_Y, 95)):
        d.rounded_rectangle([260 + i * 6, y, 940 - i * 6, y + 90], radius=30, fill=shade(main, 1 - i * 0.04))
        for x in range(300, 900, 40):
            d.line([(x, y + 20), (x + 20, y + 45), (x, y + 70)], fill=shade(main, 1.2), width=5)
    if label:
        for x in range(280, 930, 24):
            d.line([(x, FLOOR_Y - 10), (x, FLOOR_Y + 10)], fill=accent, width=6)
        d.rectangle([560, 640, 640, 700], fill=accent)


def draw_pillow(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([280, 420, 920, FLOOR_Y], radius=140, fill=main)
    d.rounded_rectangle([330, 470, 870, 950], radius=110, outline=shade(main, 1.15), width=12)
    if label:
        for x in range(380, 860, 70):
            d.line([(x, 900), (x + 40, 560)], fill=shade(accent, 0.95), width=10)


def draw_towel(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([300, 640, 900, 820], radius=40, fill=accent)
    d.rounded_rectangle([280, 820, 920, FLOOR_Y], radius=40, fill=main)
    for x in range(310, 900, 30):
        d.line([(x, 830), (x, 990)], fill=shade(main, 1.15), width=4)
    d.rectangle([300, 760, 900, 790], fill=main)
    if label:
        d.rectangle([300, 700, 900, 720], fill=shade(main, 0.85))


def draw_slipper(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([200, 880, 1000, FLOOR_Y], radius=60, fill=accent)
    d.pieslice([180, 620, 720, 1120], start=180, end=360, fill=main)
    d.rounded_rectangle([600, 800, 1000, 950], radius=70, fill=main)
    if label:
        for x in range(260, 680, 50):
            d.line([(x, 740), (x + 20, 860)], fill=shade(main, 1.25), width=8)


def draw_backpack(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([380, 300, 820, FLOOR_Y], radius=110, fill=main)
    d.arc([500, 220, 700, 380], start=180, end=360, fill=accent, width=24)
    d.rounded_rectangle([360, 300, 840, 480], radius=100, fill=shade(main, 0.85))
    if label:
        d.rounded_rectangle([450, 620, 750, 900], radius=50, fill=shade(main, 0.8))
        d.line([(470, 700), (730, 700)], fill=accent, width=12)
        d.rectangle([580, 500, 620, 560], fill=accent)
    else:
        d.rounded_rectangle([430, 420, 480, 950], radius=20, fill=accent)
        d.rounded_rectangle([720, 420, 770, 950], radius=20, fill=accent)


def draw_tent(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.pieslice([180, 460, 1020, 1540], start=180, end=360, fill=main)
    d.arc([180, 460, 1020, 1540], start=180, end=360, fill=shade(main, 0.7), width=14)
    d.arc([340, 520, 860, 1480], start=180, end=360, fill=shade(main, 0.8), width=10)
    if label:
        d.pieslice([460, 700, 740, 1300], start=180, end=360, fill=accent)
    d.line([(120, FLOOR_Y), (1080, FLOOR_Y)], fill=(110, 140, 90), width=12)


def draw_sleepingbag(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([320, 560, 880, FLOOR_Y], radius=200, fill=main)
    for x in (460, 600, 740):
        d.arc([x - 150, 560, x + 150, FLOOR_Y], start=270, end=90, fill=shade(main, 0.8), width=8)
    d.rounded_rectangle([320, 700, 880, 740], radius=10, fill=(40, 40, 40))
    d.rounded_rectangle([320, 840, 880, 880], radius=10, fill=(40, 40, 40))
    if label:
        d.ellipse([560, 600, 640, 680], fill=accent)


def draw_bottle(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([480, 380, 720, FLOOR_Y], radius=70, fill=main)
    d.rounded_rectangle([540, 290, 660, 400], radius=20, fill=shade(main, 0.9))
    d.rounded_rectangle([525, 220, 675, 300], radius=25, fill=(70, 70, 70))
    d.ellipse([570, 160, 630, 230], outline=(70, 70, 70), width=14)
    d.rounded_rectangle([500, 440, 530, 940], radius=14, fill=shade(main, 1.3))
    if label:
        d.rounded_rectangle([520, 600, 680, 760], radius=18, fill=accent)


def draw_jacket(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.polygon([(420, 300), (780, 300), (900, 420), (860, FLOOR_Y), (340, FLOOR_Y), (300, 420)], fill=main)
    d.polygon([(300, 420), (230, 880), (320, 900), (380, 500)], fill=shade(main, 0.9))
    d.polygon([(900, 420), (970, 880), (880, 900), (820, 500)], fill=shade(main, 0.9))
    d.pieslice([480, 200, 720, 420], start=180, end=360, fill=shade(main, 0.8))
    if label:
        d.line([(600, 330), (600, FLOOR_Y)], fill=accent, width=10)
        d.rectangle([420, 640, 540, 660], fill=accent)
        d.rectangle([660, 640, 780, 660], fill=accent)


def draw_chair(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.line([(420, 640), (780, FLOOR_Y)], fill=accent, width=26)
    d.line([(780, 640), (420, FLOOR_Y)], fill=accent, width=26)
    d.line([(440, 300), (440, 700)], fill=accent, width=26)
    d.line([(760, 300), (760, 700)], fill=accent, width=26)
    d.rounded_rectangle([400, 600, 800, 690], radius=20, fill=main)
    d.rounded_rectangle([430, 300, 770, 520], radius=20, fill=main)
    if label:
        for y in (350, 410, 470):
            d.line([(450, y), (750, y)], fill=shade(main, 1.2), width=8)


def draw_flowerpot(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    for x, h in ((520, 260), (600, 330), (680, 250), (560, 200), (650, 210)):
        d.ellipse([x - 60, 560 - h, x + 60, 560 - h + 220], fill=shade(accent, 0.9 + (x % 3) * 0.1))
    d.polygon([(380, 620), (820, 620), (760, FLOOR_Y), (440, FLOOR_Y)], fill=main)
    d.rounded_rectangle([350, 560, 850, 650], radius=16, fill=shade(main, 0.9))
    if label:
        d.line([(400, 700), (790, 700)], fill=shade(main, 1.2), width=8)


def draw_wateringcan(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([380, 560, 760, FLOOR_Y], radius=40, fill=main)
    d.polygon([(740, 880), (1000, 560), (1030, 585), (790, 930)], fill=main)
    d.rounded_rectangle([980, 520, 1060, 600], radius=20, fill=accent)
    d.arc([420, 380, 720, 720], start=190, end=350, fill=shade(main, 0.75), width=30)
    d.arc([240, 600, 420, 900], start=90, end=270, fill=shade(main, 0.75), width=30)
    if label:
        for y in (640, 760, 880):
            d.line([(380, y), (760, y)], fill=shade(main, 0.85), width=8)


def draw_birdhouse(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rectangle([590, 120, 610, 330], fill=(90, 90, 90))
    d.polygon([(330, 520), (600, 320), (870, 520)], fill=accent)
    d.rectangle([390, 510, 810, 900], fill=main)
    d.rectangle([340, 900, 860, 940], fill=shade(main, 0.8))
    d.rectangle([590, 940, 610, FLOOR_Y], fill=shade(main, 0.6))
    if label:
        d.ellipse([530, 600, 670, 740], fill=(50, 40, 30))
        d.rectangle([590, 770, 610, 830], fill=shade(main, 0.6))


def draw_soap(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    for i, y in enumerate((880, 760, 640)):
        d.rounded_rectangle(
            [340 + i * 20, y, 860 - i * 20, y + 120], radius=50, fill=shade(main, 1 + i * 0.12)
        )
    if label:
        d.rounded_rectangle([480, 665, 720, 735], radius=20, fill=accent)


def draw_toothbrush(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    for i, x in enumerate((400, 520, 640, 760)):
        d.rounded_rectangle([x, 420, x + 60, FLOOR_Y], radius=28, fill=shade(main, 1 - i * 0.05))
        d.rectangle([x + 10, 300, x + 50, 430], fill=accent)
    if label:
        d.rounded_rectangle([370, 760, 850, 880], radius=16, fill=(226, 236, 230))


def draw_tin(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([360, 620, 840, FLOOR_Y], radius=30, fill=main)
    d.rounded_rectangle([340, 580, 860, 680], radius=30, fill=shade(main, 0.85))
    if label:
        d.ellipse([480, 720, 720, 960], fill=accent)
        d.ellipse([560, 800, 640, 880], fill=main)


def draw_book(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rectangle([390, 260, 830, FLOOR_Y], fill=accent)
    d.rectangle([370, 240, 810, FLOOR_Y - 20], fill=main)
    d.rectangle([370, 240, 410, FLOOR_Y - 20], fill=shade(main, 0.8))
    if label:
        d.rectangle([460, 360, 740, 400], fill=accent)
        d.rectangle([460, 430, 700, 455], fill=accent)
        d.ellipse([500, 560, 700, 760], fill=shade(main, 1.4))


def draw_jam(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.rounded_rectangle([420, 520, 780, FLOOR_Y], radius=50, fill=main)
    d.rounded_rectangle([410, 460, 790, 540], radius=16, fill=(200, 60, 50))
    d.polygon([(400, 470), (800, 470), (830, 520), (370, 520)], fill=(240, 240, 230))
    if label:
        d.rounded_rectangle([460, 660, 740, 860], radius=18, fill=accent)
        d.ellipse([560, 720, 640, 800], fill=main)


def draw_coffeebag(d: Draw, main: Colour, accent: Colour, label: bool) -> None:
    d.polygon([(400, 360), (800, 360), (830, FLOOR_Y), (370, FLOOR_Y)], fill=main)
    d.rectangle([400, 320, 800, 380], fill=shade(main, 0.8))
    for x in range(410, 800, 28):
        d.line([(x, 322), (x, 378)], fill=shade(main, 0.65), width=4)
    if label:
        d.rounded_rectangle([450, 560, 750, 860], radius=20, fill=accent)
        d.ellipse([560, 650, 640, 770], fill=main)
        d.line([(600, 655), (600, 765)], fill=accent, width=8)


SHAPES: dict[str, Callable[[Draw, Colour, Colour, bool], None]] = {
    name.removeprefix("draw_"): function
    for name, function in globals().items()
    if name.startswith("draw_") and callable(function)
}


def background(tint: Colour) -> Image.Image:
    top, bottom = shade(tint, 1.35), tint
    gradient = Image.linear_gradient("L").resize((CANVAS, CANVAS))
    return Image.composite(
        Image.new("RGB", (CANVAS, CANVAS), bottom), Image.new("RGB", (CANVAS, CANVAS), top), gradient
    )


def object_layer(product: DemoProduct, *, label: bool) -> Image.Image:
    layer = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    SHAPES[product.shape](draw, rgb(product.colours[0]), rgb(product.colours[1]), label)
    return layer


def with_shadow(base: Image.Image, layer: Image.Image, *, width: int = 560) -> Image.Image:
    shadow = Image.new("L", (CANVAS, CANVAS), 0)
    ImageDraw.Draw(shadow).ellipse([600 - width // 2, FLOOR_Y - 30, 600 + width // 2, FLOOR_Y + 40], fill=90)
    shadow = shadow.filter(ImageFilter.GaussianBlur(28))
    base = Image.composite(Image.new("RGB", base.size, (60, 60, 70)), base, shadow)
    base.paste(layer, (0, 0), layer)
    return base


def render(product: DemoProduct, view: str, tint: Colour) -> Image.Image:
    base = background(tint)
    if view == "front":
        image = with_shadow(base, object_layer(product, label=True))
    elif view == "back":
        layer = ImageOps.mirror(object_layer(product, label=False))
        darker = Image.new("RGBA", layer.size, (0, 0, 0, 40))
        layer = Image.composite(Image.alpha_composite(layer, darker), layer, layer.getchannel("A"))
        image = with_shadow(base, layer)
    elif view == "side":
        layer = object_layer(product, label=False)
        narrow = layer.resize((int(CANVAS * 0.62), CANVAS), Image.LANCZOS)
        side = Image.new("RGBA", layer.size, (0, 0, 0, 0))
        side.paste(narrow, ((CANVAS - narrow.width) // 2, 0))
        # Shade the far half so that the narrowed object reads as turned.
        shadow_half = Image.new("RGBA", layer.size, (0, 0, 0, 0))
        ImageDraw.Draw(shadow_half).rectangle([CANVAS // 2, 0, CANVAS, CANVAS], fill=(0, 0, 0, 45))
        side = Image.composite(Image.alpha_composite(side, shadow_half), side, side.getchannel("A"))
        image = with_shadow(base, side, width=380)
    else:  # detail: a close-up of the upper middle of the front view
        front = with_shadow(base, object_layer(product, label=True))
        image = front.crop((300, 380, 900, 980)).resize((CANVAS, CANVAS), Image.LANCZOS)
        frame = ImageDraw.Draw(image)
        frame.rectangle([24, 24, CANVAS - 24, CANVAS - 24], outline=(255, 255, 255), width=6)
    return image.resize((SIZE, SIZE), Image.LANCZOS)


def main() -> None:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    tints = {category.slug: rgb(category.tint) for category in CATEGORIES}
    total = 0
    for product in PRODUCTS:
        for view, _alt in product_image_views(product):
            path = OUTPUT_DIR / product_image_filename(product, view)
            render(product, view, tints[product.category]).save(path, "WEBP", quality=72, method=6)
            total += path.stat().st_size
    print(f"{len(list(OUTPUT_DIR.glob('*.webp')))} pictures in {OUTPUT_DIR} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
