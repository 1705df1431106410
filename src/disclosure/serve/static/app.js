// The disclosure web app. Plain JavaScript, no libraries, no requests to any other host.
// Every text that comes from a person or from the server is placed with textContent, never parsed as HTML.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const LAYERS = ["none", "peripheral", "intermediate", "core"];
const LAYER_MEANING = {
  none: "Nothing about the speaker is revealed.",
  peripheral: "Outer layer: tastes, daily activities, recent events, shared readily.",
  intermediate: "Middle layer: opinions, goals, relationships, work or study struggles.",
  core: "Inner core: self-concept, values, fears, vulnerabilities, stigmatised experiences.",
};
const SPEAKER_COLOURS = ["#2458a6", "#c2571a", "#2f8a3b", "#8a3b9c", "#6b6b6b"];
// The codebook's motives (docs/codebook.md, section 4) in plain words: a label and what it means.
const MOTIVES = {
  support_seeking: ["Seeking support", "Asking for or inviting comfort, advice or help."],
  self_presentation: ["Presenting oneself", "Showing oneself in a good light: achievements, good news."],
  closeness: ["Getting closer", "Confiding to build intimacy and trust with the listener."],
  venting: ["Venting", "Getting something off one's chest, without asking for anything."],
  sharing_views: ["Sharing views or facts", "Telling one's views, news or facts about oneself for their own sake."],
  reciprocity: ["Returning a disclosure", "Answering the other person's disclosure with one's own."],
  none: ["No disclosure", "Nothing about the speaker is revealed, so there is no reason to name."],
};
const RISK_LEVELS = [[0.7, "high"], [0.4, "moderate"], [0.2, "low"], [0, "very low"]];
// The `language` column's codes in words (docs/columns.md): ISO 639 names from the browser, ours for 'zxx' and 'und'.
const LANGUAGE_NAMES = new Intl.DisplayNames(["en"], {type: "language"});
const NO_LANGUAGE = "zxx";
const UNDETERMINED = "und";
// The languages the privacy recognisers were built for (measure/redaction.py, recognisers_built_for); in others they
// still run, but may miss names, places and health terms (a French text's names and places are also searched by a
// French model where the multilingual extra installed it; its health terms are not).
const RECOGNISERS_BUILT_FOR = new Set(["en", UNDETERMINED, NO_LANGUAGE]);

// ------------------------------------------------------------------------------------------ plumbing
let token = sessionStorage.getItem("disclosure-token");
if (location.hash.startsWith("#token=")) {
  token = decodeURIComponent(location.hash.slice(7));
  sessionStorage.setItem("disclosure-token", token);
  history.replaceState(null, "", location.pathname);
}

function $(id) { return document.getElementById(id); }

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function svgEl(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

function headers() {
  const h = {"Content-Type": "application/json"};
  if (token) h.Authorization = "Bearer " + token;
  return h;
}

// GET when `body` is undefined; POST with no body when it is null; else POST the body as JSON.
async function api(path, body) {
  const options = body === undefined ? {headers: headers()} : {method: "POST", headers: headers()};
  if (body !== undefined && body !== null) options.body = JSON.stringify(body);
  const response = await fetch(path, options);
  if (response.status === 401) { $("token-form").hidden = false; }
  const data = await response.json();
  if (!response.ok) {
    const detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail);
    showError(detail);
    throw new Error(detail);
  }
  $("server-error").hidden = true;
  return data;
}

function showError(text) { $("server-error").textContent = text; $("server-error").hidden = false; }

function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

function pct(x) { return x === null || x === undefined ? "–" : Math.round(100 * x) + "%"; }
function num(x, digits) { return x === null || x === undefined ? "–" : Number(x).toFixed(digits); }

function definitionList(pairs) {
  const dl = el("dl");
  for (const [term, value, meaning] of pairs) {
    const dd = el("dd", null, {"data-measure": term});
    dd.append(el("span", value, {class: "value"}));
    if (meaning) dd.append(el("span", meaning, {class: "meaning"}));
    dl.append(el("dt", term), dd);
  }
  return dl;
}

function languageName(code) {
  if (!code) return "–";
  if (code === NO_LANGUAGE) return "no language (emoji, numbers, symbols or source code)";
  if (code === UNDETERMINED) return "undetermined (too little text to tell; read as English)";
  return LANGUAGE_NAMES.of(code) + " (" + code + ")";
}

// Why a row has no scores, in plain words (its `status` and `language`); null for a scored row.
function notScoredReason(row) {
  if (String(row.status).startsWith("ok")) return null;
  if (row.language === NO_LANGUAGE) {
    return "Not scored: there is no language to read here (emoji, numbers, symbols or source code), and the measures " +
      "read words.";
  }
  if (row.language) {
    return "Not scored: this text reads as " + languageName(row.language) + ". The measures were trained and checked " +
      "on English only, so any number here would mean nothing.";
  }
  return "Not scored: " + row.status + ".";
}

function motiveLabel(code) { return (MOTIVES[code] || [code])[0]; }
function signed(x, digits = 2) {
  return x === null || x === undefined ? "–" : (x > 0 ? "+" : x < 0 ? "−" : "") + Math.abs(x).toFixed(digits);
}
function riskLevel(x) { return RISK_LEVELS.find(([floor]) => x >= floor)[1]; }

// ------------------------------------------------------------------------------------------ tabs
const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
function select(tab) {
  for (const t of tabs) {
    const chosen = t === tab;
    t.setAttribute("aria-selected", String(chosen));
    t.tabIndex = chosen ? 0 : -1;
    $(t.getAttribute("aria-controls")).hidden = !chosen;
  }
  tab.focus();
  if (tab.id === "tab-whatif") whatIf.start();
  if (tab.id === "tab-learn") quiz.start();
}
for (const tab of tabs) {
  tab.addEventListener("click", () => select(tab));
  tab.addEventListener("keydown", (event) => {
    const i = tabs.indexOf(tab);
    const next = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1}[event.key];
    if (next !== undefined) { event.preventDefault(); select(tabs[(next + tabs.length) % tabs.length]); }
  });
}
$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  token = $("token-input").value;
  sessionStorage.setItem("disclosure-token", token);
  $("token-form").hidden = true;
  write.update();
});

// ------------------------------------------------------------------------------------------ the onion
function drawOnion(svg, layer, onChoose) {
  clear(svg);
  const reached = LAYERS.indexOf(layer);
  const radii = [100, 75, 50, 25];
  const names = ["none", "peripheral", "intermediate", "core"];
  radii.forEach((r, i) => {
    const on = reached >= 0 && i <= reached && i > 0;
    const ring = svgEl("circle", {cx: 110, cy: 110, r, fill: on ? ["#fff", "#cfe0f7", "#8fb4e8", "#2458a6"][i] : "#f1f3f6",
      stroke: "#9aa5b4", "data-layer": names[i]});
    if (onChoose) { ring.addEventListener("click", () => onChoose(names[i])); }
    svg.append(ring);
  });
  svg.append(svgEl("text", {x: 110, y: 16, "text-anchor": "middle", "font-size": 11, fill: "#5b6573"}, "peripheral"));
  svg.append(svgEl("text", {x: 110, y: 52, "text-anchor": "middle", "font-size": 11, fill: "#5b6573"}, "intermediate"));
  svg.append(svgEl("text", {x: 110, y: 114, "text-anchor": "middle", "font-size": 11,
    fill: reached === 3 ? "#fff" : "#5b6573"}, "core"));
}

// ------------------------------------------------------------------------------------------ write and reflect
const write = (() => {
  let spans = [];
  const ignored = new Set();
  const spanKey = (s) => s.category + "\u0000" + s.text;

  function visible() {
    const floor = Number($("confidence").value);
    return spans.filter((s) => s.confidence >= floor && !ignored.has(spanKey(s)));
  }

  function renderMarked(text) {
    const box = $("write-marked");
    clear(box);
    let cursor = 0;
    for (const s of visible()) {
      box.append(document.createTextNode(text.slice(cursor, s.start)));
      const mark = el("mark", text.slice(s.start, s.end), {title: s.reason});
      box.append(mark);
      cursor = s.end;
    }
    box.append(document.createTextNode(text.slice(cursor)));
  }

  function renderFlags(text) {
    const list = $("flags");
    clear(list);
    const shown = visible();
    $("flags-empty").hidden = shown.length > 0;
    for (const s of shown) {
      const item = el("li", null, {"data-category": s.category});
      item.append(el("span", "“" + s.text + "”", {class: "what"}), el("span", " — " + s.reason + " (confidence " + num(s.confidence, 2) + ")"));
      const row = el("div");
      const accept = el("button", s.abstraction ? "Say “" + s.abstraction + "” instead" : "Leave it out", {type: "button", class: "accept"});
      accept.addEventListener("click", () => acceptSpan(s));
      const ignore = el("button", "Keep as written", {type: "button", class: "ignore"});
      ignore.addEventListener("click", () => { ignored.add(spanKey(s)); renderMarked(text); renderFlags(text); });
      row.append(accept, ignore);
      item.append(row);
      list.append(item);
    }
    renderMarked(text);
  }

  function acceptSpan(s) {
    const area = $("write-text");
    const text = area.value;
    if (text.slice(s.start, s.end) !== s.text) return;  // the text changed since: wait for the next reading
    area.value = text.slice(0, s.start) + (s.abstraction || "") + text.slice(s.end);
    update();
    area.focus();
  }

  function renderScores(row) {
    const box = $("write-scores");
    clear(box);
    const chips = $("categories");
    clear(chips);
    $("flags-language").hidden = !row || !row.language || RECOGNISERS_BUILT_FOR.has(row.language);
    if (!row) { box.append(el("p", "Nothing to read yet.", {class: "hint"})); drawOnion($("onion"), null); return; }
    const reason = notScoredReason(row);
    if (reason) {
      box.append(el("p", reason, {class: "not-scored", role: "status", "data-status": row.status}));
      drawOnion($("onion"), null);
      return;
    }
    const audience = $("audience").selectedOptions[0].textContent.toLowerCase();
    const reasons = row.risk_reasons && row.risk_reasons.length ? " Why: " + row.risk_reasons.join(", ") + "." : "";
    box.append(definitionList([
      ["Language", languageName(row.language), "Identified offline from the text alone; the measures were " +
        "trained and checked on English."],
      ["Self-disclosure", pct(row.disclosure),
        "How likely the text reveals something about you (0% to 100%)."],
      ["Emotional / informational", pct(row.emotional) + " / " + pct(row.informational),
        "How likely it reveals feelings, and facts, about you."],
      ["Depth", num(row.depth, 2) + " of 3 — " + row.layer, (LAYER_MEANING[row.layer] || "") +
        (row.layer_note ? " Why no layer although self-disclosure is likely: " + row.layer_note + "." : "")],
      ["Valence", signed(row.valence) + " on −1 to +1",
        "How negative (−1) or positive (+1) what you reveal about yourself is; 0 when neutral or nothing is revealed."],
      ["Motive", motiveLabel(row.motive), (MOTIVES[row.motive] || ["", ""])[1] +
        " The most likely of six reasons for sharing (" + pct(row.motive_confidence) + " sure)."],
      ["Privacy risk", num(row.privacy_risk, 2) + " of 1 — " + riskLevel(row.privacy_risk || 0),
        "How much the text could identify or expose you to " + audience + ", from 0 (nothing) to 1." + reasons],
    ]));
    drawOnion($("onion"), row.layer);
    for (const c of row.categories || []) chips.append(el("li", c.replace(/_/g, " ")));
  }

  let asked = 0;
  async function update() {
    const text = $("write-text").value;
    const ticket = ++asked;
    if (!text.trim()) { spans = []; renderScores(null); renderFlags(text); return; }
    const audience = $("audience").value;
    const [scored, found] = await Promise.all([
      api("/analyze", {text, audience}),
      api("/privacy/spans", {text, audience}),
    ]);
    if (ticket !== asked) return;  // a newer reading is on its way
    spans = found.spans;
    renderScores(scored.rows[0]);
    renderFlags(text);
  }

  $("write-text").addEventListener("input", debounce(update, 250));
  $("audience").addEventListener("change", update);
  $("confidence").addEventListener("input", () => {
    $("confidence-value").textContent = Number($("confidence").value).toFixed(2);
    renderFlags($("write-text").value);
  });
  drawOnion($("onion"), null);
  return {update};
})();

// ------------------------------------------------------------------------------------------ session monitor
function parseDelimited(text) {
  const delimiter = text.split("\n")[0].includes("\t") ? "\t" : ",";
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) { row.push(cell); cell = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell); cell = "";
      if (row.some((v) => v.trim())) rows.push(row);
      row = [];
    } else cell += c;
  }
  row.push(cell);
  if (row.some((v) => v.trim())) rows.push(row);
  return rows;
}

function transcriptTurns(text) {
  const rows = parseDelimited(text.replace(/^\ufeff/, ""));
  if (!rows.length) throw new Error("The transcript is empty.");
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const at = (name) => header.indexOf(name);
  if (at("speaker") < 0 || at("text") < 0) {
    throw new Error("The transcript needs a header row with the columns speaker and text (role is optional); found: " + header.join(", "));
  }
  return rows.slice(1).map((r) => ({speaker: (r[at("speaker")] || "").trim(), text: r[at("text")] || "",
    role: at("role") >= 0 && (r[at("role")] || "").trim() ? r[at("role")].trim() : null}));
}

const session = (() => {
  let id = null;
  let reader = null;

  async function start() {
    let turns;
    try { turns = transcriptTurns($("transcript").value); } catch (err) { showError(err.message); return; }
    if (reader) { reader.cancel(); reader = null; }
    const roles = $("helper-roles").value.split(",").map((r) => r.trim()).filter(Boolean);
    const query = roles.map((r) => "helper_roles=" + encodeURIComponent(r)).join("&");
    const opened = await api("/sessions" + (query ? "?" + query : ""), null);
    id = opened.id;
    listen(id);
    if (turns.length) await api("/sessions/" + id + "/turns", {utterances: turns});
    $("session-status").textContent = "Session started with " + turns.length + " utterances.";
  }

  async function listen(key) {
    const response = await fetch("/sessions/" + key + "/events", {headers: headers()});
    if (!response.ok) { showError("The live view could not be opened (" + response.status + ")."); return; }
    reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const {value, done} = await reader.read().catch(() => ({done: true}));
      if (done) return;
      buffer += decoder.decode(value, {stream: true});
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
        if (data && key === id) render(JSON.parse(data));
      }
    }
  }

  async function addTurn(event) {
    event.preventDefault();
    if (!id) { showError("Start a session first (an empty transcript with just the header row is fine)."); return; }
    const turn = {speaker: $("turn-speaker").value.trim(), text: $("turn-text").value,
      role: $("turn-role").value.trim() || null};
    await api("/sessions/" + id + "/turns", {utterances: [turn]});
    $("turn-text").value = "";
    $("turn-text").focus();
  }

  function render({version, view}) {
    if (!view) return;
    $("session-status").textContent = "Live: update " + version + ", " + view.utterances.rows.length + " utterances.";
    drawTrajectory(view.turns.rows);
    const conv = view.conversations.rows[0] || {};
    const box = $("session-summary");
    clear(box);
    box.append(definitionList([
      ["Reciprocity (depth answered by depth)", num(conv.reciprocity, 2) + " over " + (conv.reciprocity_pairs ?? 0) + " pairs"],
      ["Penetration slope", num(conv.penetration_slope, 2)],
      ["Responsiveness to disclosure", num(conv.responsiveness, 2)],
      ["Disclosure rate", pct(conv.disclosure_rate)],
    ]));
    for (const note of view.notes) box.append(el("p", note, {class: "hint"}));
    const monitor = $("monitor").tBodies[0];
    clear(monitor);
    for (const s of view.speakers.rows.filter((r) => r.helper_disclosures !== null && r.helper_disclosures !== undefined)) {
      const tr = el("tr");
      tr.append(el("td", s.speaker), el("td", s.helper_disclosures), el("td", pct(s.client_focused_share)),
        el("td", num(s.client_depth_before, 2) + " → " + num(s.client_depth_after, 2)),
        el("td", (s.helper_centred ? "Look again: " : "") + s.helper_centred_reason));
      monitor.append(tr);
    }
    const transitions = $("transitions");
    clear(transitions);
    for (const [speaker, chain] of Object.entries(view.transitions)) {
      transitions.append(el("li", speaker + ": " + (chain.length ? chain.join(" → ") : "no system activated")));
    }
    const body = $("session-turns").tBodies[0];
    clear(body);
    view.utterances.rows.forEach((u, i) => {
      const tr = el("tr");
      const reason = notScoredReason(u);
      tr.append(el("td", i + 1), el("td", u.speaker), el("td", u.text));
      if (reason) {
        tr.append(el("td", reason, {colspan: 2, class: "not-scored", "data-status": u.status}));
      } else {
        tr.append(el("td", u.layer ?? "–"), el("td", u.motivational_system ?? "–"));
      }
      body.append(tr);
    });
  }

  function drawTrajectory(turns) {
    const svg = $("trajectory");
    clear(svg);
    const left = 40, right = 470, top = 15, bottom = 190;
    const n = Math.max(turns.length, 2);
    const x = (i) => left + (right - left) * i / (n - 1);
    const y = (d) => bottom - (bottom - top) * d / 3;
    LAYERS.forEach((name, d) => {
      svg.append(svgEl("line", {x1: left, x2: right, y1: y(d), y2: y(d), stroke: "#e3e7ec"}));
      svg.append(svgEl("text", {x: left - 4, y: y(d) + 4, "text-anchor": "end", "font-size": 10, fill: "#5b6573"}, d));
    });
    svg.append(svgEl("text", {x: (left + right) / 2, y: 212, "text-anchor": "middle", "font-size": 11, fill: "#5b6573"}, "turn"));
    const speakers = [...new Set(turns.map((t) => t.speaker))];
    speakers.forEach((speaker, k) => {
      const colour = SPEAKER_COLOURS[k % SPEAKER_COLOURS.length];
      const mine = turns.map((t, i) => [t, i]).filter(([t]) => t.speaker === speaker);
      const points = mine.map(([t, i]) => x(i) + "," + y(t.depth || 0)).join(" ");
      svg.append(svgEl("polyline", {points, fill: "none", stroke: colour, "stroke-width": 2, "data-speaker": speaker}));
      for (const [t, i] of mine) {
        const dot = svgEl("circle", {cx: x(i), cy: y(t.depth || 0), r: 3.5, fill: colour});
        dot.append(svgEl("title", {}, speaker + ", turn " + (i + 1) + ": depth " + num(t.depth, 2)));
        svg.append(dot);
      }
      svg.append(svgEl("text", {x: left + 6 + 90 * k, y: 12, "font-size": 11, fill: colour}, speaker));
    });
  }

  $("start-session").addEventListener("click", start);
  $("add-turn").addEventListener("submit", addTurn);
  $("transcript-file").addEventListener("change", async () => {
    const file = $("transcript-file").files[0];
    if (file) { $("transcript").value = await file.text(); await start(); }
  });
  return {};
})();

// ------------------------------------------------------------------------------------------ what if
const whatIf = (() => {
  // Every parameter that moves the trajectories of the setting shown (disclosure/model/parameters.py), grouped as
  // the model groups them; the money paradigm's exchange rate never enters a conversation, so it has no slider.
  const GROUPS = [
    ["situation", "The situation"], ["relationship", "The relationship"], ["motive", "Motives: the rewards"],
    ["cost", "Costs"], ["individual", "The people"], ["helping", "A helper's own disclosures (helping setting)"],
  ];
  const LABELS = {learning_rate: "Trust gain", identifiability: "Anonymity", responsiveness: "Partner responsiveness",
    need: "Need for support", initial_trust: "Trust at the start", other_talk: "Value of other talk",
    negativity_cost_men: "Extra negativity cost for men", share_men: "Share of men",
    responsiveness_concentration: "How alike listeners are", audience: "Audience size"};
  const INVERTED = new Set(["identifiability"]);
  const UPPER = {audience: 100, responsiveness_concentration: 40};  // unbounded in the model: a range worth exploring
  let started = false;
  let baseline = null;
  const values = {};

  function bounds(p) {
    const low = p.low === null ? 0 : Number(p.low);
    const high = p.high !== null ? Number(p.high) : (UPPER[p.name] ?? Math.max(2 * Number(p.default), Number(p.default) + 2));
    const span = high - low;  // a round step, so that the default lies on the slider and can be returned to
    return [low, high, span <= 1.5 ? 0.05 : span <= 10 ? 0.1 : span <= 50 ? 0.5 : 1];
  }

  function slider(p) {
    const [low, high, step] = bounds(p);
    const value = Number(p.default);
    const inverted = INVERTED.has(p.name);
    const shown = inverted ? 1 - value : value;
    const digits = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
    const id = "slider-" + p.name;
    const wrap = el("div", null, {class: "slider", "data-group": p.group});
    const label = el("label", (LABELS[p.name] || p.name.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase())) + ": ", {for: id});
    const out = el("output", shown.toFixed(digits), {id: id + "-value", for: id});
    label.append(out);
    const input = el("input", null, {type: "range", id, min: low, max: high, step, value: shown,
      "aria-describedby": id + "-meaning", "data-parameter": p.name});
    input.addEventListener("input", () => {
      const v = Number(input.value);
      out.textContent = v.toFixed(digits);
      values[p.name] = inverted ? 1 - v : v;
      redraw();
    });
    const meaning = (inverted ? "Anonymity is 1 − identifiability. " : "") + p.meaning + " Default " +
      Number(shown).toFixed(digits) + ".";
    wrap.append(label, input, el("p", meaning, {id: id + "-meaning"}));
    return wrap;
  }

  async function start() {
    if (started) return;
    started = true;
    const {parameters} = await api("/simulate/parameters");
    const box = $("sliders");
    const setting = el("select", null, {id: "whatif-setting"});
    setting.append(el("option", "Two peers getting to know each other", {value: "peers"}),
      el("option", "A helper and a client (person B is a helper)", {value: "helping"}));
    setting.addEventListener("change", async () => { showGroups(); baseline = await simulateWith({}); await simulateNow(); });
    box.append(el("label", "Setting", {for: "whatif-setting"}), setting);
    for (const [group, title] of GROUPS) {
      const section = el("details", null, {"data-group": group});
      if (group === "situation" || group === "relationship") section.open = true;
      section.append(el("summary", title));
      for (const p of parameters.filter((q) => q.group === group)) section.append(slider(p));
      box.append(section);
    }
    showGroups();
    baseline = await simulateWith({});
    await simulateNow();
  }

  function showGroups() {
    const helping = $("whatif-setting").value === "helping";
    for (const section of $("sliders").querySelectorAll("details")) {
      section.hidden = section.dataset.group === "helping" && !helping;
    }
  }

  function simulateWith(params) { return api("/simulate", {params, setting: $("whatif-setting").value}); }
  async function simulateNow() {
    const shown = {...values};
    if ($("whatif-setting").value !== "helping") for (const name of Object.keys(shown)) {
      if ($("slider-" + name).closest("details").dataset.group === "helping") delete shown[name];
    }
    draw(await simulateWith(shown));
  }
  const redraw = debounce(simulateNow, 60);

  function mean(series) { return series.reduce((a, b) => a + b, 0) / series.length; }

  // One panel: `series` (and the default's, dashed) over turns, its y axis from 0 to `top`.
  function panel(svg, series, base, top, ticks, label, id, y0, height) {
    const left = 80, right = 470, bottom = y0 + height;
    const n = series.length;
    const x = (i) => left + (right - left) * i / (n - 1);
    const y = (v) => bottom - height * Math.min(v, top) / top;
    for (const [v, name] of ticks) {
      svg.append(svgEl("line", {x1: left, x2: right, y1: y(v), y2: y(v), stroke: "#e3e7ec"}));
      svg.append(svgEl("text", {x: left - 4, y: y(v) + 4, "text-anchor": "end", "font-size": 10, fill: "#5b6573"}, name));
    }
    svg.append(svgEl("text", {x: left, y: y0 - 4, "font-size": 11, fill: "#1d232b"}, label));
    const line = (values, attrs) => svgEl("polyline", {points: values.map((v, i) => x(i) + "," + y(v)).join(" "),
      fill: "none", ...attrs});
    if (base) svg.append(line(base, {stroke: "#777", "stroke-dasharray": "5 4", "stroke-width": 1.5}));
    svg.append(line(series, {stroke: "#2458a6", "stroke-width": 3, id}));
  }

  function draw(result) {
    const svg = $("whatif-chart");
    clear(svg);
    const depths = [...result.mean_depth, ...(baseline ? baseline.mean_depth : [])];
    // The depth axis ends a little above the highest mean (never past the core), so small shifts stay visible.
    const top = Math.min(3, Math.max(0.5, Math.ceil(Math.max(...depths) * 1.2 * 4) / 4));
    const depthTicks = [0, top / 2, top].map((v) => [v, v.toFixed(2) + (Number.isInteger(v) ? " " + LAYERS[v] : "")]);
    panel(svg, result.mean_depth, baseline && baseline.mean_depth, top, depthTicks,
      "Mean depth of each turn (0 none … 3 core)", "whatif-mean", 22, 140);
    panel(svg, result.mean_trust, baseline && baseline.mean_trust, 1, [[0, "0"], [0.5, "0.5"], [1, "1"]],
      "Mean trust (0 … 1)", "whatif-trust", 200, 80);
    svg.append(svgEl("text", {x: 275, y: 296, "text-anchor": "middle", "font-size": 11, fill: "#5b6573"}, "turn"));
    const n = result.turn.length, last = n - 1;
    const depthNow = mean(result.mean_depth), depthBase = baseline ? mean(baseline.mean_depth) : null;
    $("whatif-summary").textContent = "Over " + n + " turns: mean depth " + num(depthNow, 3) +
      (baseline ? " (default " + num(depthBase, 3) + ", " + signed(depthNow - depthBase) + ")" : "") + "; " +
      pct(mean(result.disclosed_share)) + " of turns disclose, " + pct(result.core_share[last]) +
      " reach the core at the end; trust ends at " + num(result.mean_trust[last], 2) +
      (baseline ? " (default " + num(baseline.mean_trust[last], 2) + ")" : "") + ". " +
      result.targets.filter((t) => t.met).length + " of " + result.targets.length +
      " published effects are reproduced within their tolerance (table below).";
    drawTargets(result.targets, result.targets_reading);
  }

  // Each published number (model/calibration.py) beside the model's value at the parameters set by the sliders.
  function drawTargets(targets, reading) {
    $("whatif-targets-reading").textContent = reading;
    const body = $("whatif-targets").tBodies[0];
    clear(body);
    for (const t of targets) {
      const digits = Math.abs(t.published) < 1 ? 3 : 2;
      const tr = el("tr", null, {"data-target": t.target, class: t.met ? "met" : "missed"});
      const what = el("td");
      what.append(el("strong", t.target.replace(/^./, (c) => c.toUpperCase())), el("br"), document.createTextNode(t.meaning));
      tr.append(what, el("td", t.source, {class: "source"}),
        el("td", num(t.published, digits) + " ± " + num(t.uncertainty, 3), {class: "num"}),
        el("td", num(t.model, 3), {class: "num model"}),
        el("td", signed(t.residual, 3), {class: "num"}),
        el("td", (t.met ? "yes" : "no") + " (allowed ± " + num(t.tolerance, 3) + ")", {class: "met"}));
      body.append(tr);
    }
  }
  return {start};
})();

// ------------------------------------------------------------------------------------------ learn
(() => {
  const box = $("learn-layers");
  for (const name of LAYERS) {
    const b = el("button", name, {type: "button", "aria-pressed": "false"});
    b.addEventListener("click", () => {
      for (const other of box.children) other.setAttribute("aria-pressed", String(other === b));
      $("layer-meaning").textContent = LAYER_MEANING[name];
    });
    box.append(b);
  }
})();

const quiz = (() => {
  let questions = [], at = 0, right = 0, started = false;

  async function start() {
    if (started) return;
    started = true;
    questions = (await api("/learn/quiz")).questions;
    show();
  }

  function show() {
    const q = questions[at];
    $("quiz-prompt").textContent = "Question " + (at + 1) + " of " + questions.length + ": " + q.prompt;
    $("quiz-text").textContent = "“" + q.text + "”";
    const options = $("quiz-options");
    clear(options);
    q.options.forEach((option, i) => {
      const label = el("label");
      const input = el("input", null, {type: "radio", name: "quiz-option", value: option, id: "quiz-option-" + i});
      label.append(input, document.createTextNode(option));
      options.append(label);
    });
    clear($("quiz-feedback"));
    $("quiz-check").hidden = false;
    $("quiz-next").hidden = true;
  }

  async function check(event) {
    event.preventDefault();
    const chosen = document.querySelector('input[name="quiz-option"]:checked');
    if (!chosen) { $("quiz-feedback").textContent = "Choose an answer first."; return; }
    const q = questions[at];
    const result = await api("/learn/quiz/" + encodeURIComponent(q.id), {answer: chosen.value});
    if (result.correct) right++;
    const feedback = $("quiz-feedback");
    clear(feedback);
    feedback.append(el("p", result.correct ? "Right." : "Not quite: the answer is “" + result.key + "”.",
      {class: result.correct ? "right" : "wrong"}), el("p", result.explanation), el("p", result.reading, {class: "hint"}));
    $("quiz-check").hidden = true;
    if (at + 1 < questions.length) { $("quiz-next").hidden = false; $("quiz-next").focus(); }
    else $("quiz-score").textContent = "You scored " + right + " of " + questions.length + ".";
  }

  $("quiz").addEventListener("submit", check);
  $("quiz-next").addEventListener("click", () => { at++; show(); $("quiz-options").querySelector("input").focus(); });
  return {start};
})();

// ------------------------------------------------------------------------------------------ glossary
(() => {
  let loaded = false;
  $("glossary-box").addEventListener("toggle", async () => {
    if (loaded || !$("glossary-box").open) return;
    loaded = true;
    const box = $("glossary");
    const tables = (await api("/columns")).tables;
    clear(box);
    for (const table of tables) {
      box.append(el("h3", table.title.replace(/`/g, "")));
      const dl = el("dl");
      for (const c of table.columns) {
        const dd = el("dd", c.meaning.replace(/`/g, ""), {"data-column": c.name});
        dd.append(el("span", c.dtype + ", " + c.range + (c.source ? " — " + c.source : ""), {class: "range"}));
        dl.append(el("dt", c.name), dd);
      }
      box.append(dl);
    }
  });
})();
