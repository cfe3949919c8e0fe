// Unit tests for docs/assets/javascripts/filter-core.js (node --test).
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const core = require("../../docs/assets/javascripts/filter-core.js");

// The registry's JSON, exactly as the pages get it (knowledge_base/registry.py,
// printed by `python -m knowledge_base registry`). KB_PYTHON names another Python.
const ROOT = path.join(__dirname, "..", "..");
const PYTHON = process.env.KB_PYTHON || [path.join(ROOT, ".venv", "bin", "python"),
  path.join(ROOT, ".venv", "Scripts", "python.exe")].find((p) => fs.existsSync(p)) || "python3";
const REGISTRY = JSON.parse(execFileSync(PYTHON, ["-m", "knowledge_base", "registry"], { cwd: ROOT, encoding: "utf8" }));

// The site's own filter parameters; the cases below use three of them.
const PARAMS = core.filterParams(REGISTRY);
const KNOWN = {
  barrier: { pay: true, trust: true, time: true },
  skill: { listen: true, chair: true },
  setting: { city: true, rural: true },
};
const item = (slug, barrier, skill, setting, text) =>
  ({ slug, terms: { barrier, skill, setting }, text: core.normalise(text) });
const CASES = [
  item("a", ["pay", "trust"], ["listen"], ["city"], "Alpha Sheffield recovery college"),
  item("b", ["pay"], ["chair"], ["rural"], "Bravo Dorset acute care"),
  item("c", ["time"], ["listen", "chair"], ["city"], "Charlie Newham council team"),
  item("d", [], [], ["rural"], "Delta Sandwell parliament"),
];
const slugs = (list) => list.map((c) => c.slug);
const state = (facets, q = "") => Object.assign(core.emptyState(PARAMS), { facets: Object.assign(core.emptyState(PARAMS).facets, facets), q });

test("the registry's parameters include the ones these tests use, barrier before skill", () => {
  assert.deepEqual(PARAMS, REGISTRY.filter.map((f) => f.param));
  assert.ok(PARAMS.indexOf("barrier") >= 0 && PARAMS.indexOf("barrier") < PARAMS.indexOf("skill"));
  assert.ok(PARAMS.includes("setting"));
});

test("no choices shows every case", () => {
  assert.deepEqual(slugs(core.filterCases(CASES, core.emptyState(PARAMS), PARAMS)), ["a", "b", "c", "d"]);
});

test("options in one facet are OR", () => {
  assert.deepEqual(slugs(core.filterCases(CASES, state({ barrier: ["trust", "time"] }), PARAMS)), ["a", "c"]);
});

test("facets are AND", () => {
  assert.deepEqual(slugs(core.filterCases(CASES, state({ barrier: ["pay"], skill: ["chair"] }), PARAMS)), ["b"]);
});

test("every word must appear, in any case and with or without accents", () => {
  assert.deepEqual(slugs(core.filterCases(CASES, state({}, "DORSET care"), PARAMS)), ["b"]);
  assert.deepEqual(slugs(core.filterCases(CASES, state({}, "dorset newham"), PARAMS)), []);
  assert.deepEqual(slugs(core.filterCases(CASES, state({}, "Sándwell"), PARAMS)), ["d"]);
});

test("an option's count is what ticking it would show, given the other facets", () => {
  const counts = core.optionCounts(CASES, state({ barrier: ["pay"] }), PARAMS);
  // Barrier counts ignore the barrier choice itself (OR within the facet).
  assert.deepEqual(counts.barrier, { pay: 2, trust: 1, time: 1 });
  // Other facets count within the current results (a and b).
  assert.deepEqual(counts.skill, { listen: 1, chair: 1 });
  assert.deepEqual(counts.setting, { city: 1, rural: 1 });
});

test("counts respect the words typed", () => {
  const counts = core.optionCounts(CASES, state({}, "city"), PARAMS);
  assert.deepEqual(counts.setting, {});
  const counts2 = core.optionCounts(CASES, state({}, "council"), PARAMS);
  assert.deepEqual(counts2.barrier, { time: 1 });
});

test("counts match a brute-force check for every option", () => {
  const s = state({ barrier: ["pay", "time"], skill: ["listen"] });
  const counts = core.optionCounts(CASES, s, PARAMS);
  for (const param of PARAMS) {
    for (const id of Object.keys(KNOWN[param] || {})) {
      const other = core.withoutFacet(s, param);
      other.facets[param] = [id];
      const expected = core.filterCases(CASES, other, PARAMS).length;
      assert.equal(counts[param][id] || 0, expected, `${param}=${id}`);
    }
  }
});

test("the address round-trips a state, in a fixed order", () => {
  const s = state({ skill: ["chair"], barrier: ["pay", "trust"] }, "recovery college");
  s.compare = ["a", "b"];
  const query = core.toQuery(s, PARAMS);
  assert.equal(query, "?barrier=pay,trust&skill=chair&q=recovery+college&compare=a,b");
  const parsed = core.parseQuery(query, PARAMS, KNOWN, { a: 1, b: 1 });
  assert.deepEqual(parsed.state, s);
  assert.deepEqual(parsed.dropped, []);
  assert.equal(core.toQuery(core.emptyState(PARAMS), PARAMS), "");
});

test("unknown ids and case studies in an address are dropped and reported", () => {
  const parsed = core.parseQuery("?barrier=pay,gone&skill=listen,listen&compare=a,zzz&colour=red", PARAMS, KNOWN, { a: 1 });
  assert.deepEqual(parsed.state.facets, Object.assign(core.emptyState(PARAMS).facets, { barrier: ["pay"], skill: ["listen"] }));
  assert.deepEqual(parsed.state.compare, ["a"]);
  assert.deepEqual(parsed.dropped, [{ param: "barrier", id: "gone" }, { param: "compare", id: "zzz" }]);
});

test("an id named like an Object property is not mistaken for a known one", () => {
  const parsed = core.parseQuery("?barrier=constructor,__proto__", PARAMS, KNOWN, {});
  assert.deepEqual(parsed.state.facets.barrier, []);
  assert.equal(parsed.dropped.length, 2);
});

test("an empty result names the filters whose removal brings results back", () => {
  const s = state({ barrier: ["time"], setting: ["rural"] }, "zzz");
  assert.deepEqual(core.filterCases(CASES, s, PARAMS), []);
  assert.deepEqual(core.dropSuggestions(CASES, s, PARAMS), []); // two things block it
  const s2 = state({ barrier: ["time"], setting: ["rural"] });
  // Without the barrier: b and d are rural; without the setting: c has "time".
  assert.deepEqual(core.dropSuggestions(CASES, s2, PARAMS), [{ param: "barrier", count: 2 }, { param: "setting", count: 1 }]);
  const s3 = state({ skill: ["chair"] }, "sheffield");
  assert.deepEqual(core.dropSuggestions(CASES, s3, PARAMS), [{ param: "q", count: 2 }, { param: "skill", count: 1 }]);
});

test("toggle adds and removes without touching the old state", () => {
  const s = core.emptyState(PARAMS);
  const on = core.toggle(s, "barrier", "pay", true);
  assert.deepEqual(on.facets.barrier, ["pay"]);
  assert.deepEqual(s.facets.barrier, []);
  assert.deepEqual(core.toggle(on, "barrier", "pay", false).facets.barrier, []);
  assert.equal(core.activeCount(Object.assign(on, { q: "x" })), 2);
});

test("CSV opens cleanly in Excel and cannot run formulas", () => {
  const csv = core.toCsv(["Title", "Summary"], [["Café, \"quoted\"", "line one\nline two"], ["=HYPERLINK(\"x\")", "-1"]]);
  assert.ok(csv.startsWith("\ufeff"));
  assert.equal(csv, "\ufeffTitle,Summary\r\n\"Café, \"\"quoted\"\"\",\"line one\nline two\"\r\n\"'=HYPERLINK(\"\"x\"\")\",'-1\r\n");
});

test("a compare address keeps up to four valid, distinct slugs", () => {
  assert.deepEqual(core.parseCompare("?cases=a,b,a,Bad!,c,d,e"), ["a", "b", "c", "d"]);
  assert.deepEqual(core.parseCompare(""), []);
});

test("shared and unshared terms", () => {
  const t = (id) => ({ id, name: id.toUpperCase() });
  const result = core.sharedTerms([{ barriers: [t("x"), t("y")] }, { barriers: [t("y"), t("z")] }, {}], ["barriers"]);
  assert.deepEqual(result.shared.barriers, []);
  const two = core.sharedTerms([{ barriers: [t("x"), t("y")] }, { barriers: [t("y"), t("z")] }], ["barriers"]);
  assert.deepEqual(two.shared.barriers, [t("y")]);
  assert.deepEqual(two.own, [{ barriers: [t("x")] }, { barriers: [t("z")] }]);
});

test("text blocks: paragraphs and bulleted lists", () => {
  assert.deepEqual(core.textBlocks("One\ntwo.\n\n- a\n- b\n"), [{ paragraph: "One two." }, { list: ["a", "b"] }]);
});

test("every facet of the registry round-trips through the address, in the registry's order", () => {
  const s = core.emptyState(PARAMS);
  const known = {};
  PARAMS.slice().reverse().forEach((param) => { s.facets[param] = ["x-" + param]; known[param] = { ["x-" + param]: true }; });
  const query = core.toQuery(s, PARAMS);
  assert.equal(query, "?" + PARAMS.map((param) => param + "=x-" + param).join("&"));
  assert.deepEqual(core.parseQuery(query, PARAMS, known, {}).state, s);
});

test("every narrative section of the registry is read from its place in a case's record", () => {
  assert.ok(REGISTRY.sections.length);
  const record = { sections: {} };
  REGISTRY.sections.forEach((section, i) => {
    let where = record.sections;
    section.path.slice(0, -1).forEach((key) => { where = where[key] = where[key] || {}; });
    where[section.path[section.path.length - 1]] = "text " + i;
  });
  REGISTRY.sections.forEach((section, i) => {
    assert.equal(core.valueAt(record, ["sections"].concat(section.path)), "text " + i, section.heading);
    assert.equal(core.valueAt({ sections: {} }, ["sections"].concat(section.path)) ?? null, null, section.heading);
  });
  assert.equal(new Set(REGISTRY.sections.map((s) => s.heading)).size, REGISTRY.sections.length, "headings repeat");
});

test("the compare page's themes are the registry's taxonomies, each with a title", () => {
  assert.ok(REGISTRY.themes.length);
  for (const theme of REGISTRY.themes) {
    assert.ok(theme.key && theme.title, JSON.stringify(theme));
    assert.ok(REGISTRY.filter.some((f) => f.key === theme.key), theme.key + " is not in the filter");
  }
});
