// Below 1220px Material's navigation is a drawer, opened by a <label> that a
// keyboard can neither reach nor press. Put a real <button> in its place (a
// label given role="button" is not allowed: aria-allowed-role), with the
// same icon and look; move the focus into the drawer when it
// opens; close it with Escape (focus returns to the button) or when the
// focus leaves it. The stylesheet hides the closed drawer, so its links are
// not invisible Tab stops.
(function () {
  var toggle = document.getElementById("__drawer");
  var drawer = document.querySelector(".md-sidebar--primary");
  var label = document.querySelector('label.md-header__button[for="__drawer"]');
  if (!toggle || !drawer || !label) return;

  var button = document.createElement("button");
  button.type = "button";
  button.className = label.className + " kb-menu-button";
  button.setAttribute("aria-label", "Menu");
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "__drawer");
  while (label.firstChild) button.appendChild(label.firstChild);
  label.replaceWith(button);
  button.addEventListener("click", function () {
    toggle.click();
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

  // Chromium leaves a focused link that is only partly in view where it is:
  // at the bottom of the drawer's list, half of it under the screen's edge.
  // Bring it fully into view.
  drawer.addEventListener("focusin", function (event) {
    var list = event.target.closest(".md-nav__list");
    while (list && list.scrollHeight <= list.clientHeight) list = list.parentElement.closest(".md-nav__list");
    if (!list) return;
    var box = event.target.getBoundingClientRect(), view = list.getBoundingClientRect();
    var bottom = Math.min(view.bottom, window.innerHeight);
    if (box.bottom > bottom) list.scrollTop += box.bottom - bottom;
    else if (box.top < view.top) list.scrollTop -= view.top - box.top;
  });
})();
