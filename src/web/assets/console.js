// Kyodo web console: the only script. Pages work without it; it only fills a YAML textarea from a chosen file,
// so a secretariat member can upload a ballot file instead of pasting it.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.fills) return;
  const target = document.getElementById(input.dataset.fills);
  const file = input.files && input.files[0];
  if (!target || !file) return;
  file.text().then((text) => {
    target.value = text;
  });
});
