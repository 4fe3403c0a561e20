// regiohub — a little enhancement; every page works without it.
// On a phone the filter panel starts folded, so the results come first on screen.
(function () {
  "use strict";
  var panel = document.querySelector("details.filter-panel");
  if (panel && window.matchMedia && window.matchMedia("(max-width: 50rem)").matches) {
    panel.open = false;
  }
})();

// Suggestions while typing in the search box, from /api/v1/suggest, into the <datalist>.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  var list = document.getElementById("vorschlaege");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    var prefix = input.value.trim();
    if (timer) { clearTimeout(timer); }
    if (prefix.length < 2 || prefix === last) { return; }
    timer = setTimeout(function () {
      last = prefix;
      var url = input.getAttribute("data-suggest") + "?limit=8&q=" + encodeURIComponent(prefix);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          list.textContent = "";
          data.suggestions.forEach(function (title) {
            var option = document.createElement("option");
            option.value = title;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are optional */ });
    }, 150);
  });
  document.documentElement.classList.add("js");
})();
