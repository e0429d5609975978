"""A printed slip photographed at the counter: on a grey counter top, turned, seen at an
angle (perspective), a little out of focus, lit unevenly, with sensor noise."""

from __future__ import annotations

import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter

FRAME = (1280, 720)


def photographed(slip: Image.Image, rng: random.Random, *, scale: float = 1.0) -> Image.Image:
    paper = slip.convert("L")
    # thermal print on off-white paper: grey, not black; paper not white
    paper = paper.point(lambda v: 70 + v * 160 // 255)
    paper = paper.resize((int(paper.width * scale), int(paper.height * scale)),
                         Image.Resampling.BILINEAR)
    paper = paper.rotate(rng.uniform(-8, 8), Image.Resampling.BICUBIC, expand=True,
                         fillcolor=110)
    w, h = paper.size
    # seen at an angle: the top edge narrower than the bottom
    squeeze = rng.uniform(0.04, 0.09) * w
    quad = (-squeeze, 0, -squeeze * 0.3, h, w + squeeze * 0.3, h, w + squeeze, 0)
    paper = paper.transform((w, h), Image.Transform.QUAD, quad, Image.Resampling.BICUBIC,
                            fillcolor=110)
    frame = Image.new("L", FRAME, 110)
    # a long slip is held with its QR codes (at its foot) to the camera
    frame.paste(paper, ((FRAME[0] - w) // 2, min((FRAME[1] - h) // 2, FRAME[1] - 60 - h)))
    frame = frame.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.1)))
    light = Image.linear_gradient("L").rotate(rng.uniform(0, 360)).resize(FRAME)
    light = light.point(lambda v: 200 + v * 55 // 255)
    frame = ImageChops.multiply(frame, light)
    noise = Image.effect_noise(FRAME, 12).point(lambda v: v - 128 + 128)
    frame = ImageChops.add(frame, noise, scale=1.0, offset=-128)
    draw = ImageDraw.Draw(frame)
    draw.rectangle((0, FRAME[1] - 40, FRAME[0], FRAME[1]), fill=60)  # the counter's edge
    return frame.convert("RGB")
