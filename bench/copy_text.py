"""Benchmark: what carrying the text of shaped runs (``reports/actual_text.py``) costs a PDF.

Builds the same document twice, each in a fresh process: 40 pages of names in the complex scripts
(Devanagari, Tamil, Bengali, Thai, Arabic, Syriac…), drawn as Paragraphs and on the canvas,
  (a) with the ``/ActualText`` spans and the ToUnicode additions (as the program prints),
  (b) with reportlab's own output (the hooks left out).
Prints the build time and the file size of each, then ``ratio: X`` (a / b, time). Aim: ratio <= 1.3.

Run: python bench/copy_text.py [--pages 40] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

BUILD = r"""
import io, json, sys, time
sys.path.insert(0, sys.argv[1])
from classroom_desktop.reports import actual_text
if sys.argv[2] == "without":
    actual_text.install = lambda: None
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, SimpleDocTemplate
from classroom_desktop.reports.text import draw_string, paragraph, paragraph_style

NAMES = ["क्षितिज शर्मा", "தமிழ்செல்வி ராஜா", "রবীন্দ্রনাথ ঠাকুর", "สมชาย ใจดี", "محمد العلي", "ܐܦܪܝܡ",
         "ਗੁਰਪ੍ਰੀਤ ਕੌਰ", "ಕನ್ನಡ ರಾಜ್", "අනන්තු", "Nguyễn Văn An"]
pages = int(sys.argv[3])
start = time.perf_counter()
style = paragraph_style(size=11)
story = []
for page in range(pages):
    story += [paragraph(f"{name} — {page}", style) for name in NAMES * 4]
    story.append(PageBreak())
flow = io.BytesIO()
SimpleDocTemplate(flow, pagesize=A4).build(story)
drawn = io.BytesIO()
canvas = Canvas(drawn, pagesize=A4)
for page in range(pages):
    for i, name in enumerate(NAMES * 4):
        draw_string(canvas, 50, 800 - 18 * i, name, 11)
    canvas.showPage()
canvas.save()
size = len(flow.getvalue()) + len(drawn.getvalue())
print(json.dumps({"seconds": time.perf_counter() - start, "bytes": size}))
"""


def run(mode: str, pages: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", BUILD, str(SRC), mode, str(pages)], capture_output=True,
                         text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[dict[str, float]]] = {"with": [], "without": []}
    for _ in range(args.repeat):
        for mode in results:
            results[mode].append(run(mode, args.pages))
    medians = {mode: statistics.median(r["seconds"] for r in runs) for mode, runs in results.items()}
    for mode, runs in results.items():
        print(f"{mode:>8} the text spans: {medians[mode]:.2f} s, {runs[-1]['bytes'] / 1024:.0f} KB")
    print(f"ratio: {medians['with'] / medians['without']:.2f}")


if __name__ == "__main__":
    main()
