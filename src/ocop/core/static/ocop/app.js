// Small helpers for the server-rendered pages; every page also works without JavaScript.
document.addEventListener("click", (event) => {
  const choice = event.target.closest("[data-unit-code]");
  if (!choice) return;
  event.preventDefault();
  const picker = choice.closest("[data-unit-picker]");
  if (!picker) return;
  picker.querySelector("[data-unit-field=code]").value = choice.dataset.unitCode;
  picker.querySelector("[data-unit-field=era]").value = choice.dataset.unitEra;
  const chosen = picker.querySelector("[data-unit-chosen]");
  if (chosen) chosen.textContent = choice.dataset.unitLabel;
  const results = picker.querySelector("[data-unit-results]");
  if (results) results.innerHTML = "";
});
