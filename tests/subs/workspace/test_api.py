"""The workspace's JSON contract and its safety list, on a real ``subs serve`` over loopback."""
from __future__ import annotations

import http.client
import json
import sqlite3
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.subs.project.common import edit_cue, make_project, read_cues, run, source_cues, \
    write_srt
from tests.subs.workspace.common import Served, invite, request, serve

LANGUAGE_FIELDS = {"tag", "name", "cues", "machine", "edited", "reviewed", "stale", "empty"}
CUE_FIELDS = {"n", "start_ms", "end_ms", "source", "text", "status", "stale", "reviewed_by",
              "version", "problems"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("ws"), ("ro", "none"), ("de", "none"))


@pytest.fixture(scope="module")
def server(project: Path) -> Iterator[Served]:
    with serve(project) as served:
        yield served
    assert served.process.returncode == 0  # Ctrl-C stops it cleanly


@pytest.fixture(scope="module")
def tokens(project: Path, server: Served) -> dict[str, str]:
    return {"ana": invite(project, "Ana", "ro"), "rev": invite(project, "Radu", "ro", "reviewer")}


def cues(server: Served, tag: str, token: str | None = None) -> list[dict[str, Any]]:
    status, body = request("GET", f"{server.base}/api/languages/{tag}/cues",
                           token or server.token)
    assert status == 200, body
    return list(body)


def put(server: Served, tag: str, n: int, text: str, version: str, token: str
        ) -> tuple[int, Any]:
    return request("PUT", f"{server.base}/api/languages/{tag}/cues/{n}", token,
                   {"text": text, "version": version})


def test_18_languages_and_cues_have_the_contract_fields(server: Served) -> None:
    status, rows = request("GET", f"{server.base}/api/languages", server.token)
    assert status == 200
    assert [r["tag"] for r in rows] == ["de", "ro"]
    assert LANGUAGE_FIELDS <= set(rows[0])
    assert rows[1]["name"] == "Romanian" and rows[1]["cues"] == 10
    first = cues(server, "de")[0]
    assert CUE_FIELDS <= set(first)
    assert (first["n"], first["start_ms"], first["end_ms"]) == (1, 1000, 3500)
    assert first["source"] == "My name is Anna and I was born in Lodz."
    assert first["status"] == "empty" and first["stale"] is False


def test_18_a_save_reaches_the_file_and_status_and_a_stale_version_gets_409(
        server: Served, project: Path, tokens: dict[str, str]) -> None:
    cue = cues(server, "ro")[2]
    status, saved = put(server, "ro", 3, "Tatăl meu era croitor.", cue["version"], tokens["ana"])
    assert status == 200, saved
    assert saved["text"] == "Tatăl meu era croitor." and saved["status"] == "edited"
    assert saved["edited_by"] == "Ana" and saved["version"] != cue["version"]
    assert read_cues(project / "languages/film.ro.srt")[2].text == "Tatăl meu era croitor."
    out = run("status", "--format", "json", "-C", str(project))
    ro = [r for r in json.loads(out.output)["languages"] if r["language"] == "ro"][0]
    assert ro["edited"] == 1
    # a second editor still holding the old version: refused with the current cue
    status, body = put(server, "ro", 3, "Tata era croitor.", cue["version"], tokens["rev"])
    assert status == 409
    assert body["text"] == "Tatăl meu era croitor." and body["version"] == saved["version"]
    assert "first" in body["conflict"]
    assert read_cues(project / "languages/film.ro.srt")[2].text == "Tatăl meu era croitor."


def test_18_a_translator_writes_only_its_language_and_cannot_review(
        server: Served, tokens: dict[str, str]) -> None:
    de = cues(server, "de", tokens["ana"])[0]  # reading any language is allowed
    assert put(server, "de", 1, "Ich heiße Anna.", de["version"], tokens["ana"])[0] == 403
    assert cues(server, "de")[0]["text"] == ""
    review = f"{server.base}/api/languages/ro/cues/3/review"
    assert request("POST", review, tokens["ana"])[0] == 403
    status, body = request("POST", review, tokens["rev"])
    assert status == 200, body
    assert body["status"] == "reviewed" and body["reviewed_by"] == "Radu"
    # a cue without text has nothing to approve
    status, body = request("POST", f"{server.base}/api/languages/ro/cues/9/review",
                           tokens["rev"])
    assert status == 409 and "no text" in body["conflict"]


def test_18_missing_things_and_bad_tokens(server: Served, project: Path,
                                          tokens: dict[str, str]) -> None:
    base, token = server.base, server.token
    assert request("GET", f"{base}/api/languages/fr/cues", token)[0] == 404
    assert request("GET", f"{base}/api/languages/xx-notalanguage/cues", token)[0] == 404
    assert put(server, "ro", 11, "x", "0", token)[0] == 404
    assert put(server, "ro", 0, "x", "0", token)[0] == 404
    assert request("GET", f"{base}/api/languages")[0] == 401
    assert request("GET", f"{base}/api/languages", "not-a-token")[0] == 401
    assert request("PUT", f"{base}/api/languages/ro/cues/1", token, ["x"])[0] == 400
    gone = invite(project, "Gone", "ro")
    assert request("GET", f"{base}/api/languages", gone)[0] == 200
    assert run("invite", "--revoke", "Gone", "-C", str(project)).exit_code == 0
    assert request("GET", f"{base}/api/languages", gone)[0] == 401


def raw(server: Served, method: str, path: str, headers: dict[str, str],
        body: bytes | None = None) -> http.client.HTTPResponse:
    host, port = server.base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request(method, path, body=body, headers=headers)
    return conn.getresponse()


def test_18_host_origin_body_limit_headers(server: Served) -> None:
    auth = {"Authorization": f"Bearer {server.token}"}
    # DNS rebinding: the attacker's name in Host is refused, even with a valid token
    assert raw(server, "GET", "/api/languages", {**auth, "Host": "evil.example:80"}).status == 421
    port = server.base.rsplit(":", 1)[1]
    assert raw(server, "GET", "/api/languages", {**auth, "Host": f"evil.example:{port}"}
               ).status == 421
    ok = raw(server, "GET", "/api/languages", {**auth, "Origin": server.base})
    assert ok.status == 200
    assert ok.getheader("Access-Control-Allow-Origin") is None
    assert "script-src 'self'" in (ok.getheader("Content-Security-Policy") or "")
    assert ok.getheader("X-Content-Type-Options") == "nosniff"
    cross = raw(server, "GET", "/api/languages", {**auth, "Origin": "http://evil.example"})
    assert cross.status == 403 and cross.getheader("Access-Control-Allow-Origin") is None
    big = json.dumps({"text": "x" * 70_000, "version": "0"}).encode()
    assert raw(server, "PUT", "/api/languages/ro/cues/1",
               {**auth, "Content-Type": "application/json"}, big).status == 413
    page = raw(server, "GET", "/", {})
    assert page.status == 200 and "default-src 'none'" in page.getheader(
        "Content-Security-Policy", "")


def test_18_no_url_reaches_other_files(server: Served) -> None:
    auth = {"Authorization": f"Bearer {server.token}"}
    for path in ("/download/..%2F..%2F..%2Fetc%2Fpasswd", "/download/../subs.toml",
                 "/static/..%2F..%2F__init__.py", "/download/%2Fetc%2Fpasswd",
                 "/static/../app.py"):
        response = raw(server, "GET", path, auth)
        assert response.status == 404, path
        assert b"root:" not in response.read()
    ok = raw(server, "GET", "/download/ro", auth)
    assert ok.status == 200 and b"Tat" in ok.read()
    assert raw(server, "GET", "/download/ro", {}).status == 401


def test_18_a_file_edited_on_disk_is_never_overwritten(server: Served, project: Path,
                                                       tokens: dict[str, str]) -> None:
    path = project / "languages/film.de.srt"
    edit_cue(path, 2, "Wir wohnten am Marktplatz.")
    before = path.read_bytes()
    shown = cues(server, "de")
    assert shown[1]["text"] == "Wir wohnten am Marktplatz."  # the file's text is shown
    status, body = put(server, "de", 4, "Meine Mutter.", shown[3]["version"], server.token)
    assert status == 409 and "changed on disk" in body["conflict"]
    assert path.read_bytes() == before
    # taken in with subs lang import, saving works again
    assert run("lang", "import", "de", str(path), "-C", str(project)).exit_code == 0
    status, body = put(server, "de", 4, "Meine Mutter.", cues(server, "de")[3]["version"],
                       server.token)
    assert status == 200, body
    assert [c.text for c in read_cues(path)][1:4] == ["Wir wohnten am Marktplatz.", "",
                                                       "Meine Mutter."]


def test_18_a_stale_cue_shows_old_and_new_source(server: Served, project: Path) -> None:
    first = cues(server, "de")[4]
    assert put(server, "de", 5, "Im Winter änderte sich alles.", first["version"],
               server.token)[0] == 200
    changed = source_cues()
    changed[4] = changed[4].replace(text="In the winter of 1939 everything changed.")
    new = write_srt(project.parent / "film.v2.en.srt", changed)
    assert run("update", "--source", str(new), "-q", "-C", str(project)).exit_code == 0
    cue = cues(server, "de")[4]
    assert cue["stale"] is True
    assert cue["old_source"] == "In the winter everything changed."
    assert cue["source"] == "In the winter of 1939 everything changed."
    # a save against the version before the update is refused (the cue changed under it)
    assert put(server, "de", 5, "x", first["version"], server.token)[0] == 409


def test_18_live_check_uses_the_profile(server: Served) -> None:
    url = f"{server.base}/api/languages/ro/cues/1/check"
    status, body = request("POST", url, server.token, {"text": "x" * 60})
    assert status == 200
    assert "cpl" in [p["code"] for p in body["problems"]]
    status, body = request("POST", url, server.token,
                           {"text": "My name is Anna and I was born in Lodz."})
    assert [p["code"] for p in body["problems"]] == ["untranslated"]
    assert request("POST", url, server.token, {"text": "Mă numesc Anna."})[1]["problems"] == []


def test_18_tokens_are_stored_hashed_and_never_listed(project: Path,
                                                      tokens: dict[str, str]) -> None:
    db = sqlite3.connect(project / ".subs/workspace.sqlite")
    stored = " ".join(str(v) for row in db.execute("SELECT * FROM invites") for v in row)
    db.close()
    assert tokens["ana"] not in stored and len(tokens["ana"]) >= 32  # 192 bits, base64url
    listed = run("invite", "--list", "-C", str(project))
    assert listed.exit_code == 0
    assert "Ana\ttranslator\tro" in listed.output and tokens["ana"] not in listed.output
    again = run("invite", "Ana", "--lang", "ro", "-C", str(project))
    assert again.exit_code == 1 and "already invited" in again.output
    bad = run("invite", "Bob", "--lang", "fr", "-C", str(project))
    assert bad.exit_code == 1 and "not in this project" in bad.output
    assert run("invite", "--list", "Bob", "-C", str(project)).exit_code == 2
