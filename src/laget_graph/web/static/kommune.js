/* The municipality page: a print button (printing works without it, from the browser's menu). */
(function () {
  "use strict";
  var button = document.getElementById("print-page");
  if (!button) { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
