"""One cue at a time (issue 18): versions, saves, reviews, problems, and many writers at once."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from subs.project.cues import NoSuchCue, check_text, cue_states, review_cue
from subs.project.saves import Saver, save_cue
from subs.project.folder import Project, open_project
from subs.project.invites import Invites
from tests.subs.project.common import make_project, read_cues


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = open_project(make_project(tmp_path, ("ro", "none")))
    try:
        yield opened
    finally:
        opened.close()


def version(project: Project, n: int) -> str:
    return cue_states(project, "ro")[n - 1].version


def test_18_save_writes_file_and_rows_and_refuses_an_old_version(project: Project) -> None:
    old = version(project, 2)
    saved = save_cue(project, "ro", 2, "Locuiam\n\nlângă piață.  ", old, "Ana")
    assert saved.outcome == "saved"
    assert saved.cue.text == "Locuiam\nlângă piață."  # a blank line would end the SRT cue
    assert saved.cue.status == "edited" and saved.cue.version != old
    assert read_cues(project.folder / "languages/film.ro.srt")[1].text == "Locuiam\nlângă piață."
    assert project.state.slots("ro")[1].status == "edited"
    again = save_cue(project, "ro", 2, "Altceva.", old, "Radu")
    assert again.outcome == "conflict" and again.cue.text == "Locuiam\nlângă piață."
    assert read_cues(project.folder / "languages/film.ro.srt")[1].text == "Locuiam\nlângă piață."
    same = save_cue(project, "ro", 2, "Locuiam\nlângă piață.", saved.cue.version, "Radu")
    assert same.outcome == "unchanged" and same.cue.version == saved.cue.version
    cleared = save_cue(project, "ro", 2, "", saved.cue.version, "Radu")
    assert cleared.outcome == "saved" and cleared.cue.status == "empty"
    with pytest.raises(NoSuchCue):
        save_cue(project, "ro", 11, "x", old, "Ana")


def test_18_review_changes_the_version_and_skips_empty_cues(project: Project) -> None:
    saved = save_cue(project, "ro", 1, "Mă numesc Anna.", version(project, 1), "Ana")
    reviewed = review_cue(project, "ro", 1, "Radu", saved.cue.version)
    assert reviewed.outcome == "saved" and reviewed.cue.reviewed_by == "Radu"
    assert reviewed.cue.version != saved.cue.version
    # a save made against the text before the review is refused: the review is not lost
    assert save_cue(project, "ro", 1, "Altceva.", saved.cue.version, "Ana").outcome == "conflict"
    assert review_cue(project, "ro", 2, "Radu").outcome == "conflict"  # no text to approve


def test_18_problems_are_subs_validate_findings_per_cue(project: Project) -> None:
    assert [p.code for p in check_text(project, "ro", 3, "x" * 50)][:1] == ["cpl"]
    assert [p.code for p in check_text(project, "ro", 3, "My father was a tailor.")] == \
        ["untranslated"]
    assert check_text(project, "ro", 3, "Tatăl meu era croitor.") == ()
    save_cue(project, "ro", 3, "My father was a tailor.", version(project, 3), "Ana")
    problems = cue_states(project, "ro")[2].problems
    assert [p.code for p in problems] == ["untranslated"]
    assert "cue 3" in problems[0].message  # numbered as in the file, not in the window


def test_18_many_writers_at_once_lose_no_accepted_save(project: Project) -> None:
    lock = threading.Lock()

    @contextmanager
    def use() -> Iterator[Project]:  # as the workspace does: opened per use, in its thread
        with lock:
            opened = open_project(project.folder)
            try:
                yield opened
            finally:
                opened.close()

    invites = Invites(project.folder)
    saver = Saver(use, invites)
    start = version(project, 1)
    results: list[tuple[str, str, str, str]] = []  # outcome, sent, got, text

    def writer(k: int) -> None:
        seen = start
        for i in range(4):
            text = f"writer {k} save {i}"
            saved = saver.save("ro", 1, text, seen, f"w{k}")
            with lock:
                results.append((saved.outcome, seen, saved.cue.version, text))
            seen = saved.cue.version

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    invites.close()
    accepted = {sent: (got, text) for outcome, sent, got, text in results if outcome == "saved"}
    assert len(accepted) == sum(r[0] == "saved" for r in results)  # one save per version
    assert {r[0] for r in results} <= {"saved", "conflict"}
    current, last = start, None
    while current in accepted:
        current, last = accepted.pop(current)
    assert accepted == {} and last is not None  # one chain: nobody overwrote unseen
    assert read_cues(project.folder / "languages/film.ro.srt")[0].text == last


def test_18_a_glossary_name_expected_but_missing_shows_on_its_cue(tmp_path: Path) -> None:
    from tests.subs.project.common import run, source_cues, write_srt

    cues = source_cues()
    cues[4] = cues[4].replace(text="We drove to Kibbutz Re'im that winter.")
    src = write_srt(tmp_path / "film.en.srt", cues)
    names = tmp_path / "names.csv"
    names.write_text("term,variants,type,keep,ro\nKibbutz Re'im,,place,yes,Kibuțul Re'im\n",
                     encoding="utf-8")
    folder = tmp_path / "film"
    assert run("init", str(folder), "--source", str(src), "-g", str(names)).exit_code == 0
    assert run("lang", "add", "ro", "--engine", "none", "-C", str(folder)).exit_code == 0
    project = open_project(folder)
    try:
        missing = check_text(project, "ro", 5, "Am mers la kibuț în iarna aceea.")
        assert [p.code for p in missing] == ["glossary"]
        assert "Kibuțul Re'im" in missing[0].message
        assert check_text(project, "ro", 5, "Am mers la Kibuțul Re'im în iarna aceea.") == ()
        assert check_text(project, "ro", 4, "Mama lucra.") == ()  # only its own cue
    finally:
        project.close()
