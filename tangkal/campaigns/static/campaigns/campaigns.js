// Campaign pages: a submit button marked data-once is disabled after the first press so a double
// tap sends one request (the server refuses a second launch anyway). Kit text counters update live.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var buttons = form.querySelectorAll("button[data-once]");
    if (!buttons.length) return;
    if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
    form.setAttribute("data-sent", "1");
    buttons.forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
  });
})();
