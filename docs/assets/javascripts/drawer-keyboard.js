// Below 1220px Material's navigation is a drawer, opened by a <label> that a
// keyboard can neither reach nor press. Make the menu button a real button
// for keyboards and screen readers; move the focus into the drawer when it
// opens; close it with Escape (focus returns to the button) or when the
// focus leaves it. The stylesheet hides the closed drawer, so its links are
// not invisible Tab stops.
(function () {
  var toggle = document.getElementById("__drawer");
  var drawer = document.querySelector(".md-sidebar--primary");
  var button = document.querySelector('label.md-header__button[for="__drawer"]');
  if (!toggle || !drawer || !button) return;

  button.setAttribute("role", "button");
  button.setAttribute("tabindex", "0");
  button.setAttribute("aria-label", "Menu");
  button.setAttribute("aria-expanded", "false");
  button.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      button.click();
    }
  });

  toggle.addEventListener("change", function () {
    button.setAttribute("aria-expanded", String(toggle.checked));
    if (toggle.checked) {
      var first = drawer.querySelector("a[href]");
      if (first) first.focus();
    } else if (drawer.contains(document.activeElement)) {
      button.focus();
    }
  });

  function close() {
    if (toggle.checked) toggle.click();
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });
  document.addEventListener("focusin", function (event) {
    if (toggle.checked && !drawer.contains(event.target) && event.target !== button) close();
  });
})();
