#!/usr/bin/python3
"""Builds PlotSans.ttf, the font embedded in VaeDsl.Runtime for plot text, from Debian's DejaVu Sans.

Keeps only the characters plots use (printable ASCII, Latin-1 and a few symbols) so the Runtime grows by tens of
kilobytes instead of 750, and renames the family, as the Bitstream Vera licence asks of modified copies.
Needs Debian's fonts-dejavu-core and python3-fonttools. Run: /usr/bin/python3 Runtime/Plots/Fonts/make-plot-font.py
"""
import os

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FAMILY = "VaeDsl Plot Sans"
HERE = os.path.dirname(os.path.abspath(__file__))

characters = [c for c in range(0x20, 0x7F)] + [c for c in range(0xA0, 0x100)]
characters += [ord(c) for c in "₀₁₂₃₄₅₆₇₈₉–—−·×≥≤‖…"]

options = subset.Options()
options.name_IDs = ["*"]
options.notdef_outline = True
options.hinting = True
font = TTFont(SOURCE)
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=characters)
subsetter.subset(font)

# Name IDs 1 (family), 4 (full name), 6 (PostScript name) and 16 (typographic family) carry the family.
for record in font["name"].names:
    if record.nameID in (1, 16):
        record.string = FAMILY
    elif record.nameID == 4:
        record.string = FAMILY
    elif record.nameID == 6:
        record.string = FAMILY.replace(" ", "")
font.save(os.path.join(HERE, "PlotSans.ttf"))
print("wrote", os.path.join(HERE, "PlotSans.ttf"), os.path.getsize(os.path.join(HERE, "PlotSans.ttf")), "bytes")
