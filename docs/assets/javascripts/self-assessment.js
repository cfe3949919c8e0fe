// Brings the self-assessment's checklist to life (/self-assessment/): the
// answers go into the page's address as they are chosen, and the result
// below the form shows strengths, and where each gap leads. The rules are
// in self-assessment-core.js; this file only reads and writes the page.
// Nothing is sent anywhere and nothing is stored but the address.
(function () {
  "use strict";
  var core = window.KbSelfAssessment;
  var root = document.getElementById("kb-sa");
  var source = document.getElementById("kb-sa-data");
  if (!core || !root || !source) return;
  var data = JSON.parse(source.textContent);
  var form = document.getElementById("kb-sa-form");
  var result = document.getElementById("kb-sa-result");
  var heading = document.getElementById("kb-sa-result-heading");
  var fromDisk = location.protocol === "file:";
  var canonical = document.querySelector("link[rel=canonical]");
  // The page's public address: the QR code and printed links lead there,
  // even from the offline copy, whose own address only works on one computer.
  var base = canonical ? canonical.href : location.href.split(/[?#]/)[0];
  var labels = {};
  data.answers.forEach(function (answer) { labels[answer.id] = answer.label; });
  var pageQr = document.querySelector(".kb-qr");
  var pageQrHtml = pageQr ? pageQr.innerHTML : "";
  var state = core.parseAnswers(location.search, data);
  var shown = false;

  function hook(name) {
    return root.querySelector("[data-sa-" + name + "]");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function link(url, text) {
    var a = element("a", "", text);
    a.href = fromDisk ? core.fileLocation(url) : url;
    a.setAttribute("data-print-href", core.fullAddress(url, base));
    return a;
  }

  function readForm() {
    var answers = {};
    data.statements.forEach(function (statement) {
      var checked = form.querySelector('input[name="' + statement.id + '"]:checked');
      if (checked) answers[statement.id] = checked.value;
    });
    return answers;
  }

  function fillForm(answers) {
    Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]"), function (input) {
      input.checked = answers[input.name] === input.value;
    });
  }

  function query() {
    return core.toQuery(state.answers, data, state.date);
  }

  function saveToAddress() {
    var q = query();
    history.replaceState(history.state, "", location.pathname + (q ? "?" + q : "") + location.hash);
  }

  function statementList(statements, className) {
    var list = element("ul", className);
    statements.forEach(function (statement) { list.appendChild(element("li", "", statement.text)); });
    return list;
  }

  // A labelled line of links separated by semicolons, each with optional text after it.
  function linkLine(className, label, items) {
    var line = element("p", className);
    line.appendChild(element("strong", "", label));
    items.forEach(function (item, i) {
      if (i) line.appendChild(document.createTextNode("; "));
      line.appendChild(link(item.url, item.text));
      if (item.after) line.appendChild(document.createTextNode(item.after));
    });
    return line;
  }

  // One gap: on screen, its themes, handbook sections and case studies
  // with their sentences; on paper, the same in a few lines (the handbook
  // sections are listed once for the whole sheet).
  function gapBlock(gap) {
    var route = core.routeGap(gap.statement, data);
    var block = element("div", "kb-sa__gap");
    var title = element("h4", "", gap.statement.text + " ");
    title.appendChild(element("span", "kb-sa__answer", "(" + labels[gap.answer].toLowerCase() + ")"));
    block.appendChild(title);
    block.appendChild(linkLine("kb-sa__themes", "Themes: ", route.themes.map(function (theme) {
      return { url: theme.url, text: theme.name, after: " (" + theme.kind.toLowerCase() + ")" };
    })));
    block.appendChild(linkLine("kb-sa__read kb-sa__screen-only", "In the handbook: ", route.sections.map(function (section) {
      return { url: section.url, text: section.title };
    })));
    if (!route.cases.length) {
      block.appendChild(element("p", "kb-sa__no-cases",
        "No case study is tagged with these themes yet: the theme pages suggest related ones."));
      return block;
    }
    block.appendChild(element("p", "kb-sa__cases-intro kb-sa__screen-only", "How others handled it:"));
    var cases = element("ul", "kb-sa__cases kb-sa__screen-only");
    route.cases.forEach(function (item) {
      var li = element("li");
      li.appendChild(link(item.url, item.title));
      item.hows.forEach(function (how) {
        var sentence = element("span", "kb-sa__how", " " + how.how);
        if (route.themes.length > 1) sentence.insertBefore(element("em", "", " " + how.theme + ":"), sentence.firstChild);
        li.appendChild(sentence);
      });
      cases.appendChild(li);
    });
    block.appendChild(cases);
    var onPaper = element("p", "kb-sa__cases-line kb-print-only");
    onPaper.appendChild(element("strong", "", "Case studies: "));
    if (route.list) {
      var count = route.list.count;
      var text = count === 1 ? "See this case study in the filtered list"
        : "See all " + count + " case studies in the filtered list";
      var more = element("p", "kb-sa__list kb-sa__screen-only");
      more.appendChild(link(route.list.url, text));
      block.appendChild(more);
      onPaper.appendChild(link(route.list.url, count === 1 ? "the one that shows it" : "the " + count + " that show it"));
    }
    block.appendChild(onPaper);
    return block;
  }

  // The handbook sections of every gap, once each, for the printed sheet.
  function sectionsOnPaper(gaps) {
    var seen = {};
    var box = element("div", "kb-print-only");
    box.appendChild(element("h3", "", "Read in the handbook"));
    var list = element("ul", "kb-sa__sections");
    gaps.forEach(function (gap) {
      gap.statement.sections.forEach(function (section) {
        if (seen[section.url]) return;
        seen[section.url] = true;
        var li = element("li");
        li.appendChild(link(section.url, section.title));
        list.appendChild(li);
      });
    });
    box.appendChild(list);
    return box;
  }

  function showSummary() {
    var summary = core.summarise(state.answers, data);
    var box = hook("summary");
    box.textContent = "";
    var answered = core.answeredCount(state.answers, data);
    if (!answered) {
      box.appendChild(element("p", "", "You have not chosen any answers yet. Choose not yet, partly or yes for each statement above."));
      return;
    }
    box.appendChild(element("p", "kb-sa__count", "You answered " + answered + " of " + data.statements.length +
      " statements: " + summary.strengths.length + " yes, " +
      summary.gaps.filter(function (g) { return g.answer === "partly"; }).length + " partly, " +
      summary.gaps.filter(function (g) { return g.answer === "not-yet"; }).length + " not yet."));
    if (summary.strengths.length) {
      box.appendChild(element("h3", "", "What you already do"));
      box.appendChild(statementList(summary.strengths, "kb-sa__strengths"));
    }
    if (summary.gaps.length) {
      box.appendChild(element("h3", "", "Where to look next"));
      box.appendChild(element("p", "kb-sa__screen-only", "For each statement you answered not yet or partly: the themes it rests on, the part of this handbook to read, and case studies that met the same thing."));
      summary.gaps.forEach(function (gap) { box.appendChild(gapBlock(gap)); });
      box.appendChild(sectionsOnPaper(summary.gaps));
    }
    if (summary.unanswered.length) {
      box.appendChild(element("h3", "", "Not answered yet"));
      box.appendChild(statementList(summary.unanswered, "kb-sa__unanswered"));
    }
  }

  function showLadder() {
    var place = core.ladderPlace(state.answers, data);
    hook("ladder-text").textContent = core.ladderText(place);
    Array.prototype.forEach.call(root.querySelectorAll("[data-sa-rung]"), function (rung) {
      var id = rung.getAttribute("data-sa-rung");
      var mark = rung.querySelector("[data-sa-rung-mark]");
      var text = place.sure && place.sure.id === id ? " (much of your work)"
        : place.reaching && place.reaching.id === id ? " (reaching towards)" : "";
      mark.textContent = text;
      rung.classList.toggle("kb-sa__rung--marked", Boolean(text));
    });
  }

  function showDates() {
    var dates = hook("dates");
    var answeredOn = core.longDate(state.date);
    dates.textContent = "";
    if (answeredOn) dates.appendChild(document.createTextNode("Answered on " + answeredOn + ". "));
    // The day of printing matters on paper only.
    dates.appendChild(element("span", "kb-sa__printed-on", "Printed on " + core.longDate(core.isoDate(new Date())) + ". "));
    if (state.ignored.length) {
      dates.appendChild(document.createTextNode(state.ignored.length + " part" + (state.ignored.length === 1 ? "" : "s") +
        " of the address did not match a statement or an answer, and " +
        (state.ignored.length === 1 ? "was" : "were") + " left out."));
    }
  }

  function showQr() {
    if (!pageQr) return;
    var q = query();
    var address = base + (q ? "?" + q : "");
    hook("address").textContent = address;
    if (!q || typeof qrcode !== "function") {
      pageQr.innerHTML = pageQrHtml;
      return;
    }
    var code = qrcode(0, "M");
    code.addData(address);
    code.make();
    // Numbers and fixed markup only: the address is encoded, never inserted.
    pageQr.innerHTML = code.createSvgTag({ cellSize: 1, margin: 4, scalable: true });
    var svg = pageQr.querySelector("svg");
    svg.setAttribute("class", "kb-qr__code");
    pageQr.appendChild(element("p", "kb-qr__caption", "Scan to reopen these answers"));
  }

  function render() {
    var answered = core.answeredCount(state.answers, data) > 0;
    result.hidden = !(answered || shown);
    root.classList.toggle("kb-sa--answered", answered);
    document.documentElement.classList.toggle("kb-sa-answered", answered);
    if (result.hidden) {
      showQr();
      return;
    }
    showDates();
    showSummary();
    showLadder();
    showQr();
  }

  form.addEventListener("change", function () {
    state.answers = readForm();
    state.date = core.isoDate(new Date());
    state.ignored = [];
    saveToAddress();
    render();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    shown = true;
    render();
    heading.focus();
  });

  hook("clear").addEventListener("click", function () {
    if (!window.confirm("Clear all your answers? The address will no longer hold them.")) return;
    state = { answers: {}, date: "", ignored: [] };
    shown = false;
    fillForm(state.answers);
    saveToAddress();
    render();
    form.querySelector("input[type=radio]").focus();
  });

  hook("print").addEventListener("click", function () { window.print(); });
  hook("edit").addEventListener("click", function () {
    var first = data.statements.filter(function (s) { return !state.answers[s.id]; })[0] || data.statements[0];
    var input = form.querySelector('input[name="' + first.id + '"]');
    input.focus();
  });

  hook("no-script").hidden = true;
  hook("clear").hidden = false;
  fillForm(state.answers);
  render();
})();
