// The workspace pages: a token from the link, the JSON API, nothing parsed as markup.
// Every text goes in with textContent; rules (versions, rights, checks) are the server's.
"use strict";

const params = new URLSearchParams(location.search);
if (params.has("token")) {
  sessionStorage.setItem("subs-token", params.get("token"));
  history.replaceState(null, "", location.pathname);  // the token leaves the address bar
}
const TOKEN = sessionStorage.getItem("subs-token") || "";

async function api(method, path, body) {
  const options = {method, headers: {"Authorization": "Bearer " + TOKEN}};
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const data = response.status === 204 ? null : await response.json();
  return {status: response.status, data};
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function showError(message) {
  const box = document.getElementById("error");
  box.textContent = message;
  box.hidden = !message;
}

function time(ms) {
  const s = Math.floor(ms / 1000), m = Math.floor(s / 60);
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:` +
    `${String(s % 60).padStart(2, "0")}.${String(ms % 1000).padStart(3, "0")}`;
}

async function header() {
  const [me, project] = await Promise.all([api("GET", "/api/me"), api("GET", "/api/project")]);
  if (me.status !== 200) { showError((me.data && me.data.error) || "not allowed"); return null; }
  const who = me.data;
  document.getElementById("me").textContent = who.role === "coordinator" ? "Coordinator" :
    `${who.name}: ${who.role} of ${who.language}`;
  const dashboard = document.body.dataset.page === "dashboard";
  document.getElementById("title").textContent =
    dashboard ? `${project.data.title}: workspace` : project.data.title;
  document.title = `${project.data.title}: workspace`;
  await api("POST", "/api/session");  // a cookie for the film and downloads (no header there)
  return {me: who, project: project.data};
}

// dashboard --------------------------------------------------------------------------------
async function dashboard() {
  const ctx = await header();
  if (!ctx) return;
  const {status, data} = await api("GET", "/api/languages");
  if (status !== 200) { showError(data.error); return; }
  const body = document.querySelector("#languages tbody");
  body.replaceChildren();
  for (const lang of data) {
    const row = el("tr");
    row.dataset.tag = lang.tag;
    const name = el("td");
    const link = el("a", `${lang.name} (${lang.tag})`);
    link.href = "/edit/" + encodeURIComponent(lang.tag);
    name.append(link);
    const bar = el("div", null, "bar");
    for (const part of ["reviewed", "edited", "machine", "empty"]) {
      const seg = el("span", null, "seg " + part);
      seg.style.width = (100 * lang[part] / Math.max(lang.cues, 1)) + "%";
      seg.title = `${lang[part]} ${part}`;
      bar.append(seg);
    }
    const staleBar = el("div", null, "stalebar");
    const st = el("span", null, "seg stale");
    st.style.width = (100 * lang.stale / Math.max(lang.cues, 1)) + "%";
    staleBar.append(st);
    const progress = el("td");
    progress.append(bar, staleBar, el("small",
      `${lang.reviewed} reviewed · ${lang.edited} edited · ${lang.machine} machine · ` +
      `${lang.empty} empty · ${lang.stale} stale`, "counts"));
    const last = el("td", lang.last_by ? `${lang.last_by}, ${lang.last_at}` : "nobody yet");
    const file = el("td");
    const dl = el("a", lang.file.split("/").pop());
    dl.href = "/download/" + encodeURIComponent(lang.tag);
    dl.setAttribute("download", "");
    file.append(dl);
    if (!lang.readable) file.append(el("span", " (unreadable: fix the file)", "error"));
    row.append(name, progress, el("td", lang.cues), last, file);
    body.append(row);
  }
}

// editor ------------------------------------------------------------------------------------
const state = {tag: "", cues: [], rows: [], current: 0, me: null, player: null, stopAt: null};

function mayReview() {
  const me = state.me;
  return me.role === "coordinator" || (me.role === "reviewer" && me.language === state.tag);
}

function mayWrite() {
  return state.me.role === "coordinator" || state.me.language === state.tag;
}

function renderProblems(row, problems) {
  const list = row.querySelector(".problems");
  list.replaceChildren(...problems.map(p => {
    const item = el("li", p.message, "problem " + p.severity);
    item.dataset.code = p.code;
    return item;
  }));
}

function fill(k, cue) {
  state.cues[k] = cue;
  const row = state.rows[k];
  row.dataset.status = cue.status;
  row.dataset.version = cue.version;
  row.classList.toggle("stale", cue.stale);
  row.querySelector(".status").textContent = cue.stale ? cue.status + ", stale" : cue.status;
  const who = [];
  if (cue.edited_by) who.push("edited by " + cue.edited_by);
  if (cue.reviewed_by) who.push("reviewed by " + cue.reviewed_by);
  row.querySelector(".who").textContent = who.join(", ");
  row.querySelector(".source").textContent = cue.source;
  const side = row.querySelector(".stale-source");
  side.hidden = !cue.stale;
  row.querySelector(".source").hidden = cue.stale;
  if (cue.stale) {
    side.querySelector(".old").textContent = cue.old_source;
    side.querySelector(".new").textContent = cue.source;
  }
  renderProblems(row, cue.problems);
}

function build(k, cue) {
  const row = document.getElementById("cue-template").content.firstElementChild.cloneNode(true);
  row.id = "cue-" + cue.n;
  row.dataset.n = cue.n;
  row.querySelector(".n").textContent = "#" + cue.n;
  row.querySelector(".time").textContent = `${time(cue.start_ms)} → ${time(cue.end_ms)}`;
  const box = row.querySelector(".text");
  box.value = cue.text;
  box.readOnly = !mayWrite();
  box.rows = Math.max(2, cue.text.split("\n").length);
  let checkTimer = null, saveTimer = null;
  box.addEventListener("input", () => {
    row.dataset.dirty = "1";
    clearTimeout(checkTimer);
    clearTimeout(saveTimer);
    checkTimer = setTimeout(() => check(k), 250);
    saveTimer = setTimeout(() => save(k), 1200);
  });
  box.addEventListener("blur", () => { clearTimeout(saveTimer); save(k); });
  box.addEventListener("focus", () => select(k, false));
  row.querySelector(".time").addEventListener("click", () => { select(k, true); play(k); });
  row.addEventListener("click", event => {
    if (event.target === row || event.target.classList.contains("source")) { select(k, true); play(k); }
  });
  const review = row.querySelector(".review");
  review.hidden = !mayReview();
  review.addEventListener("click", () => markReviewed(k));
  row.querySelector(".mine").addEventListener("click", () => {
    row.dataset.dirty = "1";
    save(k, true);
  });
  row.querySelector(".take").addEventListener("click", () => {
    box.value = state.cues[k].text;
    delete row.dataset.dirty;
    row.querySelector(".conflict").hidden = true;
    fill(k, state.cues[k]);
  });
  state.rows[k] = row;
  fill(k, cue);
  return row;
}

async function check(k) {
  const row = state.rows[k];
  const text = row.querySelector(".text").value;
  const {status, data} = await api("POST", `/api/languages/${encodeURIComponent(state.tag)}` +
    `/cues/${state.cues[k].n}/check`, {text});
  if (status === 200 && row.querySelector(".text").value === text) renderProblems(row, data.problems);
  caption();
}

async function save(k, force) {
  const row = state.rows[k];
  if (!row.dataset.dirty || !mayWrite()) return;
  if (!force && !row.querySelector(".conflict").hidden) return;  // decide the conflict first
  const text = row.querySelector(".text").value;
  delete row.dataset.dirty;
  row.classList.add("saving");
  const {status, data} = await api("PUT", `/api/languages/${encodeURIComponent(state.tag)}` +
    `/cues/${state.cues[k].n}`, {text, version: state.cues[k].version});
  row.classList.remove("saving");
  const conflict = row.querySelector(".conflict");
  if (status === 200) {
    conflict.hidden = true;
    fill(k, data);
    if (row.querySelector(".text").value !== text) row.dataset.dirty = "1";
    document.getElementById("saved").textContent = `Cue ${data.n} saved.`;
  } else if (status === 409) {
    // someone saved first (or the file changed on disk): keep this person's text, show theirs
    state.cues[k] = data;
    row.dataset.version = data.version;
    conflict.querySelector(".why").textContent = data.conflict;
    conflict.querySelector(".theirs").textContent = data.text;
    conflict.hidden = false;
    row.dataset.dirty = "1";
    row.classList.add("conflicted");
  } else {
    row.dataset.dirty = "1";
    showError((data && data.error) || `saving cue ${state.cues[k].n} failed (${status})`);
  }
}

async function markReviewed(k) {
  const row = state.rows[k];
  await save(k);
  const {status, data} = await api("POST", `/api/languages/${encodeURIComponent(state.tag)}` +
    `/cues/${state.cues[k].n}/review`, {version: state.cues[k].version});
  if (status === 200) fill(k, data);
  else showError((data && (data.conflict || data.error)) || `review failed (${status})`);
  row.classList.toggle("conflicted", status === 409);
}

function select(k, focus) {
  if (k < 0 || k >= state.rows.length) return;
  state.rows[state.current].classList.remove("current");
  state.current = k;
  const row = state.rows[k];
  row.classList.add("current");
  if (focus) {
    row.querySelector(".text").focus({preventScroll: true});
    row.scrollIntoView({block: "nearest"});
  }
}

function play(k) {
  const player = state.player;
  if (!player) return;
  const cue = state.cues[k];
  player.currentTime = cue.start_ms / 1000;
  state.stopAt = cue.end_ms / 1000;
  const started = player.play();
  if (started) started.catch(() => {});
}

function caption() {
  const box = document.getElementById("caption");
  const player = state.player;
  const ms = player ? player.currentTime * 1000 : -1;
  const k = state.cues.findIndex(c => c.start_ms <= ms && ms < c.end_ms);
  box.textContent = k >= 0 ? state.rows[k].querySelector(".text").value : "";
  box.hidden = k < 0;
}

async function editor() {
  state.tag = decodeURIComponent(location.pathname.split("/").pop());
  const ctx = await header();
  if (!ctx) return;
  state.me = ctx.me;
  document.title = `${state.tag}: ${ctx.project.title}`;
  const {status, data} = await api("GET", `/api/languages/${encodeURIComponent(state.tag)}/cues`);
  if (status !== 200) { showError(data.error); return; }
  const list = document.getElementById("cues");
  list.lang = state.tag;
  list.replaceChildren(...data.map((cue, k) => build(k, cue)));
  if (state.rows.length) select(0, false);
  if (ctx.project.media) {
    const player = document.getElementById(ctx.project.media === "audio" ? "audio" : "player");
    player.src = "/media";
    player.hidden = false;
    state.player = player;
    player.addEventListener("timeupdate", () => {
      if (state.stopAt !== null && player.currentTime >= state.stopAt) {
        player.pause();
        state.stopAt = null;
      }
      caption();
    });
    player.addEventListener("seeked", caption);
  }
  document.addEventListener("keydown", event => {
    if (!event.altKey) return;
    const keys = {ArrowDown: () => select(state.current + 1, true),
                  ArrowUp: () => select(state.current - 1, true),
                  p: () => play(state.current), r: () => mayReview() && markReviewed(state.current)};
    const action = keys[event.key] || keys[event.key.toLowerCase()] ||
      {KeyP: keys.p, KeyR: keys.r}[event.code];
    if (action) { event.preventDefault(); action(); }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  const run = page === "editor" ? editor : dashboard;
  run().catch(err => showError(String(err)));
});
