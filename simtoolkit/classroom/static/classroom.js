// The classroom's pages: the join form, a trainee's page and the trainer's console. Data comes from the
// server as JSON, already in the page's language; this script only lays it out (no library, nothing fetched
// from elsewhere).
"use strict";

const query = new URLSearchParams(location.search);
const kind = document.body.dataset.kind;
const lang = document.body.dataset.lang;
let words = {};

function el(tag, attrs, ...children) {
  // an element with attributes and text or element children (text is never parsed as HTML)
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function table(id, header, rows) {
  // a table with a header row and rows of cells
  return el("table", {id},
    el("thead", {}, el("tr", {}, header.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.map((r) => el("tr", r.attrs || {}, r.cells.map((c) => el("td", {}, c))))));
}

function tokens(extra) {
  // the tokens and language this page was opened with, for the data it asks for
  const p = new URLSearchParams();
  for (const k of ["s", "t"]) if (query.get(k)) p.set(k, query.get(k));
  p.set("lang", lang);
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  return p.toString();
}

function languageLink() {
  // the switch to the other language keeps the page and its tokens
  const p = new URLSearchParams(location.search);
  p.set("lang", lang === "zh" ? "en" : "zh");
  const a = document.getElementById("language");
  a.href = location.pathname + "?" + p.toString();
  a.textContent = lang === "zh" ? "English" : "中文";
}

async function post(url, body) {
  // a JSON POST; the server's one-line reason on failure
  const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body || {})});
  if (!r.ok) throw new Error(await r.text());
  return r.json();
}

async function follow(url, render) {
  // long-poll the page's data: each answer comes when something changed (or after the server's wait)
  let version = -1;
  for (;;) {
    try {
      const r = await fetch(url + "?" + tokens({since: version}));
      if (!r.ok) { show("error", await r.text()); await sleep(3000); continue; }
      const data = await r.json();
      words = data.words;
      if (data.version !== version) { version = data.version; render(data); }
    } catch (e) {
      await sleep(2000);
    }
  }
}

function sleep(ms) { return new Promise((done) => setTimeout(done, ms)); }

function show(id, text) {
  let node = document.getElementById(id);
  if (!node) { node = el("p", {id, class: "note"}); document.getElementById("main").prepend(node); }
  node.textContent = text;
}

function section(id, title) {
  // a titled section of the page, created once, its body replaced on each update
  let node = document.getElementById(id);
  if (!node) {
    node = el("section", {id}, el("h2", {}, title), el("div", {class: "body"}));
    document.getElementById("main").append(node);
  }
  return node.querySelector(".body");
}

function countdown(data) {
  return data.seconds_left === null || data.seconds_left === undefined || data.finished ? "" : ` · ${data.seconds_left} s`;
}

// ---- the join form ---------------------------------------------------------------------------
function joinPage() {
  const code = (location.pathname.match(/^\/j\/([A-Za-z0-9]+)/) || [])[1] || "";
  const zh = lang === "zh";
  const name = el("input", {id: "name", autocomplete: "name"});
  const codeBox = el("input", {id: "code", value: code, autocapitalize: "characters"});
  const error = el("p", {id: "join-error", class: "note"});
  const button = el("button", {id: "join", type: "submit"}, zh ? "加入课堂" : "Join the class");
  const form = el("form", {id: "join-form"},
    el("label", {}, zh ? "姓名 " : "Your name ", name), el("label", {}, zh ? "加入码 " : "Join code ", codeBox), button, error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const seat = await post("/api/join", {name: name.value, code: codeBox.value});
      location.href = seat.page + "&lang=" + lang;
    } catch (e) {
      error.textContent = (zh ? "无法加入:" : "Cannot join: ") + e.message;
    }
  });
  document.getElementById("main").append(form);
}

// ---- a trainee's page ------------------------------------------------------------------------
function traineePage() {
  const key = location.pathname.split("/").pop();
  follow("/api/seat/" + key, (d) => renderTrainee(d, key));
}

function renderTrainee(d, key) {
  const w = d.words;
  document.getElementById("title").textContent = w.title;
  document.getElementById("address").textContent = w.listening.replace("{address}", d.address);
  const head = section("head", w.trainee);
  head.replaceChildren(
    el("p", {id: "seat-info"}, `${w.seat} ${d.seat} · ${d.name} · ${d.head.township} · ${d.head.role}`),
    el("p", {}, el("span", {id: "period"}, d.period), " · ", el("span", {id: "phase"}, d.phase_text), el("span", {id: "seconds"}, countdown(d))));
  choiceSection(d, key);
  const latest = d.years.length ? d.years[d.years.length - 1] : null;
  section("headline", w.now).replaceChildren(el("dl", {},
    el("dt", {}, w.year), el("dd", {id: "year"}, latest ? latest.year : "—"),
    el("dt", {}, w.grade), el("dd", {id: "grade"}, latest ? latest.grade : "—"),
    el("dt", {}, w.rank), el("dd", {id: "rank"}, latest ? latest.rank : "—"),
    el("dt", {}, w.stars), el("dd", {id: "stars"}, latest ? latest.stars : "—"),
    el("dt", {}, w.pay), el("dd", {id: "pay"}, latest ? latest.pay : "—"),
    el("dt", {}, w.events), el("dd", {id: "events"}, latest ? latest.events : "—")));
  section("months", w.month_score).replaceChildren(table("months-table", ["", w.month_score, w.satisfaction],
    d.months.map((m) => ({cells: [m.month, m.score, m.satisfaction]}))));
  section("years", w.history).replaceChildren(table("years-table", [w.year, w.score, w.grade, w.rank, w.stars, w.pay, w.events],
    d.years.map((y) => ({attrs: {"data-year": y.year}, cells: [y.year, y.score, y.grade, y.rank, y.stars,
      el("details", {}, el("summary", {}, y.pay), el("ul", {}, y.pay_items.map((i) => el("li", {}, `${i.item}: ${i.yuan}`)))), y.events]}))));
}

function choiceSection(d, key) {
  // the slider keeps what the trainee is moving; only the texts around it are renewed
  const w = d.words;
  const body = section("choice", w.effort);
  if (!document.getElementById("effort")) {
    const slider = el("input", {id: "effort", type: "range", min: "0", max: "100", step: "5", value: String(Math.round(100 * d.suggestion))});
    const value = el("output", {id: "effort-value"}, slider.value + "%");
    slider.addEventListener("input", () => { value.textContent = slider.value + "%"; });
    const button = el("button", {id: "confirm", type: "button"}, w.confirm);
    button.addEventListener("click", async () => {
      try { await post("/api/seat/" + key + "?" + tokens(), {effort: Number(slider.value) / 100}); }
      catch (e) { show("error", e.message); }
    });
    body.append(el("p", {id: "effort-help"}), el("p", {}, slider, value, button), el("p", {id: "choice-text"}),
      el("p", {id: "suggestion"}), el("p", {id: "last"}));
  }
  const open = !d.finished && d.phase !== "setup";
  document.getElementById("confirm").disabled = !open;
  document.getElementById("effort").disabled = !open;
  document.getElementById("effort-help").textContent = d.finished ? w.finished_note : (open ? w.effort_help : w.waiting);
  document.getElementById("choice-text").textContent = d.choice_text;
  document.getElementById("suggestion").textContent = d.finished ? "" : d.suggestion_text;
  document.getElementById("last").textContent = d.last ?
    `${w.effort_in_force}: ${d.last.effort}${d.last.silent ? " — " + w.silent : ""} · ${w.best}: ${d.last.best}` : "";
  if (d.choice === null && d.version && document.activeElement !== document.getElementById("effort") && d.periods_done !== choiceSection.shown) {
    document.getElementById("effort").value = String(Math.round(100 * d.suggestion));  // a new period starts at the best response
    document.getElementById("effort-value").textContent = document.getElementById("effort").value + "%";
    choiceSection.shown = d.periods_done;
  }
}

// ---- the trainer's console -------------------------------------------------------------------
function trainerPage() {
  follow("/api/trainer", renderTrainer);
}

function control(id, label, action, body) {
  const b = el("button", {id, type: "button"}, label);
  b.addEventListener("click", async () => {
    try { await post("/api/trainer/" + action + "?" + tokens(), body ? body() : {}); }
    catch (e) { show("error", e.message); }
  });
  return b;
}

function renderTrainer(d) {
  const w = d.words;
  document.getElementById("title").textContent = w.trainer;
  document.getElementById("address").textContent = w.listening.replace("{address}", d.address);
  const joinText = `${w.join_link}: ${d.join_link}`;
  section("session", w.title).replaceChildren(
    el("p", {}, `${w.join_code}: `, el("strong", {id: "code"}, d.code), " · ", el("span", {id: "join-link"}, joinText)),
    el("p", {}, el("span", {id: "phase"}, d.phase_text), " · ", el("span", {id: "period"}, d.period), el("span", {id: "seconds"}, countdown(d)),
      " · ", el("span", {id: "joined"}, w.joined.replace("{n}", d.joined).replace("{total}", d.total))));
  if (!document.getElementById("controls")) {
    const auto = el("input", {id: "auto", type: "number", min: "0", step: "10", value: String(d.auto_seconds)});
    section("controls", "").replaceChildren(
      control("open", w.open, "open"), control("start", w.start, "start"), control("pause", w.pause, "pause"),
      control("mode-year", w.by_year, "mode", () => ({mode: "year"})), control("mode-quarter", w.by_quarter, "mode", () => ({mode: "quarter"})),
      control("next", w.next_year, "next"), el("label", {}, w.auto_seconds + " ", auto),
      control("set-auto", "✓", "auto", () => ({seconds: Number(auto.value)})));
  }
  document.getElementById("next").textContent = d.mode === "quarter" ? w.next_quarter : w.next_year;
  document.getElementById("next").disabled = d.finished;
  section("seats", w.seat).replaceChildren(table("seats-table",
    [w.seat, w.name, w.answered, w.effort_in_force, w.best, w.score, w.grade, w.rank, w.stars, w.pay],
    d.seats.map((s) => ({attrs: {"data-seat": s.seat}, cells: [s.seat, s.name || "—", s.answered ? w.yes : w.no,
      s.effort + (s.silent ? " *" : ""), s.best, s.score, s.grade, s.rank, s.stars, s.pay]}))),
    el("p", {class: "legend"}, "* " + w.silent));
  const years = d.county;
  section("compare", w.heads_compare).replaceChildren(table("compare-table",
    [w.year, "", w.mean_score, w.excellent_share, w.mean_stars, w.mean_pay],
    years.flatMap((c) => [["trainees", c.trainees], ["model_heads", c.model]].map(([who, v]) => ({cells: [c.year, w[who],
      v.score ?? "—", v.excellent === null ? "—" : (100 * v.excellent).toFixed(1) + "%", v.stars ?? "—", v.pay === null ? "—" : yuan(v.pay)]})))));
  section("stars-dist", w.star_distribution).replaceChildren(...years.slice(-1).map((c) => starBars(c)));
  sizeBars();
  section("cost", w.cost).replaceChildren(table("cost-table", [w.year, w.cost], years.map((c) => ({cells: [c.year, yuan(c.yuan)]}))));
  const q = tokens();
  section("exports", w.export_csv).replaceChildren(
    ...["paths.csv", "months.csv", "county.csv"].map((n) => el("a", {href: `/export/${n}?${q}`, download: n, class: "export"}, `${w.export_csv} ${n}`)),
    el("a", {id: "export-xlsx", href: `/export/session.xlsx?${q}`, class: "export"}, w.export_xlsx),
    el("a", {id: "export-log", href: `/export/replay.json?${q}`, class: "export"}, w.export_log), el("p", {class: "note"}, w.replay_note));
  if (d.finished) {
    section("debrief", w.debrief).replaceChildren(...d.debrief.map((s) => el("div", {class: "path", "data-seat": s.seat},
      el("h3", {}, `${w.seat} ${s.seat} · ${s.name}`),
      table(null, [w.year, w.effort, w.best, w.score, w.grade, w.rank, w.stars, w.pay],
        s.years.map((y) => ({cells: [y.year, y.chosen, y.best, y.score, y.grade, y.rank, y.stars, y.pay]}))))));
  }
}

function yuan(x) {
  return x.toLocaleString("en-US", {minimumFractionDigits: 2, maximumFractionDigits: 2});
}

function starBars(c) {
  // the county's heads by stars in the latest year, as bars
  const most = Math.max(...c.stars, 1);
  return el("div", {class: "bars", "data-year": c.year}, c.stars.map((n, stars) =>
    el("div", {class: "bar"}, el("span", {class: "label"}, `${stars}★`),
      el("span", {class: "fill", "data-width": Math.round(100 * n / most)}), el("span", {class: "count"}, n),
      el("span", {class: "trainees"}, c.trainee_stars[stars] ? `(${words.trainees} ${c.trainee_stars[stars]})` : ""))));
}

function sizeBars() {
  // widths set from data attributes: the page's policy allows no inline style attributes
  for (const f of document.querySelectorAll(".fill[data-width]")) f.style.width = f.dataset.width + "%";
}

languageLink();
if (kind === "join") joinPage();
if (kind === "trainee") traineePage();
if (kind === "trainer") trainerPage();
