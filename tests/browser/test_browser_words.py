"""The word being said, marked inside the sentence highlight ("readable-word"), with the offline voice's word
times: it is a word of the current sentence, it follows the voice, it stands out in every theme, and audio
without word times (the online voice's, or made before them) plays with the sentence highlight alone."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from .support import SEED, contrast_ratio
from .test_browser_player import (
    AUDIO,
    LATER,
    play_here,
    playing_later_in,
    press_play,
    sentences,
    wait_current,
)

pytestmark = pytest.mark.browser

#: The marked word and the sentence around it, as the page shows them.
MARKS = """() => {
  const one = name => { const h = CSS.highlights.get(name); return h ? [...h][0] : null; };
  const word = one("readable-word"), sentence = one("readable-sentence");
  return {
    word: word ? word.toString() : null, sentence: sentence ? sentence.toString() : null,
    inside: !!(word && sentence && sentence.compareBoundaryPoints(Range.START_TO_START, word) <= 0 &&
               sentence.compareBoundaryPoints(Range.END_TO_END, word) >= 0),
    time: document.querySelector(".readable-audio").currentTime,
  };
}"""
#: The colours of a ::highlight rule (they are not in getComputedStyle), resolved in the wrapper: the rules
#: use the theme's custom properties. "forced": the rule inside the forced-colours media query, as written.
RULES = """([name, mode]) => [...document.styleSheets].flatMap(s => [...s.cssRules])
  .flatMap(r => !(r instanceof CSSMediaRule) ? (mode === "forced" ? [] : [r]) :
                (mode === "forced") === r.conditionText.includes("forced") ? [...r.cssRules] : [])
  .filter(r => (r.selectorText || "").includes("::highlight(" + name + ")"))
  .map(r => {
    const probe = document.querySelector("[data-readable]").appendChild(document.createElement("span"));
    probe.style.setProperty("color", r.style.color, "important");
    probe.style.setProperty("background-color", r.style.backgroundColor, "important");
    const style = getComputedStyle(probe), line = r.style.textDecorationLine;
    const colours = mode === "forced" ? { fg: r.style.color, bg: r.style.backgroundColor } :
      { fg: style.color, bg: style.backgroundColor };
    probe.remove();
    return { ...colours, line };
  })"""
#: How often each colour is painted in a PNG (decoded by the browser, on a page of its own).
PIXELS = """async png => {
  const img = new Image();
  img.src = "data:image/png;base64," + png;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.width;
  canvas.height = img.height;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data, counts = {};
  for (let i = 0; i < data.length; i += 4) {
    const key = data[i] + "," + data[i + 1] + "," + data[i + 2];
    counts[key] = (counts[key] || 0) + 1;
  }
  return counts;
}"""


#: System colours as this browser resolves them: [r, g, b, alpha].
SYSTEM_COLOURS = """names => names.map(name => {
  const el = document.body.appendChild(document.createElement("div"));
  el.style.backgroundColor = name;
  const [r, g, b, a = 1] = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).map(Number);
  return [r, g, b, a];
})"""


def rgb(value: str) -> list[float]:
    return [float(v) for v in value.strip("rgba()").split(",")[:3]]


def utf16(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[start * 2 : end * 2].decode("utf-16-le")


def marked_at(page: Any, word: list[float]) -> dict[str, Any]:
    """Pause in the middle of ``word`` of the current sentence; wait until the page marks its written span."""
    page.evaluate(f"{AUDIO}.pause(); {AUDIO}.currentTime = {(word[0] + word[1]) / 2}")
    sentence = page.evaluate(MARKS)["sentence"]
    expected = utf16(sentence, int(word[2]), int(word[3]))
    page.wait_for_function(
        "w => { const h = CSS.highlights.get('readable-word'); return !!h && [...h][0].toString() === w; }",
        arg=expected,
    )
    marks = dict(page.evaluate(MARKS))
    assert marks["inside"] and marks["sentence"] == sentence and marks["word"] == expected, (marks, word)
    return marks


def test_the_word_being_said_is_marked_inside_the_sentence(new_context: Any, demo_audio: Any) -> None:
    page = new_context().new_page()
    page.goto(demo_audio(SEED))
    press_play(page)
    cues = sentences(page)
    cue = next(s for s in cues if s["block_id"] == LATER)
    assert all(s.get("words") for s in cues), "the offline voice gives every sentence its word times"
    play_here(page, LATER)
    wait_current(page, LATER)
    # While it plays, the mark is a word of the sentence being read, and it moves on with the voice.
    page.wait_for_function("() => CSS.highlights.has('readable-word')")
    first = page.evaluate(MARKS)
    assert first["inside"] and first["word"] and first["word"] in first["sentence"], first
    texts = {utf16(first["sentence"], int(w[2]), int(w[3])) for w in cue["words"]}
    assert first["word"] in texts, (first, texts)
    page.wait_for_function(
        "w => { const h = CSS.highlights.get('readable-word'); return h && [...h][0].toString() !== w; }",
        arg=first["word"],
    )
    later = page.evaluate(MARKS)
    assert later["inside"] and later["word"] != first["word"], later
    # Stopped in the middle of a word, that very word is marked: its span in the sentence's written text.
    for word in (cue["words"][0], cue["words"][len(cue["words"]) // 2], cue["words"][-1]):
        assert marked_at(page, word)["word"].strip(), word
    # The end of the article clears both marks.
    page.evaluate(f"{AUDIO}.currentTime = {AUDIO}.duration - 0.05; {AUDIO}.play()")
    page.wait_for_function("() => !CSS.highlights.has('readable-sentence')")
    assert page.evaluate("CSS.highlights.has('readable-word')") is False


def test_audio_without_word_times_keeps_the_sentence_highlight(new_context: Any, demo_audio: Any) -> None:
    """gTTS gives no word times, nor did audio made before format 4: no word is marked, nothing breaks."""
    page = new_context().new_page()

    def strip(route: Any) -> None:
        meta = route.fetch().json()
        for sentence in meta.get("sentences", []):
            sentence.pop("words", None)
        route.fulfill(status=200, content_type="application/json", body=json.dumps(meta))

    page.route("**/readable/audio/*.json", strip)
    page.goto(demo_audio(SEED))
    press_play(page)
    play_here(page, LATER)
    wait_current(page, LATER)
    page.wait_for_function("() => CSS.highlights.has('readable-sentence')")
    page.wait_for_timeout(600)  # several frames and time updates
    assert page.evaluate(MARKS)["word"] is None


@pytest.mark.parametrize("theme", ["default", "contrast", "dark", "sepia"])
def test_the_word_mark_stands_out_in_every_theme(new_context: Any, demo_audio: Any, theme: str) -> None:
    """Its text keeps 7:1, it stands out 3:1 from the sentence highlight around it, with a non-colour cue
    (a line over it as well as under it), and it is painted over the sentence highlight."""
    page = playing_later_in(new_context, demo_audio, theme)
    (word,) = page.evaluate(RULES, ["readable-word", "page"])
    (sentence,) = page.evaluate(RULES, ["readable-sentence", "page"])
    assert contrast_ratio(rgb(word["fg"]), rgb(word["bg"])) >= 7, word
    assert contrast_ratio(rgb(word["bg"]), rgb(sentence["bg"])) >= 3, (word, sentence)
    assert "overline" in word["line"] and "underline" in word["line"], word
    # Painted: stopped on a word, its box shows the word's colour, not the sentence's.
    cue = next(s for s in sentences(page) if s["block_id"] == LATER)
    marked_at(page, cue["words"][1])
    box = page.evaluate(
        "() => { const r = [...CSS.highlights.get('readable-word')][0].getBoundingClientRect();"
        " return { x: r.x, y: r.y, width: r.width, height: r.height }; }"
    )
    png = page.screenshot(clip=box)
    blank = page.context.new_page()
    counts = blank.evaluate(PIXELS, base64.b64encode(png).decode())
    most = max(counts, key=counts.get)
    assert rgb(most) == rgb(word["bg"]), (most, word)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_forced_colours_mark_the_word_with_system_colours(
    new_context: Any, demo_audio: Any, scheme: str
) -> None:
    """The page's own colours inside the system's highlight: whatever the theme, the system keeps its text
    readable on its canvas and its highlight apart from its canvas (here Chromium's own forced colours)."""
    context = new_context(forced_colors="active", color_scheme=scheme)
    page = context.new_page()
    page.goto(demo_audio(SEED))
    (word,) = page.evaluate(RULES, ["readable-word", "forced"])
    (sentence,) = page.evaluate(RULES, ["readable-sentence", "forced"])
    assert (word["bg"], word["fg"], sentence["bg"]) == ("canvas", "canvastext", "highlight"), (word, sentence)
    system = context.new_page().evaluate(SYSTEM_COLOURS, ["Canvas", "CanvasText", "Highlight"])
    (*canvas, _), (*text, _), (*colour, alpha) = system
    highlight = [c * alpha + b * (1 - alpha) for c, b in zip(colour, canvas, strict=True)]  # over the page
    assert contrast_ratio(text, canvas) >= 7, system
    assert contrast_ratio(canvas, highlight) >= 3, system
