"""The pack's web page in a real browser: headless Debian Chromium driven by Selenium.

The page is served over HTTP on 127.0.0.1 (tracks do not load from file://), with ``.vtt`` as
``text/vtt``. The pack comes from the hand-written English and Hebrew fixtures, so no model or
engine runs; the media is a generated silent WAV long enough to seek to every cue, placed
with ``--media link`` (a symbolic link in ``web/``: audit of issue 7, a ``../../`` link in the
page answered 404 over HTTP); a copy is a plain file in the same place.
"""
from __future__ import annotations

import functools
import io
import http.server
import shutil
import threading
import time
import wave
from pathlib import Path
from typing import Any, Iterator

import pytest

from subtitles.io import load_track

DATA = Path(__file__).resolve().parents[1] / "subs" / "packing" / "data"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
TITLE = 'Roads <script>document.title="pwned"</script> & "quotes"'

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                       reason="Debian chromium and chromium-driver are not installed"),
]


def silent_wav(path: Path, seconds: int = 15) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(b"\0\0" * 8000 * seconds)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    from subs.packing.pipeline import PackOptions, publish

    media = tmp_path / "roads.wav"
    silent_wav(media)
    en = load_track(DATA / "roads.en.srt").track
    he = load_track(DATA / "roads.he.srt").track
    opts = PackOptions(input=media, out=tmp_path / "pack", targets=("he",), title=TITLE,
                       platforms=("web",), media="link")
    publish(opts, {"en": en, "he": he}, {})
    return tmp_path / "pack"


@pytest.fixture
def server(pack: Path) -> Iterator[str]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                          ".vtt": "text/vtt", ".wav": "audio/wav"}

        def log_message(self, *args: Any) -> None:
            pass

        def send_head(self) -> Any:
            # Browsers seek media only when the server honours Range (http.server does not).
            spec = self.headers.get("Range", "")
            path = Path(self.translate_path(self.path))
            if not spec.startswith("bytes=") or not path.is_file():
                return super().send_head()
            data = path.read_bytes()
            first, _, last = spec[len("bytes="):].partition("-")
            start, end = int(first or 0), int(last) if last else len(data) - 1
            body = data[start:end + 1]
            self.send_response(206)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            return io.BytesIO(body)

    handler = functools.partial(Handler, directory=str(pack / "web"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--autoplay-policy=no-user-gesture-required", "--window-size=1000,800",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                              options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(tmp_path / "profile", ignore_errors=True)


def wait_for(driver: Any, script: str, timeout_s: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    state = driver.execute_script("""const v = document.getElementById('player');
        return [v.seeking, v.currentTime, v.duration, v.readyState, v.error && v.error.code,
                [...v.textTracks].map(t => [t.language, t.mode,
                                            t.activeCues && t.activeCues.length])]""")
    raise AssertionError(f"timed out waiting for: {script}; player: {state}")


def wait_equal(driver: Any, script: str, expected: Any, timeout_s: float = 60.0) -> None:
    """Poll until the script returns ``expected`` (the page updates on its own events)."""
    deadline = time.monotonic() + timeout_s
    value = None
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value == expected:
            return
        time.sleep(0.1)
    assert value == expected


SHOW_AT = """
const [lang, seconds] = arguments;
const video = document.getElementById('player');
for (const t of video.textTracks) t.mode = (t.language === lang) ? 'showing' : 'disabled';
video.currentTime = seconds;
"""
ACTIVE = """
const lang = arguments[0];
const video = document.getElementById('player');
if (video.seeking) return null;
const track = [...video.textTracks].find(t => t.language === lang);
if (!track.activeCues || track.activeCues.length === 0) return null;
return [...track.activeCues].map(c => c.getCueAsHTML().textContent).join('|');
"""


CAPTION_BOX = """
const box = document.getElementById('captions');
return box.textContent ? [box.textContent, box.lang, box.dir, box.hidden] : null;"""


def active_text(driver: Any, lang: str, seconds: float) -> str:
    driver.execute_script(SHOW_AT, lang, seconds)
    return str(wait_for(driver, f"return (function(){{{ACTIVE}}}).apply(null, arguments)"
                        .replace("arguments)", f"[{lang!r}])")))


def test_every_track_loads_and_switching_shows_the_right_cue(browser: Any, server: str,
                                                            tmp_path: Path) -> None:
    browser.get(server)
    # Every <track> loads: readyState 2 (LOADED), none 3 (ERROR: a MIME or CORS failure).
    browser.execute_script("for (const t of document.getElementById('player').textTracks) "
                           "t.mode = 'hidden';")
    states = wait_for(browser, """
        const s = [...document.querySelectorAll('track')].map(t => t.readyState);
        return s.every(x => x >= 2) ? s : null;""")
    assert states == [2, 2]
    tracks = browser.execute_script("""return [...document.querySelectorAll('track')].map(
        t => [t.srclang, t.label, t.default, t.track.cues.length])""")
    assert tracks == [["en", "English", True, 4], ["he", "עברית", False, 4]]
    # The linked media loads over HTTP (readyState >= 1: its metadata came).
    wait_for(browser, "return document.getElementById('player').readyState >= 1")
    assert browser.execute_script("return document.getElementById('player').duration") == 15

    assert active_text(browser, "en", 5.0) == "Kibbutz Re'im & the Nova festival."
    assert active_text(browser, "he", 5.0) == "קיבוץ רעים ופסטיבל נובה."
    # Audio only: the caption box below the player shows the cue, right to left for Hebrew.
    wait_equal(browser, CAPTION_BOX, ["קיבוץ רעים ופסטיבל נובה.", "he", "rtl", False])
    assert active_text(browser, "en", 2.0) == "We drove south on Route 232."

    # A <script> typed into a cue is text, not markup: it shows as typed and never runs.
    assert active_text(browser, "en", 8.0) == '<script>alert("x")</script> was typed here.'
    assert browser.execute_script(
        "return document.querySelectorAll('script').length") == 1  # the page's own
    assert browser.title == TITLE  # the title is escaped too: its script did not run either
    wait_equal(browser, CAPTION_BOX, ['<script>alert("x")</script> was typed here.', "en", "ltr",
                                      False])
    browser.save_screenshot(str(tmp_path / "web-page.png"))
    assert (tmp_path / "web-page.png").stat().st_size > 1000

    errors = [entry for entry in browser.get_log("browser")
              if entry["level"] == "SEVERE" and "favicon" not in entry["message"]]
    assert errors == []
