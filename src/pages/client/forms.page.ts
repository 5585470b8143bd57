/** The facts form: more rows for a list of objects, and the first field with a problem brought into view. */
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-add-row]')) {
  button.addEventListener('click', () => {
    const body = document.querySelector(`table[data-rows="${CSS.escape(button.dataset.addRow ?? '')}"] tbody`);
    const last = body?.lastElementChild;
    if (!body || !last) return;
    const row = last.cloneNode(true) as HTMLElement;
    const index = body.children.length;
    row.dataset.row = String(index);
    for (const input of row.querySelectorAll<HTMLInputElement>('input')) {
      input.name = input.name.replace(/\.\d+\.([^.]+)$/, `.${index}.$1`);
      if (input.type === 'radio' || input.type === 'checkbox') input.checked = false;
      else input.value = '';
    }
    body.appendChild(row);
  });
}
document.querySelector('.field.invalid')?.scrollIntoView({ block: 'center' });
