// Live checks of the one-hour practice on the counter-message block; the server checks again on save.
(function () {
  "use strict";
  function words(text) { return text.trim() ? text.trim().split(/\s+/).length : 0; }
  function update() {
    var list = document.getElementById("counter-checks");
    if (!list) return;
    document.querySelectorAll("[data-word-limit]").forEach(function (field) {
      var limit = parseInt(field.getAttribute("data-word-limit"), 10);
      var item = list.querySelector('[data-check="' + field.name + '"]');
      if (!item) return;
      var n = words(field.value);
      item.classList.toggle("ok", n > 0 && n < limit);
      var count = item.querySelector("[data-count]");
      if (count) count.textContent = String(n);
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-word-limit]")) update();
  });
  document.addEventListener("DOMContentLoaded", update);
})();
