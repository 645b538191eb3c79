"""The workspace in a real browser: headless Debian Chromium, Selenium, a real ``subs serve``.

A volunteer opens an invite link, edits three cues, sees a line-length problem appear while
typing and go away when fixed, reloads and finds the edits, which are in ``languages/``; a second
browser (the coordinator, from the dashboard) saving a cue the volunteer saved first gets the
conflict and loses nothing; a ``<script>`` in a cue shows as text. The film is a silent WAV (an
audio-only film) served with the page's cookie. With ``SUBS_WORKSPACE_SCREENSHOTS=DIR`` the
dashboard and editor screenshots for docs/workspace.md are written there.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.browser.test_web_page import CHROMEDRIVER, CHROMIUM, silent_wav
from tests.subs.project.common import read_cues, run, source_cues, write_srt
from tests.subs.workspace.common import Served, invite, serve

SCRIPT = '<script>document.title="pwned"</script> was typed here.'

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                       reason="Debian chromium and chromium-driver are not installed"),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    cues = source_cues()
    cues[7] = cues[7].replace(text=SCRIPT)
    src = write_srt(tmp_path / "film.en.srt", cues)
    silent_wav(tmp_path / "film.wav", seconds=32)
    folder = tmp_path / "film"
    assert run("init", str(folder), "--source", str(src), "--audio",
               str(tmp_path / "film.wav")).exit_code == 0
    for tag, engine in (("ro", "none"), ("es", "apertium")):
        assert run("lang", "add", tag, "--engine", engine, "-C", str(folder)).exit_code == 0
    return folder


@pytest.fixture
def server(project: Path) -> Iterator[Served]:
    with serve(project) as served:
        yield served
    assert served.process.returncode == 0


def chrome(profile: Path) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--window-size=1100,760", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)


@pytest.fixture
def browsers(tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    first = chrome(tmp_path / "profile-a")
    try:
        second = chrome(tmp_path / "profile-b")
        try:
            yield first, second
        finally:
            second.quit()
    finally:
        first.quit()


def wait_for(driver: Any, script: str, *args: Any, timeout_s: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout_s
    value = None
    while time.monotonic() < deadline:
        value = driver.execute_script(script, *args)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {script} {args}; last value {value!r}")


def type_into(driver: Any, n: int, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.CSS_SELECTOR, f"#cue-{n} textarea")
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    box.send_keys(text)


CODES = "return [...document.querySelectorAll('#cue-' + arguments[0] + ' .problems li')]" \
        ".map(li => li.dataset.code)"
SAVED = """const row = document.getElementById('cue-' + arguments[0]);
return row && !row.dataset.dirty && !row.classList.contains('saving')
       && row.dataset.status === arguments[1];"""


def test_18_volunteer_edits_in_the_browser_and_a_second_editor_gets_the_conflict(
        browsers: tuple[Any, Any], server: Served, project: Path) -> None:
    volunteer, coordinator = browsers
    token = invite(project, "Vera", "ro")
    volunteer.get(server.link(token))  # the link subs invite printed: the dashboard
    wait_for(volunteer, "return document.querySelector('tr[data-tag=\"ro\"]')")
    assert "token" not in volunteer.current_url  # the token leaves the address bar
    volunteer.find_element("link text", "Romanian (ro)").click()
    wait_for(volunteer, "return document.querySelectorAll('#cues .cue').length === 10")
    assert volunteer.execute_script(  # a translator cannot review
        "return document.querySelector('#cue-1 .review').hidden") is True

    # a line too long appears while typing, and goes when fixed (before any save)
    type_into(volunteer, 1, "Numele meu este Anna si m-am nascut in orasul Lodz")
    wait_for(volunteer, f"return ({CODES.replace('return ', '')}).includes('cpl')", 1)
    type_into(volunteer, 1, "Mă numesc Anna,\nm-am născut în Lodz.")
    wait_for(volunteer, f"return !({CODES.replace('return ', '')}).includes('cpl')", 1)
    type_into(volunteer, 2, "Locuiam lângă piață.")
    type_into(volunteer, 3, "Tatăl meu era croitor.")
    volunteer.find_element("css selector", "#cue-4 textarea").click()  # leaves cue 3: saved
    for n in (1, 2, 3):
        wait_for(volunteer, SAVED, n, "edited")

    volunteer.refresh()
    wait_for(volunteer, "return document.querySelectorAll('#cues .cue').length === 10")
    texts = volunteer.execute_script(
        "return [...document.querySelectorAll('#cues textarea')].slice(0, 3).map(t => t.value)")
    assert texts == ["Mă numesc Anna,\nm-am născut în Lodz.", "Locuiam lângă piață.",
                     "Tatăl meu era croitor."]
    on_disk = [c.text for c in read_cues(project / "languages/film.ro.srt")]
    assert on_disk[:3] == texts and on_disk[3:] == [""] * 7

    # the coordinator opens the dashboard link, sees the progress, and opens the editor
    coordinator.get(server.link())
    wait_for(coordinator, "return document.querySelector('tr[data-tag=\"ro\"]')")
    row = coordinator.execute_script(
        "return document.querySelector('tr[data-tag=\"ro\"]').textContent")
    assert "3 edited" in row and "Vera" in row
    coordinator.find_element("link text", "Romanian (ro)").click()
    wait_for(coordinator, "return document.querySelectorAll('#cues .cue').length === 10")
    # media came with the page's cookie (a <audio> cannot send the token header)
    wait_for(coordinator, "return document.getElementById('audio').readyState >= 1")
    # the volunteer saves cue 4 first; the coordinator's older view of it gets the conflict
    type_into(volunteer, 4, "Mama lucra într-un magazin.")
    volunteer.find_element("css selector", "#cue-5 textarea").click()
    wait_for(volunteer, SAVED, 4, "edited")
    type_into(coordinator, 4, "Mama mea lucra la un magazin mic.")
    coordinator.find_element("css selector", "#cue-5 textarea").click()
    wait_for(coordinator, "return !document.querySelector('#cue-4 .conflict').hidden")
    assert coordinator.execute_script(
        "return document.querySelector('#cue-4 .theirs').textContent") == \
        "Mama lucra într-un magazin."
    assert coordinator.execute_script(
        "return document.querySelector('#cue-4 textarea').value") == \
        "Mama mea lucra la un magazin mic."
    assert read_cues(project / "languages/film.ro.srt")[3].text == "Mama lucra într-un magazin."

    # a <script> (in the source and typed in a cue) is text, never markup
    type_into(volunteer, 8, SCRIPT)
    volunteer.find_element("css selector", "#cue-9 textarea").click()
    wait_for(volunteer, SAVED, 8, "edited")
    coordinator.refresh()
    wait_for(coordinator, "return document.querySelectorAll('#cues .cue').length === 10")
    assert coordinator.execute_script(
        "return [document.querySelector('#cue-8 .source').textContent,"
        " document.querySelector('#cue-8 textarea').value]") == [SCRIPT, SCRIPT]
    assert coordinator.execute_script("return document.querySelectorAll('script').length") == 1
    assert "pwned" not in coordinator.title

    # keyboard: next cue, play cue (the audio seeks to the cue and the caption shows it)
    coordinator.find_element("css selector", "#cue-1 textarea").click()
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(coordinator).key_down(Keys.ALT).send_keys(Keys.ARROW_DOWN).key_up(
        Keys.ALT).perform()
    wait_for(coordinator, "return document.getElementById('cue-2').classList.contains('current')")
    ActionChains(coordinator).key_down(Keys.ALT).send_keys("p").key_up(Keys.ALT).perform()
    wait_for(coordinator, "return document.getElementById('caption').textContent === "
             "'Locuiam lângă piață.'")
    assert 4.0 <= coordinator.execute_script(
        "return document.getElementById('audio').currentTime") <= 6.6
    ActionChains(coordinator).key_down(Keys.ALT).send_keys("r").key_up(Keys.ALT).perform()
    wait_for(coordinator, SAVED, 2, "reviewed")
    assert read_cues(project / "languages/film.ro.srt")[1].text == "Locuiam lângă piață."

    shots = os.environ.get("SUBS_WORKSPACE_SCREENSHOTS")
    if shots:  # for docs/workspace.md: cue 3's source corrected, so it shows stale
        changed = source_cues()
        changed[7] = changed[7].replace(text=SCRIPT)
        changed[2] = changed[2].replace(text="My father was a tailor in Lodz.")
        new = write_srt(project.parent / "film.v2.en.srt", changed)
        assert run("update", "--source", str(new), "-q", "-C", str(project)).exit_code == 0
        coordinator.refresh()
        wait_for(coordinator, "return document.querySelectorAll('#cues .cue').length === 10")
        type_into(coordinator, 4, "Mama lucra într-un magazin mic, lângă piața mare a orașului.")
        wait_for(coordinator, f"return ({CODES.replace('return ', '')}).includes('cpl')", 4)
        coordinator.execute_script("document.getElementById('cue-2').scrollIntoView()")
        coordinator.save_screenshot(str(Path(shots) / "workspace-editor.png"))
        volunteer.get(server.base + "/")
        wait_for(volunteer, "return document.querySelector('tr[data-tag=\"ro\"]')")
        volunteer.save_screenshot(str(Path(shots) / "workspace-dashboard.png"))
    for driver in (volunteer, coordinator):
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"
                  and "favicon" not in e["message"] and "409" not in e["message"]]
        assert errors == []
