// Unit tests for docs/assets/javascripts/self-assessment-core.js (node --test).
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../../docs/assets/javascripts/self-assessment-core.js");

// A small data block shaped like the one the build embeds
// (knowledge_base/self_assessment.py, script_data).
const LADDER = ["coercion", "educating", "informing", "consultation", "engagement", "co-design", "co-production"]
  .map((id) => ({ id, name: id[0].toUpperCase() + id.slice(1) }));
const caseItem = (slug, how) => ({ title: slug.toUpperCase(), url: `../case-studies/${slug}/`, how });
const DATA = {
  answers: [{ id: "not-yet", label: "Not yet" }, { id: "partly", label: "Partly" }, { id: "yes", label: "Yes" }],
  statements: [
    { id: "asked", text: "We ask.", ladder: "consultation", terms: ["skills/listening"], sections: [], list: null },
    { id: "design", text: "We design together.", ladder: "co-design", terms: ["enablers/partners"], sections: [], list: null },
    { id: "share", text: "We share power.", ladder: "co-production", terms: ["barriers/power", "principles/roles"],
      sections: [{ label: "Section one, part 1.1", title: "What is co-production?", url: "../guide/what-is-co-production/" }],
      list: { url: "../case-studies/?principle=roles", count: 4 } },
    { id: "feedback", text: "We tell people.", ladder: null, terms: ["enablers/feedback"], sections: [], list: null },
  ],
  terms: {
    "skills/listening": { name: "Listening", kind: "Skill", url: "../skills/listening/", total: 1, cases: [caseItem("a", "A listened.")] },
    "enablers/partners": { name: "Partners", kind: "Enabler", url: "../enablers/partners/", total: 0, cases: [] },
    "barriers/power": { name: "Power", kind: "Barrier", url: "../barriers/power/", total: 0, cases: [] },
    "principles/roles": {
      name: "Blurred roles", kind: "Principle", url: "../principles/roles/", total: 4,
      cases: [caseItem("b", "B blurred."), caseItem("c", "C blurred."), caseItem("d", "D blurred."), caseItem("e", "E blurred.")],
    },
    "enablers/feedback": {
      name: "Feedback", kind: "Enabler", url: "../enablers/feedback/", total: 2,
      cases: [caseItem("a", "A told people."), caseItem("b", "B told people.")],
    },
  },
  ladder: LADDER,
};

test("answers go into the address in the statements' order, with the date last", () => {
  const query = core.toQuery({ feedback: "yes", asked: "not-yet", share: "partly" }, DATA, "2026-12-02");
  assert.equal(query, "asked=not-yet&share=partly&feedback=yes&date=2026-12-02");
});

test("no answers give an empty address, even with a date", () => {
  assert.equal(core.toQuery({}, DATA, "2026-12-02"), "");
});

test("answers come back from the address they were written to", () => {
  const answers = { asked: "yes", design: "partly", share: "not-yet", feedback: "yes" };
  const parsed = core.parseAnswers("?" + core.toQuery(answers, DATA, "2027-01-31"), DATA);
  assert.deepEqual(parsed, { answers, date: "2027-01-31", ignored: [] });
});

test("unknown statements, unknown answers and bad dates are left out and counted, never an error", () => {
  const parsed = core.parseAnswers("?asked=yes&gone=yes&design=maybe&date=2026-02-30&feedback=partly", DATA);
  assert.deepEqual(parsed.answers, { asked: "yes", feedback: "partly" });
  assert.equal(parsed.date, "");
  assert.deepEqual(parsed.ignored, ["gone", "design", "date"]);
});

test("the form's own address (no script, same names) reads the same", () => {
  // A GET form sends every checked radio as name=value, in page order.
  const parsed = core.parseAnswers("asked=partly&share=yes", DATA);
  assert.deepEqual(parsed.answers, { asked: "partly", share: "yes" });
});

test("strengths are the yes answers; gaps put not yet before partly; the rest are unanswered", () => {
  const summary = core.summarise({ asked: "partly", design: "yes", share: "not-yet" }, DATA);
  assert.deepEqual(summary.strengths.map((s) => s.id), ["design"]);
  assert.deepEqual(summary.gaps.map((g) => [g.statement.id, g.answer]), [["share", "not-yet"], ["asked", "partly"]]);
  assert.deepEqual(summary.unanswered.map((s) => s.id), ["feedback"]);
  assert.equal(core.answeredCount({ asked: "partly", design: "yes", share: "not-yet" }, DATA), 3);
});

test("a gap leads to its themes, its handbook sections, its case studies with how, and the filtered list", () => {
  const route = core.routeGap(DATA.statements[2], DATA);
  assert.deepEqual(route.themes.map((t) => [t.name, t.kind, t.url]),
    [["Power", "Barrier", "../barriers/power/"], ["Blurred roles", "Principle", "../principles/roles/"]]);
  assert.equal(route.sections[0].url, "../guide/what-is-co-production/");
  // At most three case studies; the filtered list has all four.
  assert.deepEqual(route.cases.map((c) => c.title), ["B", "C", "D"]);
  assert.deepEqual(route.cases[0].hows, [{ theme: "Blurred roles", how: "B blurred." }]);
  assert.deepEqual(route.list, { url: "../case-studies/?principle=roles", count: 4 });
  assert.equal(core.routeGap(DATA.statements[2], DATA, 10).cases.length, 4);
});

test("a case study tagged with two of a statement's themes is listed once, with both sentences", () => {
  const data = structuredClone(DATA);
  data.statements[3].terms = ["enablers/feedback", "skills/listening"];
  const route = core.routeGap(data.statements[3], data);
  assert.deepEqual(route.cases.map((c) => c.title), ["A", "B"]);
  assert.deepEqual(route.cases[0].hows.map((h) => h.how), ["A told people.", "A listened."]);
});

test("a gap whose themes have no case studies has none, and no list", () => {
  const route = core.routeGap(DATA.statements[1], DATA);
  assert.deepEqual(route.cases, []);
  assert.equal(route.list, null);
});

test("the ladder: the highest rung answered yes, and a higher one answered partly", () => {
  const place = core.ladderPlace({ asked: "yes", design: "partly", share: "not-yet" }, DATA);
  assert.equal(place.sure.id, "consultation");
  assert.equal(place.reaching.id, "co-design");
  assert.match(core.ladderText(place), /at Consultation, and reaching towards Co-design\./);
  assert.match(core.ladderText(place), /\?$/, "it ends on a question for the team, not a grade");
});

test("the ladder: a partly below a yes is not 'reaching'", () => {
  const place = core.ladderPlace({ asked: "partly", share: "yes" }, DATA);
  assert.equal(place.sure.id, "co-production");
  assert.equal(place.reaching, null);
});

test("the ladder: all not yet says so kindly; none answered asks for the ladder statements", () => {
  const low = core.ladderPlace({ asked: "not-yet", design: "not-yet", share: "not-yet" }, DATA);
  assert.equal(low.sure, null);
  assert.match(core.ladderText(low), /not yet at Consultation/);
  const none = core.ladderPlace({ feedback: "yes" }, DATA);
  assert.equal(none.answered, false);
  assert.match(core.ladderText(none), /How far people are involved/);
});

test("dates: real ones only, written out in full", () => {
  assert.equal(core.longDate("2026-12-02"), "2 December 2026");
  assert.equal(core.longDate("2028-02-29"), "29 February 2028");
  assert.equal(core.longDate("2027-02-29"), "");
  assert.equal(core.longDate("02/12/2026"), "");
  assert.equal(core.isoDate(new Date(2026, 0, 5)), "2026-01-05");
});

test("links opened from disk name the file, as the offline copy's links do", () => {
  assert.equal(core.fileLocation("../enablers/feedback-loop/"), "../enablers/feedback-loop/index.html");
  assert.equal(core.fileLocation("../case-studies/?enabler=a,b"), "../case-studies/index.html?enabler=a,b");
  assert.equal(core.fileLocation("../guide/what-is-co-production/#ladder"), "../guide/what-is-co-production/index.html#ladder");
  assert.equal(core.fileLocation(".."), "../index.html");
  assert.equal(core.fileLocation("https://example.org/a/"), "https://example.org/a/");
});

test("printed addresses are whole, against the page's public address", () => {
  const base = "https://example.org/kb/self-assessment/";
  assert.equal(core.fullAddress("../enablers/feedback-loop/", base), "https://example.org/kb/enablers/feedback-loop/");
  assert.equal(core.fullAddress("../case-studies/?enabler=a,b", base), "https://example.org/kb/case-studies/?enabler=a,b");
});
