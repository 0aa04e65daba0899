// Copies a certificate's verification link; without this script the link stays in a field to select and copy.
for (const button of document.querySelectorAll('[data-copy]')) {
  if (!navigator.clipboard) {
    continue;
  }

  button.hidden = false;
  button.addEventListener('click', async () => {
    const field = document.getElementById(button.dataset.copy);
    const status = document.querySelector(`[data-copied="${CSS.escape(button.dataset.copy)}"]`);
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = status.dataset.text;
    } catch {
      field.select();
    }
  });
}
