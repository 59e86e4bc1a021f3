// Remembers the doctor's name in this browser (localStorage), never on the server,
// and fills it in next time. The form works the same with JavaScript off.
(function () {
  "use strict";
  var KEY = "leafletpress.doctor";
  var form = document.querySelector("form");
  var doctor = document.getElementById("doctor");
  var problems = document.getElementById("problems");
  if (problems) { problems.focus(); }
  if (!form || !doctor) { return; }
  try {
    if (!doctor.value) { doctor.value = window.localStorage.getItem(KEY) || ""; }
    form.addEventListener("submit", function () {
      window.localStorage.setItem(KEY, doctor.value.trim());
    });
  } catch (e) {
    // Storage switched off: the doctor types their name each time.
  }
})();
