// The rules of the case-study filter and comparison, as pure functions with
// no page access, so node's test runner can check them (tests/js/). The
// page scripts (case-study-filter.js, compare.js) only wire them to the DOM.
//
// A case is {slug, terms: {barrier: [ids], ...}, text: "title place summary"}.
// A state is {facets: {barrier: [ids], ...}, q: "words", compare: [slugs]}.
// Options within a facet are OR; facets, and the words of q, are AND.
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.KbFilter = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var MAX_COMPARE = 4;
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  function emptyState(params) {
    var facets = {};
    params.forEach(function (param) { facets[param] = []; });
    return { facets: facets, q: "", compare: [] };
  }

  // Lower case, accents dropped, runs of space made one.
  function normalise(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  function words(q) {
    var plain = normalise(q);
    return plain ? plain.split(" ") : [];
  }

  function splitList(value) {
    return value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
  }

  // Read a state from an address's query string. `known` maps each facet
  // parameter to the ids that exist ({barrier: {id: true}}); `slugs` lists
  // the case studies that exist. Unknown ids are dropped and reported, never
  // an error: an old link still opens.
  function parseQuery(search, params, known, slugs) {
    var query = new URLSearchParams(search);
    var state = emptyState(params);
    var dropped = [];
    params.forEach(function (param) {
      var values = query.has(param) ? splitList(query.getAll(param).join(",")) : [];
      values.forEach(function (id) {
        if (!Object.prototype.hasOwnProperty.call(known[param] || {}, id)) dropped.push({ param: param, id: id });
        else if (state.facets[param].indexOf(id) < 0) state.facets[param].push(id);
      });
    });
    state.q = (query.get("q") || "").replace(/\s+/g, " ").trim();
    if (query.has("compare")) {
      splitList(query.get("compare")).forEach(function (slug) {
        if (!slugs || !Object.prototype.hasOwnProperty.call(slugs, slug)) dropped.push({ param: "compare", id: slug });
        else if (state.compare.indexOf(slug) < 0 && state.compare.length < MAX_COMPARE) state.compare.push(slug);
      });
    }
    return { state: state, dropped: dropped };
  }

  // The query string for a state ("" when nothing is chosen). Parameters
  // keep a fixed order so the same view always gives the same link.
  function toQuery(state, params) {
    var parts = [];
    params.forEach(function (param) {
      var ids = state.facets[param] || [];
      if (ids.length) parts.push(param + "=" + ids.map(encodeURIComponent).join(","));
    });
    if (state.q) parts.push("q=" + encodeURIComponent(state.q).replace(/%20/g, "+"));
    if (state.compare && state.compare.length) parts.push("compare=" + state.compare.join(","));
    return parts.length ? "?" + parts.join("&") : "";
  }

  function hasAny(list, wanted) {
    for (var i = 0; i < wanted.length; i++) if (list.indexOf(wanted[i]) >= 0) return true;
    return false;
  }

  function matchesWords(text, qWords) {
    for (var i = 0; i < qWords.length; i++) if (text.indexOf(qWords[i]) < 0) return false;
    return true;
  }

  // How many of the active facets (and the words, as "q") a case fails.
  // Returns the count and, when it is one, which.
  function failures(item, state, params, qWords) {
    var count = 0, which = null;
    for (var i = 0; i < params.length; i++) {
      var wanted = state.facets[params[i]] || [];
      if (wanted.length && !hasAny(item.terms[params[i]] || [], wanted)) { count++; which = params[i]; }
    }
    if (qWords.length && !matchesWords(item.text, qWords)) { count++; which = "q"; }
    return { count: count, which: which };
  }

  function filterCases(cases, state, params) {
    var qWords = words(state.q);
    return cases.filter(function (item) { return failures(item, state, params, qWords).count === 0; });
  }

  // For every option, how many case studies would show if it were ticked:
  // those matching every other facet and the words, and having the option.
  // (Ticked options count the same way, so a count never depends on
  // whether its own box is ticked.) One pass over the cases.
  function optionCounts(cases, state, params) {
    var qWords = words(state.q);
    var counts = {};
    params.forEach(function (param) { counts[param] = {}; });
    cases.forEach(function (item) {
      var fail = failures(item, state, params, qWords);
      if (fail.count > 1 || fail.which === "q") return;
      params.forEach(function (param) {
        if (fail.count === 1 && fail.which !== param) return;
        (item.terms[param] || []).forEach(function (id) {
          counts[param][id] = (counts[param][id] || 0) + 1;
        });
      });
    });
    return counts;
  }

  function activeCount(state) {
    var n = state.q ? 1 : 0;
    Object.keys(state.facets).forEach(function (param) { n += state.facets[param].length; });
    return n;
  }

  function withoutFacet(state, param) {
    var copy = { facets: {}, q: param === "q" ? "" : state.q, compare: state.compare };
    Object.keys(state.facets).forEach(function (key) {
      copy.facets[key] = key === param ? [] : state.facets[key].slice();
    });
    return copy;
  }

  // When nothing matches: each active filter (a facet or the words) that,
  // removed on its own, brings results back, most results first.
  function dropSuggestions(cases, state, params) {
    var active = params.filter(function (p) { return (state.facets[p] || []).length; });
    if (state.q) active.push("q");
    return active.map(function (param) {
      return { param: param, count: filterCases(cases, withoutFacet(state, param), params).length };
    }).filter(function (s) { return s.count > 0; })
      .sort(function (a, b) { return b.count - a.count || params.indexOf(a.param) - params.indexOf(b.param); });
  }

  function toggle(state, param, id, on) {
    var copy = withoutFacet(state, null);
    var list = copy.facets[param];
    var at = list.indexOf(id);
    if (on && at < 0) list.push(id);
    if (!on && at >= 0) list.splice(at, 1);
    return copy;
  }

  // Excel would run a cell starting with = + - @ as a formula: a leading
  // apostrophe keeps it text, so no data file can run code in a spreadsheet.
  function csvCell(value) {
    var text = value == null ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  // UTF-8 CSV as Excel opens it cleanly: a byte order mark and CRLF lines.
  function toCsv(header, rows) {
    return "\ufeff" + [header].concat(rows).map(function (row) {
      return row.map(csvCell).join(",");
    }).join("\r\n") + "\r\n";
  }

  // The case studies named in /compare/?cases=a,b: well-formed slugs only,
  // each once, at most four.
  function parseCompare(search) {
    return compareRequest(search).slugs;
  }

  // The same, with what was left out: {slugs: the first four, left: the
  // rest}, so the page can say it shows only four.
  function compareRequest(search) {
    var seen = [];
    var list = new URLSearchParams(search).get("cases") || "";
    splitList(list).forEach(function (slug) {
      if (SLUG.test(slug) && seen.indexOf(slug) < 0) seen.push(slug);
    });
    return { slugs: seen.slice(0, MAX_COMPARE), left: seen.slice(MAX_COMPARE) };
  }

  // A page's address as a link that works where the page is: on a web
  // server "compare/" opens compare/index.html; from disk (the offline
  // copy, file://) a folder opens as a file listing, so name the file.
  function pageAddress(url, fromDisk) {
    if (!fromDisk) return url;
    var cut = url.search(/[?#]/);
    var path = cut < 0 ? url : url.slice(0, cut);
    var rest = cut < 0 ? "" : url.slice(cut);
    if (path === "" || /\/$/.test(path)) path += "index.html";
    else if (/(^|\/)\.\.?$/.test(path)) path += "/index.html";
    return path + rest;
  }

  // The public address of the view on screen, for the printed QR code and
  // address: the page's canonical address (the site's, even in the offline
  // copy) with the view's query. Empty when the page has no canonical.
  function viewAddress(canonical, search) {
    if (!canonical) return "";
    var query = search && search !== "?" ? (search.charAt(0) === "?" ? search : "?" + search) : "";
    return canonical.split(/[?#]/)[0] + query;
  }

  // For the compare page: per facet, the terms every case shares, and each
  // case's terms that not all the others have. Terms are {id, name}.
  function sharedTerms(records, facets) {
    var result = { shared: {}, own: records.map(function () { return {}; }) };
    facets.forEach(function (facet) {
      var lists = records.map(function (r) { return r[facet] || []; });
      var shared = lists.length ? lists[0].filter(function (term) {
        return lists.every(function (list) { return list.some(function (t) { return t.id === term.id; }); });
      }) : [];
      var sharedIds = shared.map(function (t) { return t.id; });
      result.shared[facet] = shared;
      lists.forEach(function (list, i) {
        result.own[i][facet] = list.filter(function (t) { return sharedIds.indexOf(t.id) < 0; });
      });
    });
    return result;
  }

  // Narrative text as blocks: blank lines part paragraphs; a block whose
  // lines all start "- " is a list (as knowledge_base/render.py does).
  function textBlocks(text) {
    return String(text).split(/\n\s*\n/).map(function (block) {
      var lines = block.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
      if (!lines.length) return null;
      if (lines.every(function (l) { return l.indexOf("- ") === 0; })) {
        return { list: lines.map(function (l) { return l.slice(2).trim(); }) };
      }
      return { paragraph: lines.join(" ").replace(/\s+/g, " ") };
    }).filter(Boolean);
  }

  // The value at a path of keys in a record (["sections", "practicalities",
  // "funding"]), or null where the record stops short.
  function valueAt(record, path) {
    var value = record;
    for (var i = 0; i < path.length; i++) {
      if (value == null || typeof value !== "object") return null;
      value = value[path[i]];
    }
    return value;
  }

  // The filter's address parameters, in its order, from the registry's
  // JSON (knowledge_base/registry.py, script_data).
  function filterParams(registry) {
    return registry.filter.map(function (facet) { return facet.param; });
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  return {
    MAX_COMPARE: MAX_COMPARE, emptyState: emptyState, normalise: normalise, parseQuery: parseQuery,
    toQuery: toQuery, filterCases: filterCases, optionCounts: optionCounts, activeCount: activeCount,
    dropSuggestions: dropSuggestions, toggle: toggle, withoutFacet: withoutFacet, toCsv: toCsv,
    csvCell: csvCell, parseCompare: parseCompare, compareRequest: compareRequest, pageAddress: pageAddress,
    viewAddress: viewAddress, sharedTerms: sharedTerms, textBlocks: textBlocks,
    valueAt: valueAt, filterParams: filterParams, plural: plural
  };
});
