// The rules of the self-assessment (/self-assessment/), as pure functions
// with no page access, so node's test runner can check them
// (tests/js/self-assessment.test.js). self-assessment.js wires them to the page.
//
// `data` is the block the build embeds in the page
// (knowledge_base/self_assessment.py, script_data): answers, statements,
// terms (by "facet/id") and the ladder's rungs, bottom first.
// `answers` maps a statement id to an answer id ("not-yet", "partly", "yes").
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.KbSelfAssessment = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // The address parameter for the day the answers were given.
  var DATE_PARAM = "date";
  var ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  // Case studies shown for one gap; the filtered list has the rest.
  var CASES_PER_GAP = 3;

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function answerIds(data) {
    return data.answers.map(function (answer) { return answer.id; });
  }

  // Answers from an address's query string. Parameters that are not a
  // statement, or not an answer, are left out and listed in `ignored`: an
  // old address still opens after a statement is removed.
  function parseAnswers(search, data) {
    var query = new URLSearchParams(search);
    var known = {};
    data.statements.forEach(function (statement) { known[statement.id] = true; });
    var allowed = answerIds(data);
    var answers = {};
    var ignored = [];
    var date = "";
    query.forEach(function (value, name) {
      if (name === DATE_PARAM) {
        if (validDate(value)) date = value;
        else ignored.push(name);
      } else if (has(known, name) && allowed.indexOf(value) >= 0) {
        answers[name] = value;
      } else {
        ignored.push(name);
      }
    });
    return { answers: answers, date: date, ignored: ignored };
  }

  // The query string for a set of answers, in the statements' order, with
  // the date last: the same names and values the form sends without a script.
  function toQuery(answers, data, date) {
    var query = new URLSearchParams();
    data.statements.forEach(function (statement) {
      if (has(answers, statement.id)) query.append(statement.id, answers[statement.id]);
    });
    if (date && validDate(date) && Array.from(query.keys()).length) query.append(DATE_PARAM, date);
    return query.toString();
  }

  function answeredCount(answers, data) {
    return data.statements.filter(function (s) { return has(answers, s.id); }).length;
  }

  // Strengths (yes), gaps (not yet first, then partly; each in page order)
  // and the statements not answered.
  function summarise(answers, data) {
    var result = { strengths: [], gaps: [], unanswered: [] };
    var notYet = [];
    var partly = [];
    data.statements.forEach(function (statement) {
      var answer = answers[statement.id];
      if (answer === "yes") result.strengths.push(statement);
      else if (answer === "not-yet") notYet.push({ statement: statement, answer: answer });
      else if (answer === "partly") partly.push({ statement: statement, answer: answer });
      else result.unanswered.push(statement);
    });
    result.gaps = notYet.concat(partly);
    return result;
  }

  // Where one gap leads: its themes, its handbook sections, up to
  // CASES_PER_GAP case studies (each once, with its sentence for every
  // theme of the statement it shows) and the filtered list of them all.
  function routeGap(statement, data, limit) {
    var most = limit || CASES_PER_GAP;
    var themes = statement.terms.map(function (key) {
      var term = data.terms[key];
      return { key: key, name: term.name, kind: term.kind, url: term.url, total: term.total };
    });
    var cases = [];
    var byUrl = {};
    statement.terms.forEach(function (key) {
      var term = data.terms[key];
      term.cases.forEach(function (item) {
        if (!has(byUrl, item.url) && cases.length < most) {
          byUrl[item.url] = { title: item.title, url: item.url, hows: [] };
          cases.push(byUrl[item.url]);
        }
        if (has(byUrl, item.url)) byUrl[item.url].hows.push({ theme: term.name, how: item.how });
      });
    });
    return { statement: statement, themes: themes, sections: statement.sections, cases: cases, list: statement.list || null };
  }

  // Where the answers sit on the ladder: the highest rung whose statement
  // is answered yes, and a higher rung answered partly, if any. Only rungs
  // some statement stands for can be placed.
  function ladderPlace(answers, data) {
    var order = data.ladder.map(function (rung) { return rung.id; });
    var asked = [];
    var sure = -1;
    var reaching = -1;
    data.statements.forEach(function (statement) {
      if (!statement.ladder) return;
      var position = order.indexOf(statement.ladder);
      if (position < 0) return;
      asked.push(statement.ladder);
      if (answers[statement.id] === "yes") sure = Math.max(sure, position);
      if (answers[statement.id] === "partly") reaching = Math.max(reaching, position);
    });
    asked.sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
    return {
      sure: sure >= 0 ? data.ladder[sure] : null,
      reaching: reaching > sure ? data.ladder[reaching] : null,
      answered: asked.some(function (id) {
        return data.statements.some(function (s) { return s.ladder === id && has(answers, s.id); });
      }),
      lowestAsked: asked.length ? data.ladder[order.indexOf(asked[0])] : null,
    };
  }

  // The ladder in words: a question for the team, not a grade.
  function ladderText(place) {
    if (!place.lowestAsked) return "";
    if (!place.answered) {
      return "Answer the statements under \u201cHow far people are involved\u201d to see roughly where your work sits.";
    }
    var ask = " Does that match how it feels to the people with lived experience you work with? What would it take to move one rung up?";
    if (place.sure && place.reaching) {
      return "Your answers put much of your work at " + place.sure.name + ", and reaching towards " +
        place.reaching.name + "." + ask;
    }
    if (place.sure) return "Your answers put much of your work at " + place.sure.name + "." + ask;
    if (place.reaching) return "Your answers suggest you are reaching towards " + place.reaching.name + "." + ask;
    return "Your answers suggest your work is not yet at " + place.lowestAsked.name +
      ": people may mostly be told about decisions once they are made. Many teams start here." +
      " What would one small step up look like?";
  }

  function validDate(text) {
    var match = ISO_DATE.exec(String(text));
    if (!match) return false;
    var year = +match[1];
    var month = +match[2];
    var day = +match[3];
    var date = new Date(Date.UTC(year, month - 1, day));
    return year > 0 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }

  // "2026-12-02" -> "2 December 2026"; "" for anything else.
  function longDate(iso) {
    if (!validDate(iso)) return "";
    var match = ISO_DATE.exec(iso);
    return +match[3] + " " + MONTHS[+match[2] - 1] + " " + match[1];
  }

  // A Date as YYYY-MM-DD in the reader's own time zone.
  function isoDate(date) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  // A link opened from disk must name the file: a folder shows a listing.
  // The same rule as knowledge_base/offline.py (file_location).
  function fileLocation(url) {
    if (!url || /^[#/?]/.test(url) || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url)) return url;
    var cuts = [url.indexOf("#"), url.indexOf("?")].filter(function (i) { return i >= 0; });
    var cut = cuts.length ? Math.min.apply(null, cuts) : url.length;
    var path = url.slice(0, cut);
    var rest = url.slice(cut);
    if (/\/$/.test(path)) path += "index.html";
    else if (path === "." || path === ".." || /\/\.\.?$/.test(path)) path += "/index.html";
    return path + rest;
  }

  // A page-relative address made whole against the page's public address,
  // for print and the QR code.
  function fullAddress(url, base) {
    return new URL(url, base).href;
  }

  return {
    DATE_PARAM: DATE_PARAM,
    CASES_PER_GAP: CASES_PER_GAP,
    parseAnswers: parseAnswers,
    toQuery: toQuery,
    answeredCount: answeredCount,
    summarise: summarise,
    routeGap: routeGap,
    ladderPlace: ladderPlace,
    ladderText: ladderText,
    validDate: validDate,
    longDate: longDate,
    isoDate: isoDate,
    fileLocation: fileLocation,
    fullAddress: fullAddress,
  };
});
